import CallTestSupport
import FileSafety
import ArgumentParser
import AudioIO
import Foundation
import IVREngine
import Logging
import WorkingDays

/// `ivr batch DIR`: many recorded calls through the engine in parallel, each checked against its expectation.
struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Run a folder of recorded calls in parallel and check each against NAME.expect.yaml.",
        discussion: """
        Every NAME.wav in DIR runs through the same engine as `ivr call`, with the `now` and `caller` of \
        NAME.expect.yaml and a fresh data folder of its own; its event log is checked against the expectation \
        (nodes and prompts in order, tickets, survey, auth, transfer, who hangs up, absent events). Prints a summary with \
        every failure as expected-vs-got and exits non-zero if any call failed.
        Example: ivr batch Tests/Fixtures/calls --junit batch.xml
        """)

    @Argument(help: "The folder of NAME.wav + NAME.expect.yaml calls.") var directory: String
    @Option(help: "Calls run at once (default: all cores).") var jobs: Int?
    @Option(help: "Write a JUnit XML report here.") var junit: String?
    @Option(help: "Write a JSON report here.") var json: String?
    @OptionGroup var files: FileOptions
    @Option(help: "Run the whole folder this many times (for benchmarks).") var repeatCount = 1
    @Option(help: "Keep each call's event log here as NAME.events.jsonl (for coverage reports).") var keepEvents: String?

    func validate() throws {
        try files.reject(data: true, because: "every call of a batch gets a fresh data folder of its own")
    }

    func run() throws {
        let calls: [BatchCall]
        do { calls = try BatchRunner.discover(directory) } catch {
            printError("\(directory): cannot list the folder: \(error.localizedDescription)")
            throw ExitCode.failure
        }
        if calls.isEmpty {
            printError("\(directory): no .wav calls found")
            throw ExitCode.failure
        }
        // Load and validate the menu, prompts and calendar once; each call gets its own data folder.
        var quiet = Logger(label: "ivr.batch")
        quiet.logLevel = .error
        let logger = quiet
        let shared: LineSetup.Shared
        do { shared = try LineSetup.loadShared(files, logger: logger) } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
        if let keepEvents {
            do { try DurableFiles.makeOwnerOnlyDirectories(keepEvents) } catch {
                printError("--keep-events \(keepEvents): cannot create the folder: \(error)")
                throw ExitCode.failure
            }
        }
        let eventsFolder = keepEvents
        let all = Array(repeating: calls, count: max(1, repeatCount)).flatMap { $0 }
        let workers = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let progress = ProgressLine(total: all.count)
        let started = DispatchTime.now()
        let cpuStart = clock()
        let results = BatchRunner.run(all, jobs: workers, run: { call, expectation, workDir in
            let moment = try shared.now(expectation.now)
            let services = shared.services(data: workDir + "/data", now: moment.instant, logger: logger)
            let r = try CallRunner.run(audioPath: call.audioPath, outDirectory: workDir + "/out", services: services,
                                       now: moment, caller: expectation.caller, callID: call.name, logger: logger)
            if let eventsFolder {
                try r.eventsJSONL.write(toFile: "\(eventsFolder)/\(call.name).events.jsonl", atomically: true, encoding: .utf8)
            }
            return BatchRunner.CallOutput(events: r.events, audioSeconds: r.outcome.seconds)
        }, progress: { done, result in progress.update(done: done, result: result) })
        progress.finish()
        let wall = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let cpu = Double(clock() - cpuStart) / Double(CLOCKS_PER_SEC)

        let failed = results.filter { !$0.passed }
        for r in failed {
            print("FAIL \(r.call.name)")
            for f in r.failures { print("  \(f)") }
        }
        let audio = results.reduce(0) { $0 + $1.audioSeconds }
        print(String(format: "%d passed, %d failed", results.count - failed.count, failed.count))
        print(String(format: "%d calls, %.1f s of audio in %.2f s wall, %.2f s CPU: %.1f calls/s, %.0f× real time per core",
                     results.count, audio, wall, cpu, Double(results.count) / max(wall, 1e-9), audio / max(cpu, 1e-9)))
        do {
            if let junit { try BatchReport.junitXML(results).write(toFile: junit, atomically: true, encoding: .utf8) }
        } catch {
            printError("\(junit ?? ""): cannot write the JUnit report: \(error.localizedDescription); check the folder exists and is writable")
            throw ExitCode(ExitCodes.audioFile)
        }
        do {
            if let json { try BatchReport.json(results).write(to: URL(fileURLWithPath: json), options: .atomic) }
        } catch {
            printError("\(json ?? ""): cannot write the JSON report: \(error.localizedDescription); check the folder exists and is writable")
            throw ExitCode(ExitCodes.audioFile)
        }
        if !failed.isEmpty { throw ExitCode.failure }
    }
}

/// A progress bar on a terminal, plain lines otherwise.
final class ProgressLine: @unchecked Sendable {
    private let total: Int
    private let terminal = isatty(STDOUT_FILENO) == 1

    init(total: Int) { self.total = total }

    /// Called after each call (serially).
    func update(done: Int, result: BatchResult) {
        if terminal {
            let width = 30
            let filled = done * width / max(total, 1)
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            let line = "\r[\(bar)] \(done)/\(total) \(result.passed ? "ok  " : "FAIL") \(result.call.name)\u{1B}[K"
            try? FileHandle.standardOutput.write(contentsOf: Data(line.utf8))
        } else {
            print("\(result.passed ? "ok  " : "FAIL") \(result.call.name)")
        }
    }

    func finish() {
        if terminal { try? FileHandle.standardOutput.write(contentsOf: Data("\n".utf8)) }
    }
}
