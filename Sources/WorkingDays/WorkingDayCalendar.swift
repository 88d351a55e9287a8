/// The Chinese working-day calendar: weekends off except make-up working days (调休上班), statutory holidays off.
///
/// Built from one data file per year (see ``load(directory:)``). Years without a file fall back to
/// Monday–Friday, and every API that can meet such a year says so with a ``CalendarWarning``; nothing traps.
public struct WorkingDayCalendar: Sendable {
    /// The years that have a calendar file, ascending.
    public let years: [Int]
    /// All holiday periods, in date order.
    public let holidays: [Holiday]
    private let daysOff: [CivilDate: Holiday]
    private let makeUpDays: [CivilDate: Holiday]
    private let yearSet: Set<Int>

    /// Builds a calendar from holiday periods; `years` are the years the data fully covers.
    /// - Throws: ``CalendarLoadError`` when a day is both off and a make-up day, or a make-up day is not a weekend day.
    public init(years: [Int], holidays: [Holiday]) throws {
        var off: [CivilDate: Holiday] = [:]
        var makeUp: [CivilDate: Holiday] = [:]
        for holiday in holidays {
            guard holiday.firstDay <= holiday.lastDay else {
                throw CalendarLoadError(file: nil, line: nil, message: "\(holiday.name): first day \(holiday.firstDay) is after last day \(holiday.lastDay)")
            }
            for day in holiday.daysOff {
                if let other = off[day] {
                    throw CalendarLoadError(file: nil, line: nil, message: "\(day) is a day off of both \(other.name) and \(holiday.name)")
                }
                off[day] = holiday
            }
            for day in holiday.makeUpWorkingDays {
                guard day.isWeekend else {
                    throw CalendarLoadError(file: nil, line: nil, message: "\(holiday.name): make-up working day \(day) is a \(day.weekday), not a weekend day")
                }
                makeUp[day] = holiday
            }
        }
        if let clash = makeUp.keys.first(where: { off[$0] != nil }) {
            throw CalendarLoadError(file: nil, line: nil, message: "\(clash) is declared both a day off and a make-up working day")
        }
        self.years = Array(Set(years)).sorted()
        self.yearSet = Set(years)
        self.holidays = holidays.sorted { $0.firstDay < $1.firstDay }
        self.daysOff = off
        self.makeUpDays = makeUp
    }

    /// Whether a calendar file covers `year`.
    public func covers(year: Int) -> Bool { yearSet.contains(year) }

    /// What kind of day `date` is.
    public func kind(of date: CivilDate) -> DayKind {
        if let h = daysOff[date] { return .holiday(h) }
        if let h = makeUpDays[date] { return .makeUpWorkday(h) }
        guard covers(year: date.year) else { return .unknownYear(isWeekend: date.isWeekend) }
        return date.isWeekend ? .weekend : .workday
    }

    /// Whether `date` is a working day (Monday–Friday for a year without a file: check ``covers(year:)``).
    public func isWorkingDay(_ date: CivilDate) -> Bool { kind(of: date).isWorkingDay }

    /// The statutory holiday `date` is a day off of, for the festive greeting on the day itself; `nil` otherwise
    /// (make-up working days are not festive).
    public func holiday(on date: CivilDate) -> Holiday? { daysOff[date] }

    /// The first working day strictly after `date`, and a warning when a year without a file was crossed.
    public func nextWorkingDay(after date: CivilDate) -> (date: CivilDate, warnings: [CalendarWarning]) {
        var day = date
        var warnings: [CalendarWarning] = []
        // A run of days off is never longer than a few weeks; 400 days bounds even a corrupt file.
        for _ in 0..<400 {
            day = day.adding(days: 1)
            if !covers(year: day.year), !warnings.contains(.yearNotLoaded(day.year)) { warnings.append(.yearNotLoaded(day.year)) }
            if isWorkingDay(day) { return (day, warnings) }
        }
        return (day, warnings)
    }

    /// The reply deadline: the `workingDays`-th working day counted for the call.
    ///
    /// Rules (calendar-cn): a call on a working day inside or before the business hours (or in the lunch break) is
    /// received that day, and the day of the call does not count: the count starts the working day after it. A
    /// call on a day off, or after the last session of a working day, "starts the count on the next working day":
    /// that day is day 1 (so Friday 17:00 and Friday 22:00 share a deadline). Years without a calendar file count
    /// Monday–Friday and add a ``CalendarWarning`` to the result.
    /// - Parameters:
    ///   - moment: the local date-time of the call (from the injected clock).
    ///   - workingDays: N, at least 0 (0 gives the day the call is received).
    ///   - businessHours: the hours that decide whether a call came "outside working hours".
    public func dueDate(from moment: LocalDateTime, workingDays: Int, businessHours: BusinessHours = .standard) -> DueDate {
        var warnings: [CalendarWarning] = []
        func note(_ w: [CalendarWarning]) { for x in w where !warnings.contains(x) { warnings.append(x) } }
        if !covers(year: moment.date.year) { note([.yearNotLoaded(moment.date.year)]) }
        var received = moment.date
        var remaining = max(0, workingDays)
        let workingToday = isWorkingDay(moment.date)
        if !workingToday || businessHours.isAfterClosing(moment.time) {
            let next = nextWorkingDay(after: moment.date)
            note(next.warnings)
            received = next.date
            remaining = max(0, remaining - 1)  // the next working day is day 1
        }
        var due = received
        for _ in 0..<remaining {
            let next = nextWorkingDay(after: due)
            note(next.warnings)
            due = next.date
        }
        return DueDate(date: due, receivedOn: received, warnings: warnings)
    }

    /// Counts working days in `(from, to]`: how many working days of a deadline have elapsed by `to`.
    public func workingDays(after from: CivilDate, through to: CivilDate) -> Int {
        guard from < to else { return 0 }
        var n = 0
        var d = from
        while d < to {
            d = d.adding(days: 1)
            if isWorkingDay(d) { n += 1 }
        }
        return n
    }
}
