import WorkingDays
import Testing

@Test func WorkingDaysModuleBuilds() {
    #expect(Bool(true))
}
