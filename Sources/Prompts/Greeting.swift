import Foundation
public import WorkingDays

/// The public holidays that have their own greeting prompt. Which dates are holidays, and whether a holiday is
/// greeted at all, is data: the holiday calendar (`Prompts/calendar/*.yaml`, WorkingDays) shared with ticket deadlines.
public enum FestiveOccasion: String, CaseIterable, Sendable {
    case newYear = "new_year", springFestival = "spring_festival", qingming, labourDay = "labour_day"
    case dragonBoat = "dragon_boat", midAutumn = "mid_autumn", nationalDay = "national_day"
    /// 国庆节 and 中秋节 falling in one holiday period (2025): 国庆中秋双节快乐.
    case nationalDayAndMidAutumn = "national_day_mid_autumn"

    /// Recognises a holiday by its Chinese name in the calendar data (元旦, 春节, 国庆节、中秋节 …) or a snake_case key.
    public init?(holidayName: String) {
        if holidayName.contains("国庆") && holidayName.contains("中秋") {
            self = .nationalDayAndMidAutumn
            return
        }
        let names: [(String, FestiveOccasion)] = [
            ("元旦", .newYear), ("春节", .springFestival), ("清明", .qingming), ("劳动节", .labourDay),
            ("端午", .dragonBoat), ("中秋", .midAutumn), ("国庆", .nationalDay),
        ]
        if let hit = names.first(where: { holidayName.contains($0.0) }) {
            self = hit.1
        } else if let byKey = FestiveOccasion(rawValue: holidayName.lowercased()) {
            self = byKey
        } else {
            return nil
        }
    }

    /// The occasion's own greeting prompt (清明 has none: a day of remembrance, no 快乐).
    public var greetingID: String? {
        switch self {
        case .newYear: "greeting_new_year"
        case .springFestival: "greeting_spring_festival"
        case .qingming: nil
        case .labourDay: "greeting_labour_day"
        case .dragonBoat: "greeting_dragon_boat"
        case .midAutumn: "greeting_mid_autumn"
        case .nationalDay: "greeting_national_day"
        case .nationalDayAndMidAutumn: "greeting_national_day_mid_autumn"
        }
    }
}

/// Chooses the opening greeting and the closing from the injected local time and the holiday calendar
/// (the engine never reads the wall clock itself).
public enum Greeting {
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

    /// The festive greeting for a holiday: nil when the calendar gives it no greeting (清明节); the holiday's own
    /// prompt when there is one (春节 → greeting_spring_festival); otherwise the generic `greeting_festive`.
    public static func festiveID(for holiday: Holiday) -> String? {
        guard holiday.greeting != nil else { return nil }
        guard let occasion = FestiveOccasion(holidayName: holiday.name) else { return "greeting_festive" }
        return occasion.greetingID ?? "greeting_festive"
    }

    /// The greeting that opens a call: festive on a greeted public holiday, otherwise by time of day.
    /// - Parameter calendar: the holiday calendar; nil = time of day only.
    public static func openingID(at now: WorkingDays.LocalDateTime, calendar: WorkingDayCalendar?) -> String {
        calendar?.holiday(on: now.date).flatMap(festiveID(for:)) ?? timeOfDayID(hour: now.time.hour)
    }

    /// The closing prompt: `goodbye_holiday` (祝您节日愉快) on a greeted public holiday, otherwise `goodbye`.
    public static func goodbyeID(at now: WorkingDays.LocalDateTime, calendar: WorkingDayCalendar?) -> String {
        calendar?.holiday(on: now.date).flatMap(festiveID(for:)) == nil ? "goodbye" : "goodbye_holiday"
    }
}

/// A local date and time as plain numbers, for callers that look holidays up themselves (see
/// ``Greeting/HolidayLookup``). The engine's clock type is `WorkingDays.LocalDateTime`.
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

extension Greeting {
    /// Looks up the public holiday on a date and returns its name (e.g. "春节" or "spring_festival"), nil on an
    /// ordinary day. Prefer the `calendar:` functions, which also honour the calendar's own "no greeting" entries.
    public typealias HolidayLookup = @Sendable (_ year: Int, _ month: Int, _ day: Int) -> String?

    /// The greeted occasion of `now`'s date by holiday name (nil on ordinary days and on 清明).
    public static func occasion(at now: LocalDateTime, holidays: HolidayLookup?) -> FestiveOccasion? {
        holidays?(now.year, now.month, now.day).flatMap(FestiveOccasion.init(holidayName:)).flatMap { $0.greetingID == nil ? nil : $0 }
    }

    /// The opening greeting by holiday name or time of day.
    public static func openingID(at now: LocalDateTime, holidays: HolidayLookup?) -> String {
        occasion(at: now, holidays: holidays)?.greetingID ?? timeOfDayID(hour: now.hour)
    }

    /// The closing prompt by holiday name: `goodbye_holiday` on a greeted holiday, otherwise `goodbye`.
    public static func goodbyeID(at now: LocalDateTime, holidays: HolidayLookup?) -> String {
        occasion(at: now, holidays: holidays) == nil ? "goodbye" : "goodbye_holiday"
    }
}
