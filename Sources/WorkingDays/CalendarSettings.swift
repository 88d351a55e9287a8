public import Foundation
import Yams

/// The hotline's time settings from `business-hours.yaml`: agent hours, the local UTC offset and the reply
/// deadline in working days per ticket kind.
///
/// ```yaml
/// utc_offset: "+08:00"
/// sessions: ["08:30-12:00", "13:30-17:30"]
/// reply_working_days:
///   default: 3
///   voicemail: 3
/// ```
public struct CalendarSettings: Hashable, Sendable {
    /// When agents answer on working days.
    public var businessHours: BusinessHours
    /// The local time zone as seconds east of UTC (China Standard Time, 28 800, by default).
    public var utcOffsetSeconds: Int
    /// Reply deadline in working days when a kind has no entry of its own.
    public var defaultReplyWorkingDays: Int
    /// Reply deadline in working days per ticket kind (`voicemail`, `complaint`, `document`).
    public var replyWorkingDaysByKind: [String: Int]

    /// The defaults: standard hours, UTC+8, 3 working days for every kind.
    public init(businessHours: BusinessHours = .standard, utcOffsetSeconds: Int = LocalDateTime.chinaStandardOffsetSeconds,
                defaultReplyWorkingDays: Int = 3, replyWorkingDaysByKind: [String: Int] = [:]) {
        self.businessHours = businessHours
        self.utcOffsetSeconds = utcOffsetSeconds
        self.defaultReplyWorkingDays = defaultReplyWorkingDays
        self.replyWorkingDaysByKind = replyWorkingDaysByKind
    }

    /// The hotline's local date-time of an instant (carrying ``utcOffsetSeconds``).
    public func localDateTime(at instant: Date) -> LocalDateTime { LocalDateTime(instant, utcOffsetSeconds: utcOffsetSeconds) }

    /// Parses an ISO 8601 date-time into the hotline's local date-time; see ``LocalDateTime/parse(_:utcOffsetSeconds:)``.
    public func localDateTime(parsing text: String) -> LocalDateTime? {
        LocalDateTime.parse(text, utcOffsetSeconds: utcOffsetSeconds)?.local
    }

    /// The reply deadline in working days for a ticket kind.
    public func replyWorkingDays(for kind: String) -> Int { replyWorkingDaysByKind[kind] ?? defaultReplyWorkingDays }

    /// Loads the settings file; absent keys keep their defaults.
    /// - Throws: ``CalendarLoadError`` naming the file and line.
    public static func load(path: String) throws -> CalendarSettings {
        let doc = try YAMLFile(path: path)
        let root = try doc.mapping(doc.root, what: "the file")
        var settings = CalendarSettings()
        if let node = root["utc_offset"] {
            let text = try doc.scalar(node, what: "utc_offset")
            guard let seconds = parseOffset(text) else {
                throw doc.error(node.mark, "utc_offset \"\(text)\" is not like \"+08:00\"")
            }
            settings.utcOffsetSeconds = seconds
        }
        if let node = root["sessions"] {
            var sessions: [BusinessHours.Session] = []
            for item in try doc.sequence(node, what: "sessions") {
                let text = try doc.scalar(item, what: "a session")
                let parts = text.split(separator: "-")
                guard parts.count == 2, let a = TimeOfDay(parsing: parts[0].trimmingCharacters(in: .whitespaces)),
                      let b = TimeOfDay(parsing: parts[1].trimmingCharacters(in: .whitespaces)),
                      let s = BusinessHours.Session(start: a, end: b) else {
                    throw doc.error(item.mark, "session \"\(text)\" is not like \"08:30-12:00\" (start before end)")
                }
                sessions.append(s)
            }
            guard let hours = BusinessHours(sessions: sessions) else {
                throw doc.error(node.mark, "sessions must be at least one, in order, not overlapping")
            }
            settings.businessHours = hours
        }
        if let node = root["reply_working_days"] {
            let map = try doc.mapping(node, what: "reply_working_days")
            for (key, value) in map {
                let k = try doc.scalar(key, what: "a ticket kind")
                guard let n = Int(try doc.scalar(value, what: k)), (0...60).contains(n) else {
                    throw doc.error(value.mark, "reply_working_days.\(k) must be a whole number of working days, 0-60")
                }
                if k == "default" { settings.defaultReplyWorkingDays = n } else { settings.replyWorkingDaysByKind[k] = n }
            }
        }
        return settings
    }

    static func parseOffset(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let sign = t.first, sign == "+" || sign == "-" else { return nil }
        let digits = t.dropFirst().replacingOccurrences(of: ":", with: "")
        guard digits.count == 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let h = Int(digits.prefix(2)), let m = Int(digits.suffix(2)), h <= 14, m <= 59 else { return nil }
        return (sign == "-" ? -1 : 1) * (h * 3600 + m * 60)
    }
}
