import AudioIO
import Foundation
import IVREngine
import Logging
import TicketStore
import WorkingDays

/// The repository's shipped calendar.
let shippedCalendar: WorkingDayCalendar = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    do { return try WorkingDayCalendar.load(directory: url.appendingPathComponent("Prompts/calendar").path) } catch { fatalError("\(error)") }
}()

/// A fresh temporary folder.
func temporaryFolder(_ tag: String = "ts") -> String {
    let path = NSTemporaryDirectory() + "\(tag)-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Collects log lines for assertions.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [(Logger.Level, String)] = []
    func append(_ level: Logger.Level, _ line: String) { lock.lock(); storage.append((level, line)); lock.unlock() }
    var all: [(level: Logger.Level, line: String)] { lock.lock(); defer { lock.unlock() }; return storage.map { ($0.0, $0.1) } }
    var atLeastWarning: [String] { all.filter { $0.level >= .warning }.map(\.line) }
}

struct CollectingHandler: LogHandler {
    let sink: LogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) { sink.append(event.level, event.message.description) }
}

func collectingLogger() -> (Logger, LogLines) {
    let sink = LogLines()
    return (Logger(label: "test") { _ in CollectingHandler(sink: sink) }, sink)
}

/// 2025-09-26T10:00:00+08:00, a Friday inside business hours.
let fridayMorning = LocalDateTime(iso8601: "2025-09-26T10:00:00+08:00")!.instant

func openStore(_ dir: String, logger: Logger? = nil, now: Date = fridayMorning) throws -> SQLiteTicketStore {
    try SQLiteTicketStore(dataDirectory: dir, calendar: shippedCalendar, now: now, logger: logger ?? Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
}

/// A 440 Hz tone, `seconds` long, at 8 kHz.
func tone(seconds: Double) -> [Int16] {
    (0..<Int(seconds * 8000)).map { Int16(8000 * sin(2 * Double.pi * 440 * Double($0) / 8000)) }
}

func voicemailRequest(samples: [Int16]? = nil, caller: String? = "13800138000", at: Date = fridayMorning) -> TicketRequest {
    TicketRequest(kind: .voicemail, callerNumber: caller, menuPath: ["main", "voicemail"], createdAt: at,
                  dueDate: CivilDate(iso: "2025-09-30")!, recording: samples.map { .file(path: finishedRecording($0)) }, callID: "call-1")
}

/// A finished WAV of `samples` (written through AudioIO, as the session does), under a unique name: stores receive
/// finished files only.
func finishedRecording(_ samples: [Int16]) -> String {
    let path = temporaryFolder() + "/message-" + UUID().uuidString + ".wav"
    try! SoundFile.writeWAV(samples, to: path)
    return path
}

func mode(_ path: String) -> Int {
    var st = stat()
    guard stat(path, &st) == 0 else { return -1 }
    return Int(st.st_mode & 0o777)
}

/// Every regular file under a folder (relative paths), sorted.
func files(under dir: String) -> [String] {
    var out: [String] = []
    if let e = FileManager.default.enumerator(atPath: dir) {
        while let p = e.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + p, isDirectory: &isDir), !isDir.boolValue { out.append(p) }
        }
    }
    return out.sorted()
}

/// Runs a command, returning its exit status.
@discardableResult
func run(_ args: [String]) -> Int32 {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = args
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch { return -1 }
    p.waitUntilExit()
    return p.terminationStatus
}

/// Whether this process may mount a tmpfs (root with CAP_SYS_ADMIN): probed once.
let canMountTmpfs: Bool = {
    guard getuid() == 0 else { return false }
    let dir = temporaryFolder("probe")
    guard run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", dir]) == 0 else { return false }
    run(["umount", dir])
    return true
}()

