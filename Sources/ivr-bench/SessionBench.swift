import ArgumentParser
import AudioIO
import DSP
import Foundation
import IVREngine
import Logging
import Prompts
import WorkingDays

/// `ivr-bench session`: the cost of one 20 ms frame pushed through a ``CallSession`` (detector, machine, player,
/// recorder), in nanoseconds of thread CPU time, and the sessions one core could carry at that cost.
///
/// The caller recordings of a folder (the fixture corpus by default) are decoded into memory first, so only
/// `process(input:output:)` is timed. Calls run without a ticket store; voicemail in progress goes to a
/// temporary folder of the bench's own.
struct SessionBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session",
        abstract: "Print ns per 20 ms frame through a call session and sessions per core at that cost.")
    @Option(help: ArgumentHelp("The prompt folder (menu, prompts, calendar).", valueName: "DIR")) var prompts = "Prompts"
    @Option(help: ArgumentHelp("A folder of caller recordings (*.wav).", valueName: "DIR")) var calls = "Tests/Fixtures/calls"
    @Option(help: "How many times each recording is run.") var repeats = 5
    @Option(help: "The calls' local time, ISO 8601.") var now = "2025-09-26T10:00:00+08:00"

    /// CPU time of this thread: the figure holds on a machine shared with other work.
    static func threadCPUNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    func run() throws {
        var logger = Logger(label: "ivr-bench")
        logger.logLevel = .critical
        let folder = try BenchFolder.temporary()
        defer { folder.finish(keep: false) }
        let manifest = try PromptManifest.load(directory: prompts)
        let tree = try MenuTree.load(path: prompts + "/menu.yaml", overlays: [], knownPrompts: Set(manifest.entries.map(\.id)))
        let settings = try CalendarSettings.load(path: prompts + "/calendar/business-hours.yaml")
        let services = LineServices(tree: tree, calendar: try WorkingDayCalendar.load(directory: prompts + "/calendar"),
                                    calendarSettings: settings, prompts: PromptLibrary(directory: prompts, logger: logger),
                                    languages: ["cmn"], store: nil, dataDirectory: folder.path)
        guard let moment = LocalDateTime(iso8601: now) else { throw ValidationError("--now \(now): not ISO 8601") }
        let files = try FileManager.default.contentsOfDirectory(atPath: calls).filter { $0.hasSuffix(".wav") }.sorted()
        let recordings = try files.map { try SoundFile.read(calls + "/" + $0) }
        guard !recordings.isEmpty else { throw ValidationError("no *.wav in \(calls)") }

        var frames = 0
        var nanoseconds: UInt64 = 0
        var output = [Int16](repeating: 0, count: Telephony.frameSamples)
        for round in 0...repeats {
            for (i, audio) in recordings.enumerated() {
                let session = CallSession(services: services, now: moment, callID: "bench-\(round)-\(i)", caller: nil,
                                          logger: logger, events: nil)
                _ = session.start()
                var start = 0
                var done = false
                while !done, start + Telephony.frameSamples <= audio.count {
                    let t0 = Self.threadCPUNanoseconds()
                    let step = audio[start..<start + Telephony.frameSamples].withUnsafeBufferPointer { input in
                        output.withUnsafeMutableBufferPointer { session.process(input: input, output: $0) }
                    }
                    let t1 = Self.threadCPUNanoseconds()
                    if round > 0 {  // round 0 warms the prompt cache
                        nanoseconds += t1 - t0
                        frames += 1
                    }
                    done = step.isFinished
                    start += Telephony.frameSamples
                }
                if !done { _ = session.callerHungUp() }
            }
        }
        let perFrame = Double(nanoseconds) / Double(max(frames, 1))
        print(String(format: "session: %d frames (%.0f s of calls, %d recordings x %d): %.0f ns CPU per 20 ms frame", frames,
                     Double(frames) / 50, recordings.count, repeats, perFrame))
        print(String(format: "sessions per core at that cost: %.0f (20 ms / frame cost)", 20_000_000 / perFrame))
    }
}
