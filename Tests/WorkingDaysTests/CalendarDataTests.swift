import Foundation
import Testing
import WorkingDays

struct CalendarDataTests {
    /// Working days per year, counted independently from the State Council notices.
    @Test(arguments: [(2025, 248, 5), (2026, 248, 6)])
    func shipsTwoYears(year: Int, workingDays: Int, makeUpDays: Int) {
        #expect(shipped.years == [2025, 2026])
        let days = (d("\(year)-01-01").daysSinceEpoch...d("\(year)-12-31").daysSinceEpoch).map(CivilDate.init(daysSinceEpoch:))
        #expect(days.filter { shipped.isWorkingDay($0) }.count == workingDays)
        #expect(days.filter { $0.isWeekend && shipped.isWorkingDay($0) }.count == makeUpDays)
    }

    @Test(arguments: [
        ("2025-01-01", "元旦", "新年好"), ("2025-01-29", "春节", "春节好"), ("2025-10-06", "国庆节、中秋节", "国庆中秋双节快乐"),
        ("2026-02-15", "春节", "春节好"), ("2026-10-01", "国庆节", "国庆快乐"), ("2026-09-25", "中秋节", "中秋快乐"),
    ])
    func holidaysCarryTheirGreeting(date: String, name: String, greeting: String) {
        let h = shipped.holiday(on: d(date))
        #expect(h?.name == name)
        #expect(h?.greeting == greeting)
        #expect(!shipped.isWorkingDay(d(date)))
    }

    @Test func remembranceDayHasNoGreetingAndMakeUpDaysAreNotFestive() {
        #expect(shipped.holiday(on: d("2025-04-04"))?.name == "清明节")
        #expect(shipped.holiday(on: d("2025-04-04"))?.greeting == nil)
        #expect(shipped.holiday(on: d("2025-09-28")) == nil)
        #expect(shipped.kind(of: d("2025-09-28")) == .makeUpWorkday(shipped.holiday(on: d("2025-10-01"))!))
    }

    @Test(arguments: [
        ("2025-09-28", true), ("2025-09-27", false), ("2025-10-08", false), ("2025-10-09", true), ("2025-10-11", true),
        ("2026-02-14", true), ("2026-02-23", false), ("2026-02-28", true), ("2026-01-04", true), ("2026-05-09", true),
        ("2026-03-02", true), ("2026-03-07", false),
    ])
    func workingDays(date: String, working: Bool) {
        #expect(shipped.isWorkingDay(d(date)) == working)
    }

    @Test func operatorAddsAYearByDroppingAFile() throws {
        let dir = temporaryFolder()
        for y in ["2025", "2026"] {
            try FileManager.default.copyItem(atPath: shippedCalendarFolder + "/\(y).yaml", toPath: dir + "/\(y).yaml")
        }
        try "year: 2027\nholidays:\n  - name: 元旦\n    greeting: 新年好\n    first: 2027-01-01\n".write(toFile: dir + "/2027.yaml", atomically: true, encoding: .utf8)
        try "not a calendar".write(toFile: dir + "/README.txt", atomically: true, encoding: .utf8)
        let cal = try WorkingDayCalendar.load(directory: dir)
        #expect(cal.years == [2025, 2026, 2027])
        #expect(!cal.isWorkingDay(d("2027-01-01")))
        #expect(cal.dueDate(from: at("2026-12-31T10:00"), workingDays: 1).date == d("2027-01-04"))
        #expect(cal.dueDate(from: at("2026-12-31T10:00"), workingDays: 1).warnings.isEmpty)
    }

    @Test(arguments: [
        ("year: 2027\nholidays:\n  - name: 元旦\n    first: 2027-13-01\n", 4, "is not a date"),
        ("year: 2027\nholidays:\n  - name: 元旦\n    first: 2027-01-01\n    make_up_working_days: [2027-01-05]\n", 5, "only a Saturday or Sunday"),
        ("year: 2028\nholidays: []\n", 1, "does not match the file name"),
        ("year: 2027\nholidays:\n  - first: 2027-01-01\n", 3, "without `name`"),
        ("year: 2027\nholidays: [\n", 3, "not valid YAML"),
        ("year: 2027\nholidays:\n  - name: 春节\n    first: 2027-02-10\n    last: 2027-02-01\n", 4, "after last day"),
    ])
    func loadErrorsNameTheFileAndLine(yaml: String, line: Int, fragment: String) throws {
        let dir = temporaryFolder()
        try yaml.write(toFile: dir + "/2027.yaml", atomically: true, encoding: .utf8)
        let error = #expect(throws: CalendarLoadError.self) { try WorkingDayCalendar.load(directory: dir) }
        #expect(error?.file == dir + "/2027.yaml")
        #expect(error?.line == line)
        #expect(error?.description.contains(fragment) == true, "\(String(describing: error))")
    }

    @Test func overlappingYearsAreRejected() throws {
        let dir = temporaryFolder()
        try "year: 2027\nholidays:\n  - name: A\n    first: 2027-01-01\n  - name: B\n    first: 2027-01-01\n".write(toFile: dir + "/2027.yaml", atomically: true, encoding: .utf8)
        #expect(throws: CalendarLoadError.self) { try WorkingDayCalendar.load(directory: dir) }
    }

    @Test func emptyOrMissingFolderIsAClearError() {
        let error = #expect(throws: CalendarLoadError.self) { try WorkingDayCalendar.load(directory: temporaryFolder()) }
        #expect(error?.message.contains("YYYY.yaml") == true)
        #expect(throws: CalendarLoadError.self) { try WorkingDayCalendar.load(directory: "/nonexistent/calendar") }
    }
}
