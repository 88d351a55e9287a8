import Foundation
import WorkingDays

/// The repository's `Prompts/calendar` folder (the shipped data under test).
let shippedCalendarFolder: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("Prompts/calendar").path
}()

/// The shipped calendar, loaded once.
let shipped: WorkingDayCalendar = {
    do { return try WorkingDayCalendar.load(directory: shippedCalendarFolder) } catch { fatalError("\(error)") }
}()

func d(_ s: String) -> CivilDate { CivilDate(iso: s)! }

func at(_ s: String) -> LocalDateTime { LocalDateTime(iso8601: s)! }

/// A fresh temporary folder.
func temporaryFolder() -> String {
    let path = NSTemporaryDirectory() + "wdtest-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
