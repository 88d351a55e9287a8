import ArgumentParser
import Foundation
import IVREngine
import Logging
import TicketStore
import WorkingDays

extension TicketStatus: ExpressibleByArgument {}

extension TicketsCommand {
    /// `ivr tickets bench`: measures ticket commit time and crash-recovery time on this machine.
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure ticket commit time and crash-recovery time (prints numbers).",
            discussion: "Works in a fresh temporary folder (or --data DIR, which must be empty or absent) and removes it afterwards unless --keep.")
        @Option(help: "Tickets to open for the commit timing.") var count = 200
        @Option(help: "Seconds of audio per recording.") var seconds = 10.0
        @Option(help: "Partial recordings to recover for the recovery timing.") var partials = 20
        @Option(help: ArgumentHelp("Folder to work in (default: a temporary folder).", valueName: "DIR")) var data: String?
        @Flag(help: "Keep the folder.") var keep = false

        func run() throws {
            let base = data ?? (NSTemporaryDirectory() + "ivr-bench-" + UUID().uuidString)
            defer { if !keep { try? FileManager.default.removeItem(atPath: base) } }
            let calendar = (try? WorkingDayCalendar.load(directory: "Prompts/calendar")) ?? .mondayToFriday
            let quiet = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
            let now = LocalDateTime(iso8601: "2025-09-26T10:00:00+08:00")!.instant()
            let samples = (0..<Int(seconds * 8000)).map { Int16(6000 * sin(Double($0) * 0.3454)) }

            // 1. Commit time: WAV temp + fsync + one transaction (number, row, audit, rename, folder fsync).
            let store = try TicketsCommand.storageFailure { try SQLiteTicketStore(dataDirectory: base + "/commit", calendar: calendar, now: now, logger: quiet) }
            var withAudio: [Double] = [], without: [Double] = []
            for i in 0..<count {
                let r = TicketRequest(kind: .voicemail, callerNumber: "13800138000", menuPath: ["main", "voicemail"], createdAt: now,
                                      dueDate: CivilDate(iso: "2025-09-30")!, recording: i % 2 == 0 ? .samples(samples) : nil)
                let t0 = DispatchTime.now().uptimeNanoseconds
                _ = try TicketsCommand.storageFailure { try store.openTicket(r) }
                let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
                if i % 2 == 0 { withAudio.append(ms) } else { without.append(ms) }
            }
            print(Bench.line("commit, ticket + \(String(format: "%g", seconds)) s WAV", withAudio))
            print(Bench.line("commit, ticket without recording", without))

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

        static func line(_ what: String, _ ms: [Double]) -> String {
            guard !ms.isEmpty else { return "\(what): no samples" }
            let s = ms.sorted()
            func p(_ q: Double) -> Double { s[min(s.count - 1, Int(q * Double(s.count)))] }
            return String(format: "%@: n=%d mean %.2f ms, p50 %.2f ms, p95 %.2f ms, max %.2f ms",
                          what, s.count, s.reduce(0, +) / Double(s.count), p(0.5), p(0.95), s.last!)
        }
    }

    /// `ivr tickets stress`: opens tickets as fast as it can and prints their numbers (for multi-process tests).
    struct Stress: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open COUNT demo tickets in DIR and print their numbers, one per line (load and concurrency checks).",
            shouldDisplay: false)
        @OptionGroup var options: Options
        @Option(help: "Tickets to open.") var count = 10

        func run() throws {
            let store = try options.openStore()
            let now = try options.instant()
            let local = LocalDateTime(now, utcOffsetSeconds: store.settings.utcOffsetSeconds)
            let due = store.calendar.dueDate(from: local, workingDays: 3, businessHours: store.settings.businessHours).date
            for i in 0..<count {
                let r = TicketRequest(kind: .voicemail, callerNumber: nil, menuPath: ["main", "voicemail"], createdAt: now, dueDate: due,
                                      recording: i % 3 == 0 ? .samples([Int16](repeating: 100, count: 1600)) : nil)
                let t = try TicketsCommand.storageFailure { try store.openTicket(r) }
                print(t.number.digits)
            }
        }
    }
}
