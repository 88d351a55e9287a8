import ArgumentParser
import Foundation
import Logging
import Supervision
import TicketStore
import WorkingDays

/// `ivr-bench calls`: fills a bench folder's call index with many calls made from real event logs (the corpus run
/// through `ivr batch --keep-events`), spread over a year with varied start times and callers, for timing
/// `ivr report` at volume.
struct CallsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calls",
        abstract: "Fill a call index with N calls replayed from real event logs at varied dates and callers (prints timings).",
        discussion: "Writes only into --data DIR when it is empty or absent (or a temporary folder, kept with --keep).")
    @Option(help: ArgumentHelp("Event logs to replay (e.g. `ivr batch Tests/Fixtures/calls --keep-events DIR`).", valueName: "DIR")) var events: String
    @Option(help: "How many calls.") var count = 100_000
    @Option(help: ArgumentHelp("The first day of the year the calls are spread over.", valueName: "DATE")) var from = "2025-01-01"
    @Option(help: "Days the calls are spread over.") var days = 365
    @OptionGroup var folderOptions: BenchFolderOptions

    func run() throws {
        let folder = try folderOptions.open()
        defer { folder.finish(keep: folderOptions.keep) }
        let cal = try folderOptions.loadCalendar()
        guard let first = CivilDate(iso: from) else { throw ValidationError("--from: YYYY-MM-DD") }
        let logs = (FileManager.default.enumerator(atPath: events)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix("events.jsonl") }.sorted()
        let base = try logs.map { try CallRecord(eventLog: String(contentsOfFile: events + "/" + $0, encoding: .utf8)) }
        guard !base.isEmpty else { throw ValidationError("--events \(events): no event logs found") }
        let quiet = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let store = try SQLiteTicketStore(dataDirectory: folder.path, calendar: cal, now: Date(), logger: quiet)
        var rng = SplitMix64(seed: 12333)
        let t0 = DispatchTime.now().uptimeNanoseconds
        var batch: [CallRecord] = []
        for i in 0..<count {
            var r = base[i % base.count]
            let shift = Int(rng.next() % UInt64(days))
            let day = first.adding(days: shift)
            // Office-heavy hours: most calls 8-18 h, some in the evening and at night.
            let hour = rng.next() % 10 < 8 ? 8 + Int(rng.next() % 10) : Int(rng.next() % 24)
            let start = LocalDateTime(date: day, time: TimeOfDay(secondsSinceMidnight: hour * 3600 + Int(rng.next() % 3600)))
            let offsetDays = day.daysSinceEpoch - r.day.daysSinceEpoch
            r.callID = String(format: "bench-%06d", i)
            r.start = start
            r.startText = start.iso8601
            r.caller = rng.next() % 5 == 0 ? nil : String(format: "139%08d", Int(rng.next() % 100_000_000))
            r.tickets = r.tickets.map { TicketRef(number: String(100_017 + i), kind: $0.kind, due: $0.due.adding(days: offsetDays)) }
            batch.append(r)
            if batch.count == 5000 {
                try store.indexCalls(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        try store.indexCalls(batch)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        print(String(format: "calls: %d calls indexed from %d real event logs in %.2f s (%.0f calls/s) into %@",
                     count, base.count, seconds, Double(count) / seconds, folder.path))
    }
}
