import Foundation

/// A local date and time of day, as the injected clock gives it (the engine never reads the wall clock itself).
public struct LocalDateTime: Hashable, Sendable {
    /// Gregorian year, month 1–12, day 1–31.
    public var year: Int, month: Int, day: Int
    /// Hour 0–23 and minute 0–59, local time.
    public var hour: Int, minute: Int

    /// Creates a local date and time.
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
    }
}

/// The public holidays that change the greeting. Which dates they fall on is data (the holiday calendar
/// shared with ticket deadlines), given to ``Greeting`` through a ``Greeting/HolidayLookup``.
public enum FestiveOccasion: String, CaseIterable, Sendable {
    case newYear = "new_year", springFestival = "spring_festival", qingming, labourDay = "labour_day"
    case dragonBoat = "dragon_boat", midAutumn = "mid_autumn", nationalDay = "national_day"

    /// Recognises a holiday name from the calendar data: the Chinese name (春节, 国庆节 …) or the snake_case key.
    /// For a combined name ("国庆节 + 中秋节") the first holiday named wins.
    public init?(holidayName: String) {
        let names: [(String, FestiveOccasion)] = [
            ("元旦", .newYear), ("春节", .springFestival), ("清明", .qingming), ("劳动节", .labourDay),
            ("端午", .dragonBoat), ("中秋", .midAutumn), ("国庆", .nationalDay),
        ]
        let hits = names.compactMap { name, occasion in holidayName.range(of: name).map { ($0.lowerBound, occasion) } }
        if let first = hits.min(by: { $0.0 < $1.0 }) {
            self = first.1
        } else if let byKey = FestiveOccasion(rawValue: holidayName.lowercased()) {
            self = byKey
        } else {
            return nil
        }
    }

    /// The greeting prompt for the day, or nil when the day is a holiday but not a festive one
    /// (清明 is a day of remembrance: no 快乐, no 节日愉快).
    public var greetingID: String? {
        switch self {
        case .newYear: "greeting_new_year"
        case .springFestival: "greeting_spring_festival"
        case .qingming: nil
        case .labourDay: "greeting_labour_day"
        case .dragonBoat: "greeting_dragon_boat"
        case .midAutumn: "greeting_mid_autumn"
        case .nationalDay: "greeting_national_day"
        }
    }
}

/// Chooses the opening greeting and the closing from the injected local time and the holiday calendar.
public enum Greeting {
    /// Looks up the public holiday on a date: returns its name (e.g. "春节", or a key such as "spring_festival"),
    /// or nil on an ordinary day. The ticket calendar (WorkingDays) provides it; tests pass a closure.
    public typealias HolidayLookup = @Sendable (_ year: Int, _ month: Int, _ day: Int) -> String?

    /// The time-of-day greeting: 早上好 05:00–10:59, 中午好 11:00–12:59, 下午好 13:00–17:59,
    /// 晚上好 18:00–23:59, 您好 00:00–04:59.
    public static func timeOfDayID(hour: Int) -> String {
        switch hour {
        case 5..<11: "greeting_morning"
        case 11..<13: "greeting_noon"
        case 13..<18: "greeting_afternoon"
        case 18..<24: "greeting_evening"
        default: "greeting_neutral"
        }
    }

    /// The festive occasion of `now`'s date, if the holiday calendar names one.
    public static func occasion(at now: LocalDateTime, holidays: HolidayLookup?) -> FestiveOccasion? {
        holidays?(now.year, now.month, now.day).flatMap(FestiveOccasion.init(holidayName:))
    }

    /// The greeting that opens a call: the festive greeting on a festive public holiday, otherwise by time of day.
    public static func openingID(at now: LocalDateTime, holidays: HolidayLookup?) -> String {
        occasion(at: now, holidays: holidays)?.greetingID ?? timeOfDayID(hour: now.hour)
    }

    /// The closing prompt: `goodbye_holiday` on a festive public holiday, otherwise `goodbye`.
    public static func goodbyeID(at now: LocalDateTime, holidays: HolidayLookup?) -> String {
        occasion(at: now, holidays: holidays)?.greetingID == nil ? "goodbye" : "goodbye_holiday"
    }
}
