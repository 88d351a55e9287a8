import ArgumentParser
import Foundation
import Supervision
import TicketStore
import WorkingDays

/// `ivr calls …`: the call index (import event logs, list) and the recordings' retention (purge).
struct CallsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calls",
        abstract: "The call index: import event logs, list calls, purge recordings past retention.",
        discussion: """
            Every call answered by `ivr line` (or `ivr call`) is indexed when it ends; its event log and QA recording \
            live in DIR/calls/YYYY/MM/DD/<call-id>.events.jsonl and <call-id>.flac.
            Exit codes: 0 ok, 1 some logs could not be imported, 6 the data folder cannot be read or written.
            """,
        subcommands: [Import.self, List.self, Purge.self])

    /// `ivr calls import DIR`.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Back-fill the call index from event logs (events.jsonl and NAME.events.jsonl files under DIR).",
            discussion: """
                Idempotent: a call already indexed is replaced by the same row. A <call-id>.flac beside a log is taken as \
                its recording; with --store postgres://… its bytes are stored in the database with the row (the file stays).
                """)

        @OptionGroup var store: TicketsCommand.Options
        @Argument(help: "A folder of event logs (e.g. `ivr batch --keep-events DIR` output, or DIR/calls).") var directory: String

        func run() throws {
            let db = try store.openStore()
            var imported = 0, failed = 0
            var batch: [CallRecord] = []
            func flush() throws {
                // A store that keeps recordings (PostgreSQL) takes each recording's bytes with its row; the files stay.
                let withAudio = db.keepsRecordingAudio ? batch.filter { $0.recordingPath != nil } : []
                for record in withAudio {
                    let path = record.recordingPath!.hasPrefix("/") ? record.recordingPath! : db.dataDirectory + "/" + record.recordingPath!
                    let audio = FileManager.default.contents(atPath: path)
                    try TicketsCommand.storageFailure { try db.indexCall(record, recording: audio) }
                }
                let rest = withAudio.isEmpty ? batch : batch.filter { $0.recordingPath == nil }
                try TicketsCommand.storageFailure { try db.indexCalls(rest) }
                imported += batch.count
                batch.removeAll(keepingCapacity: true)
            }
            for path in CallLogFiles.find(in: directory) {
                do {
                    let text = try String(contentsOfFile: path, encoding: .utf8)
                    var record = try CallRecord(eventLog: text, utcOffsetSeconds: db.settings.utcOffsetSeconds)
                    record.recordingPath = CallLogFiles.recording(beside: path, callID: record.callID, dataDirectory: db.dataDirectory)
                    batch.append(record)
                } catch {
                    printError("\(path): \(error); this log is skipped")
                    failed += 1
                }
                if batch.count == 1000 { try flush() }
            }
            try flush()
            print("calls: \(imported) imported\(failed > 0 ? ", \(failed) skipped" : "") from \(directory)")
            if failed > 0 { throw ExitCode.failure }
        }
    }

    /// `ivr calls list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List indexed calls of a period (callers masked).")

        @OptionGroup var store: TicketsCommand.Options
        @Option(help: ArgumentHelp("First day, YYYY-MM-DD.", valueName: "DATE")) var from: String
        @Option(help: ArgumentHelp("Last day (inclusive), YYYY-MM-DD.", valueName: "DATE")) var to: String

        func run() throws {
            guard let a = CivilDate(iso: from), let b = CivilDate(iso: to) else {
                throw ValidationError("--from/--to: write dates as YYYY-MM-DD")
            }
            let db = try store.openStore()
            for c in try TicketsCommand.storageFailure({ try db.calls(from: a, through: b) }) {
                print([c.callID, c.startText, String(format: "%.1f", c.durationSeconds), CallerMask.mask(c.caller), c.language,
                       c.primaryTopic, "\(c.hangupBy)/\(c.hangupReason)", c.surveyScore.map(String.init) ?? "-",
                       c.recordingPath ?? "-"].joined(separator: "\t"))
            }
        }
    }

    /// `ivr calls purge`.
    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "purge",
            abstract: "Remove call recordings past retention, and log each removal.",
            discussion: """
                A recording of a call on day D is kept through D + N days and removed from D + N + 1 on (N = \
                --retention-days). Each removal is printed and stored in the database (table recording_purge); the \
                call stays in the index without its recording.
                Example (cron, daily): ivr calls purge --retention-days 180
                """)

        @OptionGroup var store: TicketsCommand.Options
        @Option(help: "Days a recording is kept after the day of its call.") var retentionDays = 180

        func run() throws {
            let db = try store.openStore()
            let now = try store.instant()
            let today = try store.today(db)
            let policy = RetentionPolicy(days: retentionDays)
            let removals = try TicketsCommand.storageFailure {
                try SupervisionReading.service(db).purgeRecordings(retention: policy, today: today, at: now)
            }
            var removed = 0, failed = 0
            for r in removals {
                if let failure = r.failure {
                    printError(failure)
                    failed += 1
                } else {
                    print("purged \(r.path) (call \(r.callID) of \(r.day), retention \(retentionDays) days)")
                    removed += 1
                }
            }
            print("calls: \(removed) recording\(removed == 1 ? "" : "s") removed, kept from \(policy.firstKeptDay(today: today)) on")
            if failed > 0 { throw ExitCode.failure }
        }
    }
}

/// Where calls' event logs and recordings are found.
enum CallLogFiles {
    /// `events.jsonl` and `*.events.jsonl` files under `directory` (recursively), sorted.
    static func find(in directory: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var out: [String] = []
        while let item = walker.nextObject() as? String {
            let name = (item as NSString).lastPathComponent
            if name == "events.jsonl" || name.hasSuffix(".events.jsonl") { out.append(directory + "/" + item) }
        }
        return out.sorted()
    }

    /// The recording beside a log (`<call-id>.flac` in the same folder), relative to the data folder when inside it.
    static func recording(beside log: String, callID: String, dataDirectory: String) -> String? {
        let folder = (log as NSString).deletingLastPathComponent
        let flac = folder + "/" + callID + ".flac"
        guard FileManager.default.fileExists(atPath: flac) else { return nil }
        let full = URL(fileURLWithPath: flac).standardizedFileURL.path
        let data = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path + "/"
        return full.hasPrefix(data) ? String(full.dropFirst(data.count)) : full
    }

    /// `calls/YYYY/MM/DD` for a call day, relative to the data folder.
    static func dayFolder(_ day: CivilDate) -> String {
        String(format: "calls/%04d/%02d/%02d", day.year, day.month, day.day)
    }
}
