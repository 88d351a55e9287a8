public import Foundation

/// A wall-clock time of day, to the second.
public struct TimeOfDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since local midnight, 0 ..< 86 400.
    public let secondsSinceMidnight: Int

    /// Creates a time; `nil` when out of range (hour 0–23, minute 0–59, second 0–59).
    public init?(hour: Int, minute: Int, second: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        secondsSinceMidnight = hour * 3600 + minute * 60 + second
    }

    /// Creates a time from seconds since midnight (taken modulo one day).
    public init(secondsSinceMidnight: Int) {
        self.secondsSinceMidnight = ((secondsSinceMidnight % 86_400) + 86_400) % 86_400
    }

    /// Parses `HH:MM` or `HH:MM:SS` (24-hour clock).
    public init?(parsing text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        let s = parts.count == 3 ? Int(parts[2]) : 0
        guard let s else { return nil }
        self.init(hour: h, minute: m, second: s)
    }

    /// The hour, 0–23.
    public var hour: Int { secondsSinceMidnight / 3600 }
    /// The minute, 0–59.
    public var minute: Int { secondsSinceMidnight / 60 % 60 }
    /// The second, 0–59.
    public var second: Int { secondsSinceMidnight % 60 }

    /// `HH:MM` (or `HH:MM:SS` when the seconds are not zero).
    public var description: String {
        let hm = (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
        return second == 0 ? hm : hm + ":" + (second < 10 ? "0" : "") + String(second)
    }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.secondsSinceMidnight < rhs.secondsSinceMidnight }
}

/// A local date and time (wall clock in the hotline's time zone, China Standard Time by default) with the UTC
/// offset of that wall clock, so that ``instant`` and ``iso8601`` need nothing more.
///
/// Nothing in this module reads the clock: callers convert their injected "now" with
/// ``init(_:utcOffsetSeconds:)`` or parse it with ``init(iso8601:utcOffsetSeconds:)``, usually through
/// ``CalendarSettings/localDateTime(at:)``, which takes the hotline's configured offset.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// China Standard Time: UTC+8, in seconds.
    public static let chinaStandardOffsetSeconds = 8 * 3600

    /// The local date.
    public let date: CivilDate
    /// The local time of day.
    public let time: TimeOfDay
    /// The offset of this wall clock from UTC, in seconds east (China Standard Time, 28 800, by default).
    public let utcOffsetSeconds: Int

    /// Combines a date and a time of day at a UTC offset (seconds east; default UTC+8).
    public init(date: CivilDate, time: TimeOfDay, utcOffsetSeconds: Int = LocalDateTime.chinaStandardOffsetSeconds) {
        self.date = date
        self.time = time
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// Creates a local date-time from its fields; out-of-range fields are clamped (month to 1–12, day to the
    /// month's length, hour 0–23, minute and second 0–59), so a caller's arithmetic slip never traps.
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                utcOffsetSeconds: Int = LocalDateTime.chinaStandardOffsetSeconds) {
        let m = min(max(month, 1), 12)
        let d = min(max(day, 1), CivilDate.daysIn(month: m, year: year))
        date = CivilDate(year: year, month: m, day: d)!
        time = TimeOfDay(hour: min(max(hour, 0), 23), minute: min(max(minute, 0), 59), second: min(max(second, 0), 59))!
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// The year (shortcut for `date.year`).
    public var year: Int { date.year }
    /// The month 1–12.
    public var month: Int { date.month }
    /// The day of the month.
    public var day: Int { date.day }
    /// The hour 0–23.
    public var hour: Int { time.hour }
    /// The minute 0–59.
    public var minute: Int { time.minute }

    /// The local wall-clock time of an instant, at a fixed offset from UTC (seconds east; default UTC+8).
    public init(_ instant: Date, utcOffsetSeconds: Int = LocalDateTime.chinaStandardOffsetSeconds) {
        let local = Int(instant.timeIntervalSince1970.rounded(.down)) + utcOffsetSeconds
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        date = CivilDate(daysSinceEpoch: days)
        time = TimeOfDay(secondsSinceMidnight: local - days * 86_400)
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// Parses ISO 8601 `YYYY-MM-DDTHH:MM[:SS][.fff][Z|±HH:MM]` (or a plain `YYYY-MM-DD`, taken as local midnight).
    /// A time with an offset is converted to the local offset `utcOffsetSeconds`; one without is taken as local
    /// time already. The result carries `utcOffsetSeconds`.
    public init?(iso8601 text: String, utcOffsetSeconds: Int = LocalDateTime.chinaStandardOffsetSeconds) {
        guard let instant = LocalDateTime.parse(text, utcOffsetSeconds: utcOffsetSeconds) else { return nil }
        self = instant.local
    }

    /// The instant this local time denotes at its UTC offset.
    public var instant: Date {
        Date(timeIntervalSince1970: TimeInterval(date.daysSinceEpoch * 86_400 + time.secondsSinceMidnight - utcOffsetSeconds))
    }

    /// The local time `seconds` later (or earlier, when negative), at the same offset; fractions of the resulting
    /// second are dropped, as in ``init(_:utcOffsetSeconds:)``.
    public func adding(seconds: TimeInterval) -> LocalDateTime {
        LocalDateTime(instant.addingTimeInterval(seconds), utcOffsetSeconds: utcOffsetSeconds)
    }

    /// Local midnight at the start of the next day, at the same offset.
    public var startOfNextDay: LocalDateTime {
        LocalDateTime(date: date.adding(days: 1), time: TimeOfDay(secondsSinceMidnight: 0), utcOffsetSeconds: utcOffsetSeconds)
    }

    /// `YYYY-MM-DDTHH:MM:SS`, local time.
    public var description: String {
        let t = TimeOfDay(secondsSinceMidnight: time.secondsSinceMidnight)
        let hms = t.second == 0 ? t.description + ":00" : t.description
        return date.description + "T" + hms
    }

    /// ISO 8601 with the offset, e.g. `2025-09-26T10:00:00+08:00`.
    public var iso8601: String {
        let sign = utcOffsetSeconds < 0 ? "-" : "+"
        let off = abs(utcOffsetSeconds)
        let hh = off / 3600, mm = off / 60 % 60
        return description + sign + (hh < 10 ? "0" : "") + String(hh) + ":" + (mm < 10 ? "0" : "") + String(mm)
    }

    /// Wall-clock order (the values of one hotline share one offset); the offset breaks ties.
    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.time, lhs.utcOffsetSeconds) < (rhs.date, rhs.time, rhs.utcOffsetSeconds)
    }

    /// Parses an ISO 8601 date-time into an instant; see ``init(iso8601:utcOffsetSeconds:)``.
    /// - Returns: the instant and its local wall-clock time at `utcOffsetSeconds`, or `nil` when malformed.
    public static func parse(_ text: String, utcOffsetSeconds: Int = chinaStandardOffsetSeconds)
        -> (instant: Date, local: LocalDateTime)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let datePart: Substring
        var rest: Substring = ""
        if let t = trimmed.firstIndex(where: { $0 == "T" || $0 == " " }) {
            datePart = trimmed[..<t]
            rest = trimmed[trimmed.index(after: t)...]
        } else {
            datePart = Substring(trimmed)
        }
        guard let date = CivilDate(iso: datePart) else { return nil }
        var offset: Int? = nil
        var timeText = rest
        if rest.hasSuffix("Z") || rest.hasSuffix("z") {
            offset = 0
            timeText = rest.dropLast()
        } else if let signIndex = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let off = rest[rest.index(after: signIndex)...].replacingOccurrences(of: ":", with: "")
            guard off.count == 4 || off.count == 2, off.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let hh = Int(off.prefix(2)), let mm = Int(off.count == 4 ? off.suffix(2) : "0"),
                  hh <= 23, mm <= 59 else { return nil }
            offset = (rest[signIndex] == "-" ? -1 : 1) * (hh * 3600 + mm * 60)
            timeText = rest[..<signIndex]
        }
        var time = TimeOfDay(secondsSinceMidnight: 0)
        if !timeText.isEmpty {
            let whole = timeText.split(separator: ".", maxSplits: 1).first ?? ""
            guard let parsed = TimeOfDay(parsing: whole) else { return nil }
            time = parsed
        }
        let instant = LocalDateTime(date: date, time: time, utcOffsetSeconds: offset ?? utcOffsetSeconds).instant
        return (instant, LocalDateTime(instant, utcOffsetSeconds: utcOffsetSeconds))
    }
}
