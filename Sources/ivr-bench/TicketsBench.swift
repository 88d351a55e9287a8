import AudioIO
import FileSafety
import ArgumentParser
import Foundation
import IVREngine
import Logging
import TicketStore
import WorkingDays

/// `ivr-bench tickets`: ticket commit time and crash-recovery time on this machine, in a temporary folder.
struct TicketsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tickets",
        abstract: "Measure ticket commit time and crash-recovery time (prints numbers).",
        discussion: "Works in a fresh temporary folder, removed afterwards unless --keep; or in --data DIR, which must be empty or absent (never removed).")
    @Option(help: "Tickets to open for the commit timing.") var count = 200
    @Option(help: "Seconds of audio per recording.") var seconds = 10.0
    @Option(help: "Partial recordings to recover for the recovery timing.") var partials = 20
    @OptionGroup var folderOptions: BenchFolderOptions

    func run() throws {
        let folder = try folderOptions.open()
        defer { folder.finish(keep: folderOptions.keep) }
        let base = folder.path
        let calendar = try folderOptions.loadCalendar()
        let quiet = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let now = LocalDateTime(iso8601: "2025-09-26T10:00:00+08:00")!.instant
        let samples = (0..<Int(seconds * 8000)).map { Int16(6000 * sin(Double($0) * 0.3454)) }

        // 1. Commit time: WAV temp + fsync + one transaction (number, row, audit, rename, folder fsync).
        let store = try SQLiteTicketStore(dataDirectory: base + "/commit", calendar: calendar, now: now, logger: quiet)
        var withAudio: [Double] = [], without: [Double] = []
        for i in 0..<count {
            let r = TicketRequest(kind: .voicemail, callerNumber: "13800138000", menuPath: ["main", "voicemail"], createdAt: now,
                                  dueDate: CivilDate(iso: "2025-09-30")!,
                                  recording: i % 2 == 0 ? .file(path: PartialRecording.audioPath(dataDirectory: base + "/commit", callID: "bench-\(i)")) : nil)
            let t0 = DispatchTime.now().uptimeNanoseconds
            // As a call does: the finished message is written (AudioIO), then filed with its ticket.
            if i % 2 == 0 { try SoundFile.writeWAV(samples, to: PartialRecording.audioPath(dataDirectory: base + "/commit", callID: "bench-\(i)")) }
            _ = try store.openTicket(r)
            let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
            if i % 2 == 0 { withAudio.append(ms) } else { without.append(ms) }
        }
        print(Self.line("commit, ticket + \(String(format: "%g", seconds)) s WAV", withAudio))
        print(Self.line("commit, ticket without recording", without))

        // 2. Recovery time: partial WAVs with never-updated headers, recovered when the store opens.
        let emptyStart = DispatchTime.now().uptimeNanoseconds
        _ = try SQLiteTicketStore(dataDirectory: base + "/empty", calendar: calendar, now: now, logger: quiet)
        let emptyMs = Double(DispatchTime.now().uptimeNanoseconds - emptyStart) / 1e6
        let dir = base + "/recover"
        try DurableFiles.makeOwnerOnlyDirectories(PartialRecording.folder(dataDirectory: dir))
        var header = [UInt8](repeating: 0, count: 44)
        header.replaceSubrange(0..<4, with: Array("RIFF".utf8)); header.replaceSubrange(8..<16, with: Array("WAVEfmt ".utf8))
        header[16] = 16; header[20] = 1; header[22] = 1; header[24] = 0x40; header[25] = 0x1f
        header[28] = 0x80; header[29] = 0x3e; header[32] = 2; header[34] = 16
        header.replaceSubrange(36..<40, with: Array("data".utf8))
        let body = samples.withUnsafeBytes { Data($0) }
        for i in 0..<partials {
            try (Data(header) + body).write(to: URL(fileURLWithPath: PartialRecording.audioPath(dataDirectory: dir, callID: "bench-\(i)")))
        }
        let t0 = DispatchTime.now().uptimeNanoseconds
        let recovered = try SQLiteTicketStore(dataDirectory: dir, calendar: calendar, now: now, logger: quiet)
        let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
        print(String(format: "recovery: %d partial recordings of %g s -> %d tickets in %.1f ms at open (empty store opens in %.1f ms): %.2f ms per recording",
                     partials, seconds, recovered.recovery.recovered.count, ms, emptyMs, partials > 0 ? (ms - emptyMs) / Double(partials) : 0))
    }

    /// One summary line of millisecond samples.
    static func line(_ what: String, _ ms: [Double]) -> String {
        guard !ms.isEmpty else { return "\(what): no samples" }
        let s = ms.sorted()
        func p(_ q: Double) -> Double { s[min(s.count - 1, Int(q * Double(s.count)))] }
        return String(format: "%@: n=%d mean %.2f ms, p50 %.2f ms, p95 %.2f ms, max %.2f ms",
                      what, s.count, s.reduce(0, +) / Double(s.count), p(0.5), p(0.95), s.last!)
    }
}

/// `ivr-bench stress`: opens tickets as fast as it can and prints their numbers (multi-process load checks).
/// Several processes may share one folder: the first finds it empty or absent and marks it as a bench folder.
struct TicketsStress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress",
        abstract: "Open COUNT test tickets in DIR (empty, absent, or made by ivr-bench) and print their numbers, one per line.")
    @Option(help: ArgumentHelp("Folder to write into: empty, absent, or an earlier ivr-bench folder.", valueName: "DIR")) var data: String
    @Option(help: "Tickets to open.") var count = 10
    @Option(help: ArgumentHelp("'Now' of the tickets, ISO 8601.", valueName: "ISO8601")) var now = "2025-09-26T10:00:00+08:00"
    @Option(help: ArgumentHelp("Folder of YYYY.yaml holiday calendars.", valueName: "DIR")) var calendar = "Prompts/calendar"

    func run() throws {
        do { _ = try BenchFolder.given(data) } catch let e as BenchFolderError {
            printError(e.reason)
            throw ExitCode(foreignFolderExit)
        }
        guard let local = LocalDateTime.parse(now) else { throw ValidationError("--now \(now): not an ISO 8601 date-time") }
        let cal = try (try? WorkingDayCalendar.load(directory: calendar)) ?? WorkingDayCalendar(years: [], holidays: [])
        let logger = Logger(label: "ivr-bench") { StreamLogHandler.standardError(label: $0) }
        let store = try SQLiteTicketStore(dataDirectory: data, calendar: cal, now: local.instant, logger: logger)
        let due = store.calendar.dueDate(from: store.settings.localDateTime(at: local.instant),
                                         workingDays: 3, businessHours: store.settings.businessHours).date
        for i in 0..<count {
            var recording: TicketRecording?
            if i % 3 == 0 {
                // Staged outside voicemail/ (which another process's recovery scans), on the same volume.
                let wav = data + "/fill-staging/" + UUID().uuidString + ".wav"
                try SoundFile.writeWAV([Int16](repeating: 100, count: 1600), to: wav)
                recording = .file(path: wav)
            }
            let r = TicketRequest(kind: .voicemail, callerNumber: nil, menuPath: ["main", "voicemail"], createdAt: local.instant, dueDate: due,
                                  recording: recording)
            print(try store.openTicket(r).number.digits)
        }
    }
}
