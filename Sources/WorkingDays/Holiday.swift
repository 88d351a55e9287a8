/// A statutory holiday period (法定节假日) as declared for one year: its days off and make-up working days.
public struct Holiday: Hashable, Sendable, CustomStringConvertible {
    /// The Chinese name, e.g. "春节" (spoken and shown as is).
    public let name: String
    /// The festive greeting for the days off themselves, e.g. "春节好"; `nil` when the holiday has none
    /// (清明节 is a day of remembrance, not of "happy" greetings).
    public let greeting: String?
    /// The first day off.
    public let firstDay: CivilDate
    /// The last day off (inclusive).
    public let lastDay: CivilDate
    /// Weekend days declared working days to make up for this holiday (调休上班).
    public let makeUpWorkingDays: [CivilDate]

    /// Creates a holiday period.
    public init(name: String, greeting: String?, firstDay: CivilDate, lastDay: CivilDate, makeUpWorkingDays: [CivilDate]) {
        self.name = name
        self.greeting = greeting
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.makeUpWorkingDays = makeUpWorkingDays
    }

    /// Every day off, in order.
    public var daysOff: [CivilDate] {
        (firstDay.daysSinceEpoch...lastDay.daysSinceEpoch).map(CivilDate.init(daysSinceEpoch:))
    }

    /// `春节 2025-01-28…2025-02-04`.
    public var description: String { "\(name) \(firstDay)…\(lastDay)" }
}

/// What kind of day a date is, and why.
public enum DayKind: Hashable, Sendable {
    /// An ordinary Monday–Friday working day.
    case workday
    /// An ordinary Saturday or Sunday.
    case weekend
    /// A statutory day off.
    case holiday(Holiday)
    /// A weekend day declared a working day (调休上班) to make up for a holiday.
    case makeUpWorkday(Holiday)
    /// The year has no calendar file: Monday–Friday are taken as working days (see ``CalendarWarning``).
    case unknownYear(isWeekend: Bool)

    /// Whether the hotline's back office works on that day.
    public var isWorkingDay: Bool {
        switch self {
        case .workday, .makeUpWorkday: return true
        case .weekend, .holiday: return false
        case .unknownYear(let isWeekend): return !isWeekend
        }
    }
}

/// Something the caller of the calendar API should log: the answer is usable but rests on a fallback.
public enum CalendarWarning: Hashable, Sendable, CustomStringConvertible {
    /// No calendar file covers `year`: Monday–Friday were taken as working days, holidays ignored.
    case yearNotLoaded(Int)

    /// One line for the operator's log.
    public var description: String {
        switch self {
        case .yearNotLoaded(let year):
            return "no holiday calendar for \(year): counted Monday-Friday as working days; add Prompts/calendar/\(year).yaml"
        }
    }
}

/// A reply deadline and the warnings met while counting it.
public struct DueDate: Hashable, Sendable, CustomStringConvertible {
    /// The last day of the deadline: the reply is due by the end of this day.
    public let date: CivilDate
    /// The day the count started from (the call's day, or the next working day for a call outside hours);
    /// it does not count itself.
    public let receivedOn: CivilDate
    /// Fallbacks used while counting (log them); empty when every day came from a calendar file.
    public let warnings: [CalendarWarning]

    /// Creates a result.
    public init(date: CivilDate, receivedOn: CivilDate, warnings: [CalendarWarning]) {
        self.date = date
        self.receivedOn = receivedOn
        self.warnings = warnings
    }

    /// The date, `YYYY-MM-DD`.
    public var description: String { date.description }
}
