import Testing
import WorkingDays

struct DueDateTests {
    /// The worked examples of the issue and calendar-cn (calls inside business hours, 3 working days).
    @Test(arguments: [
        ("2025-09-26T10:00", "2025-09-30"),  // Fri → Sun 09-28 make-up (1), Mon (2), Tue (3)
        ("2026-02-12T10:00", "2026-02-24"),  // Thu → Fri (1), Sat 02-14 make-up (2), 02-15…23 off, Tue (3)
        ("2025-12-31T10:00", "2026-01-06"),  // Wed → 01-01…03 off, Sun 01-04 make-up (1), Mon (2), Tue (3)
    ])
    func goldenExamples(call: String, due: String) {
        let result = shipped.dueDate(from: at(call), workingDays: 3, businessHours: .standard)
        #expect(result.date == d(due))
        #expect(result.warnings.isEmpty)
    }

    /// Outside hours and on days off the count starts on the next working day: that day is day 1.
    @Test(arguments: [
        ("2025-09-26T07:00", "2025-09-26", "2025-09-30"),  // before opening: received the same day
        ("2025-09-26T12:30", "2025-09-26", "2025-09-30"),  // lunch break: same day
        ("2025-09-26T17:29:59", "2025-09-26", "2025-09-30"),  // last second of the afternoon session
        ("2025-09-26T17:30", "2025-09-28", "2025-09-30"),  // after closing: Sun 09-28 (make-up) is day 1, Mon 2, Tue 3
        ("2025-09-27T10:00", "2025-09-28", "2025-09-30"),  // Saturday: the make-up Sunday is day 1
        ("2025-10-03T10:00", "2025-10-09", "2025-10-11"),  // national day holiday: Thu 10-09 (1), Fri (2), make-up Sat 10-11 (3)
        ("2025-10-11T11:00", "2025-10-11", "2025-10-15"),  // make-up Saturday in hours: counts like a weekday
        ("2026-02-13T18:00", "2026-02-14", "2026-02-25"),  // Fri after hours → make-up Sat 02-14 (1); 02-24 (2), 02-25 (3)
        ("2026-02-20T10:00", "2026-02-24", "2026-02-26"),  // inside Spring Festival: 02-24 (1), 25, 26
        ("2025-06-01T09:00", "2025-06-03", "2025-06-05"),  // Dragon Boat weekend: 06-03 (1), 04, 05
        ("2026-01-02T09:00", "2026-01-04", "2026-01-06"),  // New Year holiday → make-up Sunday 01-04 (1), 05, 06
    ])
    func offHoursAndDaysOff(call: String, received: String, due: String) {
        let result = shipped.dueDate(from: at(call), workingDays: 3, businessHours: .standard)
        #expect(result.receivedOn == d(received))
        #expect(result.date == d(due))
    }

    @Test(arguments: [(0, "2025-09-26"), (1, "2025-09-28"), (2, "2025-09-29"), (4, "2025-10-09"), (10, "2025-10-16")])
    func otherCounts(n: Int, due: String) {
        #expect(shipped.dueDate(from: at("2025-09-26T10:00"), workingDays: n).date == d(due))
    }

    @Test func beyondTheLoadedYearsFallsBackToMondayToFridayWithAWarning() {
        // 2027 has no file: Thu 2027-01-28 → Fri (1), Mon (2), Tue 02-02 (3).
        let result = shipped.dueDate(from: at("2027-01-28T10:00"), workingDays: 3)
        #expect(result.date == d("2027-02-02"))
        #expect(result.warnings == [.yearNotLoaded(2027)])
        #expect(result.warnings[0].description.contains("2027.yaml"))
        // Crossing from a loaded year into an unloaded one warns too: Wed 2026-12-30 → Thu, Fri, Mon 2027-01-04.
        let crossing = shipped.dueDate(from: at("2026-12-30T10:00"), workingDays: 3)
        #expect(crossing.date == d("2027-01-04"))
        #expect(crossing.warnings == [.yearNotLoaded(2027)])
        // Far away years still work.
        #expect(shipped.dueDate(from: at("1999-12-31T10:00"), workingDays: 1).date == d("2000-01-03"))
    }

    @Test func countsElapsedWorkingDays() {
        #expect(shipped.workingDays(after: d("2025-09-26"), through: d("2025-09-30")) == 3)
        #expect(shipped.workingDays(after: d("2025-09-30"), through: d("2025-10-08")) == 0)
        #expect(shipped.workingDays(after: d("2025-09-30"), through: d("2025-09-26")) == 0)
    }
}
