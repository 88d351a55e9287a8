import CallTestSupport
import FileSafety
public import Foundation
import IVREngine
import Logging
import Prompts
import TicketStore
import WorkingDays

/// The fuzz targets: one per parser of outside input. Each takes arbitrary bytes and must return (with an error
/// or a value) without crashing or hanging. `fuzz-ivr` (libFuzzer, `Scripts/fuzz.sh`) drives them; the tests
/// replay the saved corpora in `Fuzz/corpus/<target>/` through the same functions.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// Menu YAML and province overlays: `MENU [\n#overlay\n OVERLAY]…`.
    case menu
    /// The prompt manifest (`prompts.yaml`).
    case manifest
    /// A calendar year file (`YYYY.yaml`) and `business-hours.yaml`.
    case calendar
    /// A caller script (`NAME.script.yaml`) and an expectation file (`NAME.expect.yaml`).
    case script
    /// A partial recording left by a crash: `u16 LE sidecar length, sidecar JSON, WAV bytes`, recovered (header
    /// repaired, ticket filed or quarantined) when a store opens the folder.
    case partial
    /// The `ivr` argument values parsed by hand: `--now`, ticket numbers, ID numbers.
    case args

    /// Feeds one input to the parser.
    public func run(_ data: Data) {
        switch self {
        case .menu: Self.menu(data)
        case .manifest: _ = try? PromptManifest.parse(yaml: Self.text(data))
        case .calendar: Self.calendar(data)
        case .script: Self.script(data)
        case .partial: Self.partial(data)
        case .args: Self.args(data)
        }
    }

    /// Input bytes as text, as the file readers see them (invalid UTF-8 repaired).
    static func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    /// The overlay separator of the `menu` input.
    public static let overlaySeparator = "\n#overlay\n"

    static func menu(_ data: Data) {
        let parts = text(data).components(separatedBy: overlaySeparator)
        let overlays = parts.dropFirst().enumerated().map { (yaml: $0.element, file: "overlay\($0.offset).yaml") }
        _ = try? MenuTree.parse(yaml: parts[0], file: "menu.yaml", overlays: Array(overlays), knownPrompts: nil)
    }

    static func calendar(_ data: Data) {
        let path = Scratch.shared.file("2025.yaml", data)
        _ = try? WorkingDayCalendar.loadYear(path: path, expectedYear: 2025)
        _ = try? WorkingDayCalendar.loadYear(path: path)
        _ = try? CalendarSettings.load(path: path)
    }

    static func script(_ data: Data) {
        _ = try? CallScript.parse(text(data), path: "fuzz.script.yaml")
        let path = Scratch.shared.file("fuzz.expect.yaml", data)
        if let expectation = try? CallExpectation.load(path: path) {
            _ = expectation.check(events: [LoggedEvent(sample: 0, event: .node(id: "welcome")),
                                           LoggedEvent(sample: 8000, event: .hangup(by: .caller, reason: "caller"))])
        }
    }

    static func partial(_ data: Data) {
        let bytes = [UInt8](data)
        let sidecarLength = bytes.count >= 2 ? min(Int(bytes[0]) | Int(bytes[1]) << 8, bytes.count - 2) : 0
        let sidecar = bytes.count >= 2 ? Data(bytes[2..<2 + sidecarLength]) : Data()
        let wav = bytes.count >= 2 ? Data(bytes[(2 + sidecarLength)...]) : data
        let dir = Scratch.shared.freshFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            try DurableFiles.makeOwnerOnlyDirectories(PartialRecording.folder(dataDirectory: dir))
            try wav.write(to: URL(fileURLWithPath: PartialRecording.audioPath(dataDirectory: dir, callID: "fuzz")))
            try sidecar.write(to: URL(fileURLWithPath: PartialRecording.sidecarPath(dataDirectory: dir, callID: "fuzz")))
            let calendar = try WorkingDayCalendar(years: [], holidays: [])
            let store = try SQLiteTicketStore(dataDirectory: dir, calendar: calendar, now: Date(timeIntervalSince1970: 1_758_852_000),
                                              logger: Logger(label: "fuzz") { _ in SwiftLogNoOpLogHandler() })
            for ticket in store.recovery.recovered { _ = try store.ticket(number: ticket.number) }
        } catch {}
    }

    static func args(_ data: Data) {
        let value = text(data)
        _ = LocalDateTime.parse(value)
        _ = LocalDateTime.parse(value, utcOffsetSeconds: -5 * 3600)
        _ = LocalDateTime(iso8601: value)
        _ = TicketNumber(validating: value)
        _ = ChineseIDNumber.isValid(value)
        _ = ChineseIDNumber.normalized(value)
        _ = ChineseIDNumber.masked(value)
    }
}

/// A per-process scratch folder for parsers that read files (tmpfs when there is one).
final class Scratch: @unchecked Sendable {
    static let shared = Scratch()
    let root: String
    private var counter = 0

    private init() {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm/" : NSTemporaryDirectory()
        root = base + "ivr-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    /// Writes `data` to `root/name` and returns the path.
    func file(_ name: String, _ data: Data) -> String {
        let path = root + "/" + name
        try? data.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A new, absent folder path under `root`.
    func freshFolder() -> String {
        counter += 1
        return root + "/data\(counter)"
    }
}
