import Foundation
import Prompts
import Testing
import WorkingDays

/// Greetings from the injected clock and the shipped holiday calendar (Prompts/calendar).
struct GreetingTests {
    static let calendar = try? WorkingDayCalendar.load(directory: Fixtures.promptsDirectory + "/calendar")

    static func at(_ iso: String) -> WorkingDays.LocalDateTime {
        guard let t = WorkingDays.LocalDateTime(iso8601: iso) else { preconditionFailure("bad test time \(iso)") }
        return t
    }

    @Test(arguments: [(5, "greeting_morning"), (10, "greeting_morning"), (11, "greeting_noon"), (12, "greeting_noon"),
                      (13, "greeting_afternoon"), (17, "greeting_afternoon"), (18, "greeting_evening"), (23, "greeting_evening"),
                      (0, "greeting_neutral"), (4, "greeting_neutral")])
    func timeOfDay(hour: Int, id: String) {
        let now = Self.at(String(format: "2025-09-30T%02d:30:00+08:00", hour))
        #expect(Greeting.openingID(at: now, calendar: Self.calendar) == id)
        #expect(Greeting.goodbyeID(at: now, calendar: Self.calendar) == "goodbye")
    }

    @Test(arguments: [
        ("2026-02-17T09:00:00+08:00", "greeting_spring_festival", "goodbye_holiday"),
        ("2025-01-01T15:00:00+08:00", "greeting_new_year", "goodbye_holiday"),
        ("2025-10-06T09:00:00+08:00", "greeting_national_day_mid_autumn", "goodbye_holiday"),
        ("2026-10-02T09:00:00+08:00", "greeting_national_day", "goodbye_holiday"),
        ("2026-09-26T09:00:00+08:00", "greeting_mid_autumn", "goodbye_holiday"),
        ("2026-06-19T09:00:00+08:00", "greeting_dragon_boat", "goodbye_holiday"),
        ("2025-04-05T09:00:00+08:00", "greeting_morning", "goodbye"),       // 清明节: no festive greeting
        ("2025-09-28T14:00:00+08:00", "greeting_afternoon", "goodbye"),     // a make-up working Sunday
    ])
    func holidaysComeFromTheCalendarData(iso: String, opening: String, closing: String) throws {
        #expect(Self.calendar != nil)
        #expect(Greeting.openingID(at: Self.at(iso), calendar: Self.calendar) == opening)
        #expect(Greeting.goodbyeID(at: Self.at(iso), calendar: Self.calendar) == closing)
    }

    @Test func unknownGreetedHolidayUsesTheGenericFestivePrompt() throws {
        let day = try #require(CivilDate(year: 2030, month: 3, day: 8))
        let holiday = Holiday(name: "某地方节日", greeting: "节日快乐", firstDay: day, lastDay: day, makeUpWorkingDays: [])
        #expect(Greeting.festiveID(for: holiday) == "greeting_festive")
        let silent = Holiday(name: "春节", greeting: nil, firstDay: day, lastDay: day, makeUpWorkingDays: [])
        #expect(Greeting.festiveID(for: silent) == nil)
    }

    @Test func withoutACalendarTheClockDecides() {
        #expect(Greeting.openingID(at: Self.at("2026-02-17T14:00:00+08:00"), calendar: nil) == "greeting_afternoon")
    }

    @Test func everyGreetingIDIsAPrompt() throws {
        let m = try Fixtures.shippedManifest()
        let ids = FestiveOccasion.allCases.compactMap(\.greetingID) + (0..<24).map(Greeting.timeOfDayID(hour:))
            + ["greeting_festive", "goodbye", "goodbye_holiday"]
        for id in ids { #expect(m.entry(id) != nil, "\(id)") }
    }

    @Test func holidayNameLookupForCallersWithoutACalendar() {
        let lookup: Greeting.HolidayLookup = { y, m, d in (y, m, d) == (2026, 2, 17) ? "春节" : (y, m, d) == (2026, 4, 5) ? "清明节" : nil }
        let spring = Prompts.LocalDateTime(year: 2026, month: 2, day: 17, hour: 9)
        let qingming = Prompts.LocalDateTime(year: 2026, month: 4, day: 5, hour: 14)
        #expect(Greeting.openingID(at: spring, holidays: lookup) == "greeting_spring_festival")
        #expect(Greeting.goodbyeID(at: spring, holidays: lookup) == "goodbye_holiday")
        #expect(Greeting.openingID(at: qingming, holidays: lookup) == "greeting_afternoon")
        #expect(Greeting.occasion(at: qingming, holidays: lookup) == nil)
        #expect(Greeting.goodbyeID(at: qingming, holidays: lookup) == "goodbye")
    }

    @Test func openingSentence() throws {
        let s = PromptSentences(manifest: try Fixtures.shippedManifest())
        let items = s.opening(at: Self.at("2026-02-17T09:00:00+08:00"), calendar: Self.calendar)
        #expect(items.promptIDs == ["greeting_spring_festival", "welcome", "recording_notice"])
        #expect(items.text == "春节好，欢迎拨打12333人力资源社会保障咨询服务热线。您好，为保证服务质量，本次通话可能将被录音，敬请谅解。")
    }
}
