import Foundation
import Testing
import WorkingDays

struct BusinessHoursTests {
    @Test(arguments: [
        ("2025-09-26T08:29:59", false), ("2025-09-26T08:30", true), ("2025-09-26T11:59:59", true),
        ("2025-09-26T12:00", false), ("2025-09-26T13:30", true), ("2025-09-26T17:30", false),
        ("2025-09-27T10:00", false), ("2025-09-28T10:00", true), ("2025-10-01T10:00", false),
    ])
    func openOnlyOnWorkingDaysInsideSessions(moment: String, open: Bool) {
        #expect(BusinessHours.standard.isOpen(at: at(moment), calendar: shipped) == open)
    }

    @Test(arguments: [
        ("2025-09-26T07:00", "2025-09-26T08:30:00"), ("2025-09-26T12:10", "2025-09-26T13:30:00"),
        ("2025-09-26T18:00", "2025-09-28T08:30:00"), ("2025-10-01T09:00", "2025-10-09T08:30:00"),
        ("2025-09-26T09:00", "2025-09-26T09:00:00"),
    ])
    func nextOpening(moment: String, expected: String) {
        #expect(BusinessHours.standard.nextOpening(from: at(moment), calendar: shipped)?.description == expected)
    }

    @Test func describesTheSchedule() {
        #expect(BusinessHours.standard.description == "working days 08:30-12:00, 13:30-17:30")
        #expect(BusinessHours.standard.chineseDescription == "工作日8点30分至12点、13点30分至17点30分")
    }

    @Test func loadsTheShippedSettings() throws {
        let settings = try CalendarSettings.load(path: shippedCalendarFolder + "/business-hours.yaml")
        #expect(settings.businessHours == .standard)
        #expect(settings.utcOffsetSeconds == 8 * 3600)
        #expect(settings.replyWorkingDays(for: "voicemail") == 3)
        #expect(settings.replyWorkingDays(for: "unknown-kind") == 3)
    }

    @Test func customSettingsAndTheirErrors() throws {
        let dir = temporaryFolder()
        let path = dir + "/business-hours.yaml"
        try "utc_offset: \"+09:00\"\nsessions: [\"09:00-17:00\"]\nreply_working_days:\n  complaint: 5\n".write(toFile: path, atomically: true, encoding: .utf8)
        let s = try CalendarSettings.load(path: path)
        #expect(s.utcOffsetSeconds == 9 * 3600)
        #expect(s.businessHours.sessions.count == 1)
        #expect(s.replyWorkingDays(for: "complaint") == 5)
        #expect(s.replyWorkingDays(for: "voicemail") == 3)
        try "sessions:\n  - \"09:00-08:00\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        let e = #expect(throws: CalendarLoadError.self) { try CalendarSettings.load(path: path) }
        #expect(e?.line == 2)
        #expect(e?.file == path)
    }
}
