import ArgumentParser
import FileSafety
import Foundation
import Supervision
import TicketStore
import WorkingDays

/// `ivr qa …`: quality assessment of recorded calls (norms Art. 39).
struct QACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qa",
        abstract: "Draw a sample of recorded calls for quality assessment, and record scores.",
        subcommands: [Sample.self, Score.self])

    /// `ivr qa sample`.
    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sample",
            abstract: "Draw a random sample of recorded calls, stratified by menu topic.",
            discussion: """
                Reproducible: the same calls and --seed give the same sample. Calls sampled in the 30 days up to --now \
                are left out. Prints one line per call (id, topic, recording path) and writes a CSV for scoring.
                With --export DIR each drawn recording is written to DIR/<call-id>.flac (owner-only), wherever the \
                store keeps it: on a PostgreSQL store (--store postgres://…) the recordings of every node are in the \
                database, and the lines and the CSV name the exported files.
                Example: ivr qa sample --from 2025-09-01 --to 2025-09-30 --n 20 --seed 7 --csv qa.csv --export qa-audio
                """)

        @OptionGroup var store: TicketsCommand.Options
        @Option(help: ArgumentHelp("First day, YYYY-MM-DD.", valueName: "DATE")) var from: String
        @Option(help: ArgumentHelp("Last day (inclusive), YYYY-MM-DD.", valueName: "DATE")) var to: String
        @Option(help: "How many calls.") var n: Int
        @Option(help: "The random seed (default: from the clock; printed so the draw can be repeated).") var seed: UInt64?
        @Option(help: ArgumentHelp("Write the scoring CSV here (default: qa-<sample id>.csv).", valueName: "FILE")) var csv: String?
        @Option(help: "Who draws the sample (audit).") var by = NSUserName()
        @Option(help: ArgumentHelp("Write each drawn call's recording into this folder, from the store or the data folder.", valueName: "DIR"))
        var export: String?
        @Flag(help: "Show the sample without storing it (it does not count as sampled).") var dryRun = false

        func run() throws {
            guard let a = CivilDate(iso: from), let b = CivilDate(iso: to) else {
                throw ValidationError("--from/--to: write dates as YYYY-MM-DD")
            }
            guard n > 0 else { throw ValidationError("--n must be at least 1") }
            let db = try store.openStore()
            let today = try store.today(db)
            let seedValue = seed ?? UInt64(Date().timeIntervalSince1970 * 1000)
            let (sample, drawn) = try TicketsCommand.storageFailure {
                try SupervisionReading.service(db).drawQASample(from: a, through: b, n: n, seed: seedValue, today: today, actor: by, dryRun: dryRun)
            }
            let id = sample.id
            let csvPath = csv ?? "\(id).csv"
            var located = drawn
            if let export {
                located = try QACommand.exportRecordings(drawn, store: db, to: export)
            } else if db.keepsRecordingAudio {
                // The recordings are in the database, not in this data folder: name them as the store does.
                located = drawn.map { var c = $0; c.recordingPath = c.recordingPath.map { "store:" + $0 }; return c }
            }
            let base = export == nil && !db.keepsRecordingAudio ? db.dataDirectory : nil
            try SupervisionReading.write(Data(QASampler.csv(located, dataDirectory: base).utf8), to: csvPath)
            for c in located {
                print("\(c.callID)\t\(c.primaryTopic)\t\(base.map { $0 + "/" } ?? "")\(c.recordingPath ?? "")")
            }
            print("qa: sample \(id) (seed \(seedValue)): \(drawn.count) of \(n) calls; scoring sheet \(csvPath)")
        }
    }

    /// Writes each call's recording to `folder/<call-id>.<ext>` (owner-only); the calls come back naming those files.
    /// - Throws: exit 6 naming the file that cannot be written, 2 naming a call whose recording is missing.
    static func exportRecordings(_ calls: [CallRecord], store: any ManagedTicketStore, to folder: String) throws -> [CallRecord] {
        do { try DurableFiles.makeOwnerOnlyDirectories(folder) } catch {
            printError("\(folder): \(error); pick a folder you can write")
            throw ExitCode(ExitCodes.audioFile)
        }
        return try calls.map { c in
            guard let relative = c.recordingPath else { return c }
            guard let bytes = try TicketsCommand.storageFailure({ try store.callRecordingData(callID: c.callID) }) else {
                printError("call \(c.callID): its recording \(relative) is missing from \(store.keepsRecordingAudio ? "the store" : store.location); it is not exported")
                throw ExitCode(ExitCodes.notFound)
            }
            let path = "\(folder)/\(c.callID).\((relative as NSString).pathExtension.isEmpty ? "flac" : (relative as NSString).pathExtension)"
            do { try DurableFiles.writeAtomically(bytes, to: path) } catch {
                printError("\(path): \(error); check free space and permissions")
                throw ExitCode(ExitCodes.audioFile)
            }
            var out = c
            out.recordingPath = path
            return out
        }
    }

    /// `ivr qa score`.
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "score",
            abstract: "Record a QA score (1-5) for a call, with a note; every score stays in the audit trail.")

        @OptionGroup var store: TicketsCommand.Options
        @Argument(help: "The call id.") var call: String
        @Option(help: "1 (poor) … 5 (excellent).") var score: Int
        @Option(help: "The reviewer's note.") var note = ""
        @Option(help: "The reviewer.") var by: String

        func validate() throws {
            guard (1...5).contains(score) else { throw ValidationError("--score \(score): give 1, 2, 3, 4 or 5") }
            guard !by.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--by: name the reviewer") }
        }

        func run() throws {
            let db = try store.openStore()
            guard try TicketsCommand.storageFailure({ try db.call(id: call) }) != nil else {
                printError("call \(call) is not in the call index; check the id with `ivr calls list`")
                throw ExitCode(ExitCodes.notFound)
            }
            let at = db.settings.localDateTime(at: try store.instant()).iso8601
            try TicketsCommand.storageFailure { try db.recordQAScore(QAScore(callID: call, score: score, note: note, actor: by, at: at)) }
            let trail = try TicketsCommand.storageFailure { try db.qaScores(callID: call) }
            print("qa: call \(call) scored \(score) by \(by) (\(trail.count) score\(trail.count == 1 ? "" : "s") in its trail)")
        }
    }
}
