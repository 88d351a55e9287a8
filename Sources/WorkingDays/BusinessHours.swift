/// The hours agents answer on working days, as half-open sessions `[start, end)` of local time.
///
/// Default (national-menu): 08:30–12:00 and 13:30–17:30 on working days by the holiday calendar.
public struct BusinessHours: Hashable, Sendable, CustomStringConvertible {
    /// One session of the day, `start` inclusive, `end` exclusive.
    public struct Session: Hashable, Sendable, CustomStringConvertible {
        /// When the session opens.
        public let start: TimeOfDay
        /// When it closes (not included).
        public let end: TimeOfDay

        /// Creates a session; `nil` unless `start < end`.
        public init?(start: TimeOfDay, end: TimeOfDay) {
            guard start < end else { return nil }
            self.start = start
            self.end = end
        }

        /// `08:30-12:00`.
        public var description: String { "\(start)-\(end)" }
    }

    /// The sessions of a working day, in order and not overlapping.
    public let sessions: [Session]

    /// Creates business hours; `nil` when the sessions are empty, unordered or overlapping.
    public init?(sessions: [Session]) {
        guard !sessions.isEmpty, zip(sessions, sessions.dropFirst()).allSatisfy({ $0.end <= $1.start }) else { return nil }
        self.sessions = sessions
    }

    /// 08:30–12:00 and 13:30–17:30.
    public static let standard = BusinessHours(sessions: [
        Session(start: TimeOfDay(hour: 8, minute: 30)!, end: TimeOfDay(hour: 12, minute: 0)!)!,
        Session(start: TimeOfDay(hour: 13, minute: 30)!, end: TimeOfDay(hour: 17, minute: 30)!)!,
    ])!

    /// Whether agents answer at `moment`: a working day by `calendar` and inside a session.
    public func isOpen(at moment: LocalDateTime, calendar: WorkingDayCalendar) -> Bool {
        calendar.isWorkingDay(moment.date) && isInsideSession(moment.time)
    }

    /// Whether a time of day falls inside a session (ignoring the date).
    public func isInsideSession(_ time: TimeOfDay) -> Bool {
        sessions.contains { $0.start <= time && time < $0.end }
    }

    /// Whether a time of day is at or after the close of the last session.
    public func isAfterClosing(_ time: TimeOfDay) -> Bool { time >= sessions[sessions.count - 1].end }

    /// The next moment agents answer, at or after `moment` (searching at most 400 days ahead).
    public func nextOpening(from moment: LocalDateTime, calendar: WorkingDayCalendar) -> LocalDateTime? {
        if isOpen(at: moment, calendar: calendar) { return moment }
        var day = moment.date
        for offset in 0..<400 {
            if offset > 0 { day = day.adding(days: 1) }
            guard calendar.isWorkingDay(day) else { continue }
            for s in sessions where offset > 0 || s.start > moment.time {
                return LocalDateTime(date: day, time: s.start, utcOffsetSeconds: moment.utcOffsetSeconds)
            }
        }
        return nil
    }

    /// The schedule in Chinese for the out-of-hours prompt, digits left for the verbaliser,
    /// e.g. `工作日8点30分至12点、13点30分至17点30分`.
    public var chineseDescription: String {
        func spoken(_ t: TimeOfDay) -> String { t.minute == 0 ? "\(t.hour)点" : "\(t.hour)点\(t.minute)分" }
        return "工作日" + sessions.map { "\(spoken($0.start))至\(spoken($0.end))" }.joined(separator: "、")
    }

    /// `working days 08:30-12:00, 13:30-17:30`.
    public var description: String {
        "working days " + sessions.map(\.description).joined(separator: ", ")
    }
}
