import AudioIO
import ArgumentParser
import Foundation
import IVREngine
import Logging
import PostgresStore
import Supervision
import TicketStore
import WorkingDays

/// `ivr-bench store`: ticket commits per second on SQLite and on PostgreSQL, with several writers at once
/// (as several call threads or nodes). SQLite works in a temporary folder; PostgreSQL in the database of
/// `--store`, which must hold no ivr tables yet (Scripts/bench.sh cluster creates a fresh server for it).
struct StoreBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Ticket commits, and calls indexed with their QA recording, per second: SQLite vs PostgreSQL (prints numbers).")
    @Option(help: ArgumentHelp("A fresh PostgreSQL database (no ivr tables), postgres://…", valueName: "URL")) var store: String
    @Option(help: "Tickets per writer.") var count = 200
    @Option(help: "Writers at once (each its own store instance: its own connections).") var writers = 4
    @Option(help: "Seconds of audio on every other ticket.") var seconds = 10.0

    func run() throws {
        let quiet = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let calendar = try (try? WorkingDayCalendar.load(directory: "Prompts/calendar")) ?? WorkingDayCalendar(years: [], holidays: [])
        let now = LocalDateTime(iso8601: "2025-09-26T10:00:00+08:00")!.instant
        let url = try PostgresURL(store)
        // Refuse a database that already holds a ticket store: the bench never writes into live data.
        let probe = try PostgresTicketStore(url: url, dataDirectory: NSTemporaryDirectory() + "ivr-bench-probe-\(getpid())",
                                            calendar: calendar, now: now, retryInterval: nil, logger: quiet)
        let fresh = try probe.migrationsApplied.count > 0 || probe.tickets().isEmpty
        guard fresh else {
            printError("\(url.redacted) already holds tickets: give a fresh database")
            throw ExitCode(foreignFolderExit)
        }
        probe.close()
        let folder = try BenchFolder.temporary()
        defer { folder.finish(keep: false) }
        let samples = (0..<Int(seconds * 8000)).map { Int16(6000 * sin(Double($0) * 0.3454)) }
        let backends: [(String, () throws -> any ManagedTicketStore)] = [
            ("SQLite", { try SQLiteTicketStore(dataDirectory: folder.path + "/sqlite", calendar: calendar, now: now, logger: quiet) }),
            ("PostgreSQL", { try PostgresTicketStore(url: url, dataDirectory: folder.path + "/pg", calendar: calendar, now: now,
                                                     retryInterval: nil, logger: quiet) }),
        ]
        for (name, open) in backends {
            for audio in [false, true] {
                let stores = try (0..<writers).map { _ in try open() }
                let failures = Counter()
                let t0 = DispatchTime.now().uptimeNanoseconds
                DispatchQueue.concurrentPerform(iterations: writers) { w in
                    for _ in 0..<count {
                        // As a call does: the finished message is written (AudioIO), then filed with its ticket.
                        let wav = folder.path + "/messages/\(name)-\(w)-\(UUID().uuidString).wav"
                        if audio, (try? SoundFile.writeWAV(samples, to: wav)) == nil { failures.add(); continue }
                        let r = TicketRequest(kind: .voicemail, callerNumber: "13800138000", menuPath: ["main", "voicemail"], createdAt: now,
                                              dueDate: CivilDate(iso: "2025-09-30")!, recording: audio ? .file(path: wav) : nil)
                        if (try? stores[w].openTicket(r)) == nil { failures.add() }
                    }
                }
                let s = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
                let n = writers * count
                print(String(format: "%@: %d tickets%@ by %d writers in %.2f s: %.0f commits/s, %d failed",
                             name, n, audio ? String(format: " with %g s WAV", seconds) : "", writers, s, Double(n) / s, failures.value))
            }
        }
        try callCommits(folder: folder.path, backends: backends)
    }

    /// Finished calls filed into the call index with their QA recording, as `ivr serve` files them: the FLAC is
    /// written (AudioIO), then indexed with its bytes (PostgreSQL keeps them; SQLite names the file).
    private func callCommits(folder: String, backends: [(String, () throws -> any ManagedTicketStore)]) throws {
        // A recorded call like the corpus's average (42 s): a fixture caller on the left, the same shifted on the right.
        let caller = try SoundFile.read("Tests/Fixtures/calls/voicemail-hash-friday.wav")
        let frames = 42 * 8000
        let left = (0..<frames).map { caller[$0 % caller.count] }, right = (0..<frames).map { caller[($0 + 4000) % caller.count] }
        let flacPath = folder + "/sample.flac"
        let flac = try FLACStereoFileOutput(path: flacPath)
        try left.withUnsafeBufferPointer { l in try right.withUnsafeBufferPointer { r in try flac.write(left: l, right: r) } }
        try flac.finish()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: flacPath))
        let start = LocalDateTime(iso8601: "2025-09-26T10:00:00+08:00")!
        for (name, open) in backends {
            let stores = try (0..<writers).map { _ in try open() }
            let failures = Counter()
            let t0 = DispatchTime.now().uptimeNanoseconds
            DispatchQueue.concurrentPerform(iterations: writers) { w in
                for i in 0..<count {
                    let id = "bench-\(name)-\(w)-\(i)"
                    let record = CallRecord(callID: id, start: start, startText: start.iso8601, durationSeconds: 60, caller: "13800138000",
                                            language: "cmn", path: ["welcome", "main"], hangupBy: "caller", hangupReason: "caller",
                                            recordingPath: "calls/2025/09/26/\(id).flac")
                    if (try? stores[w].indexCall(record, recording: bytes)) == nil { failures.add() }
                }
            }
            let s = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            let n = writers * count
            print(String(format: "%@: %d calls indexed with a %.0f kB QA recording (42 s) by %d writers in %.2f s: %.0f calls/s, %d failed",
                         name, n, Double(bytes.count) / 1000, writers, s, Double(n) / s, failures.value))
        }
    }
}

/// A thread-safe counter.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() { lock.lock(); n += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}
