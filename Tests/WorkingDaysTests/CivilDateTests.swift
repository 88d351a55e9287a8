import Foundation
import Testing
import WorkingDays

struct CivilDateTests {
    @Test(arguments: [
        ("1970-01-01", 0, Weekday.thursday), ("2000-02-29", 11_016, .tuesday), ("2025-09-26", 20_357, .friday),
        ("2026-02-12", 20_496, .thursday), ("1969-12-31", -1, .wednesday), ("2100-03-01", 47_541, .monday),
    ])
    func dayNumbersAndWeekdays(iso: String, days: Int, weekday: Weekday) {
        let date = d(iso)
        #expect(date.daysSinceEpoch == days)
        #expect(date.weekday == weekday)
        #expect(CivilDate(daysSinceEpoch: days) == date)
        #expect(date.description == iso)
    }

    @Test func roundTripsEveryDayOfFourCenturies() {
        var expected = d("1900-01-01")
        for n in expected.daysSinceEpoch...d("2300-12-31").daysSinceEpoch {
            let date = CivilDate(daysSinceEpoch: n)
            #expect(date == expected)
            #expect(date.daysSinceEpoch == n)
            expected = nextDay(expected)
        }
    }

    private func nextDay(_ x: CivilDate) -> CivilDate {
        if let n = CivilDate(year: x.year, month: x.month, day: x.day + 1) { return n }
        if let n = CivilDate(year: x.year, month: x.month + 1, day: 1) { return n }
        return CivilDate(year: x.year + 1, month: 1, day: 1)!
    }

    @Test(arguments: ["2025-02-29", "2025-13-01", "2025-1-01", "20250101", "2025-04-31", "abcd-ef-gh", ""])
    func rejectsBadDates(text: String) {
        #expect(CivilDate(iso: text) == nil)
    }

    @Test(arguments: [
        ("2025-09-26T10:00:00+08:00", "2025-09-26T10:00:00"),
        ("2025-09-26T02:00:00Z", "2025-09-26T10:00:00"),
        ("2025-09-25T20:30:00-04:00", "2025-09-26T08:30:00"),
        ("2025-12-31T23:59:59", "2025-12-31T23:59:59"),
        ("2025-12-31T16:00:00Z", "2026-01-01T00:00:00"),
        ("2026-02-12", "2026-02-12T00:00:00"),
        ("2026-02-12T09:15", "2026-02-12T09:15:00"),
    ])
    func parsesISO8601IntoChinaStandardTime(text: String, local: String) {
        #expect(LocalDateTime(iso8601: text)?.description == local)
    }

    @Test(arguments: ["2025-09-26T25:00", "2025-09-26T10:00+8", "tomorrow", "2025-09-26T10:00:00+08:00:00"])
    func rejectsBadDateTimes(text: String) {
        #expect(LocalDateTime(iso8601: text) == nil)
    }

    @Test func fieldInitializerClampsInsteadOfTrapping() {
        #expect(LocalDateTime(year: 2025, month: 9, day: 26, hour: 10, minute: 5).description == "2025-09-26T10:05:00")
        let clamped = LocalDateTime(year: 2025, month: 2, day: 31, hour: 25, minute: -1)
        #expect(clamped.description == "2025-02-28T23:00:00")
        #expect((clamped.year, clamped.month, clamped.day, clamped.hour, clamped.minute) == (2025, 2, 28, 23, 0))
    }

    @Test func convertsInstantsBothWays() {
        let instant = Date(timeIntervalSince1970: 1_758_852_000)  // 2025-09-26T02:00:00Z
        let local = LocalDateTime(instant)
        #expect(local.description == "2025-09-26T10:00:00")
        #expect(local.instant == instant)
        #expect(local.iso8601 == "2025-09-26T10:00:00+08:00")
        #expect(LocalDateTime(instant, utcOffsetSeconds: 0).description == "2025-09-26T02:00:00")
    }

    @Test func carriesItsOffset() {
        let instant = Date(timeIntervalSince1970: 1_758_852_000)  // 2025-09-26T02:00:00Z
        let utc = LocalDateTime(instant, utcOffsetSeconds: 0)
        #expect(utc.utcOffsetSeconds == 0)
        #expect(utc.instant == instant)
        #expect(utc.iso8601 == "2025-09-26T02:00:00+00:00")
        let newYork = LocalDateTime(iso8601: "2025-09-26T10:00:00+08:00", utcOffsetSeconds: -4 * 3600)!
        #expect(newYork.description == "2025-09-25T22:00:00")
        #expect(newYork.iso8601 == "2025-09-25T22:00:00-04:00")
        #expect(newYork.instant == instant)
        let later = newYork.adding(seconds: 7_200.9)
        #expect(later.iso8601 == "2025-09-26T00:00:00-04:00")
        #expect(newYork.startOfNextDay.iso8601 == "2025-09-26T00:00:00-04:00")
        #expect(LocalDateTime(instant).startOfNextDay.iso8601 == "2025-09-27T00:00:00+08:00")
        let tokyo = CalendarSettings(utcOffsetSeconds: 9 * 3600)
        #expect(tokyo.localDateTime(at: instant).iso8601 == "2025-09-26T11:00:00+09:00")
        #expect(tokyo.localDateTime(parsing: "2025-09-26T02:00:00Z") == tokyo.localDateTime(at: instant))
    }
}
