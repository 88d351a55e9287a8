import FileSafety
import ArgumentParser
import AudioIO
import DSP
import Foundation
import IVREngine
import Logging
import Supervision
import WorkingDays

/// `ivr line`: the live demo line on a sound card.
struct Line: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the live demo line on a sound card (capture and playback in lock-step).",
        discussion: """
        Answers at once and plays the national menu; the caller's keys come from the microphone (DTMF) or, for a \
        demo without a phone, from keys typed here (0-9 * #). After the goodbye the line waits; the next key \
        starts a new call. Ctrl-C ends cleanly. Each call's event log goes to \
        <data>/calls/YYYY/MM/DD/<call-id>.events.jsonl and the call is indexed for `ivr report`. The line's state \
        (`ivr line state`) is read at the start of each call: closed plays the closed announcement and offers no \
        agent; stopped ends the line.
        Example: ivr line --device default
        """)

    @Option(help: "ALSA PCM name for capture and playback (see `ivr devices`).") var device = "default"
    @OptionGroup var files: FileOptions
    @OptionGroup var storeOption: StoreOption
    @Option(help: "The caller's number to record with tickets.") var caller: String?
    @Option(help: "Stop after this many calls (default: run until Ctrl-C).") var calls: Int?
    @Option(help: "The line's name (its state is set with `ivr line state --line NAME`).") var line = "default"
    @Option(help: "Pretend the line starts at this local time, ISO 8601 (demo holidays or after-hours; later calls add the audio time elapsed).")
    var now: String?

    func validate() throws {
        if let now, (try? LineSetup.now(now)) == nil {
            throw ValidationError("--now \(now): not an ISO 8601 date-time; write e.g. 2025-10-01T10:00:00+08:00")
        }
    }

    func run() throws {
        var logger = Logger(label: "ivr.line")
        logger.logLevel = .warning
        let shared: LineSetup.Shared
        let data = files.dataDirectory
        do { shared = try LineSetup.loadShared(files, logger: logger) } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
        try withUserErrors {
            let capture = try ALSACapture(device: device, logger: logger)
            let playback = try ALSAPlayback(device: device, logger: logger)
            StopSignal.install()
            let keys = TerminalKeys()
            defer { keys.restore() }
            // Two frames of silence ahead, so playback never starves while the first frame is captured.
            try playback.write([Int16](repeating: 0, count: 2 * Telephony.frameSamples))
            print("line: answering on '\(device)'; type 0-9 * # to press keys, Ctrl-C to stop")
            var count = 0
            var services: LineServices?
            let start = try now.map { try shared.now($0) }
            var elapsedSamples = 0
            while !StopSignal.requested {
                let moment = try start.map { $0.adding(seconds: Telephony.seconds(samples: elapsedSamples)) } ?? shared.now(nil)
                let id = LineSetup.newCallID(moment)
                let out = "\(data)/\(CallArchive.dayFolder(moment))"
                if services == nil || services?.store == nil {
                    services = shared.services(data: data, store: storeOption.resolved, now: moment.instant,
                                               logger: logger)
                    // Calls a store outage kept out of the call index go in now.
                    if let services { CallArchive.retryBacklog(services: services, logger: logger) }
                }
                guard var services else { break }
                let state = CallArchive.lineState(services: services, line: line, logger: logger)
                if state == .stopped {
                    print("line: '\(line)' is stopped (`ivr line state open --line \(line)` to answer again)")
                    break
                }
                services.lineClosed = state == .closed
                // A call is answered even when its event log cannot be written (full disk): the operator is told.
                var events: EventLogFile?
                do {
                    try DurableFiles.makeOwnerOnlyDirectories(out)
                    events = try EventLogFile(path: "\(out)/\(id).events.jsonl")
                } catch {
                    logger.error("\(error); this call's event log is not kept")
                }
                // Every call keeps its QA recording beside its event log (from the end of the recording notice on).
                let tap = RecordingTap(recorder: CallRecorder(dataDirectory: data, dayFolder: CallArchive.dayFolder(moment), callID: id))
                let session = CallSession(services: services, now: moment, callID: id, caller: caller, logger: logger,
                                          events: events, tap: tap)
                let outcome: CallOutcome
                do {
                    outcome = try session.run(input: capture, output: playback, keys: { keys.poll().compactMap(DTMFDigit.init) },
                                              shouldStop: { StopSignal.requested })
                } catch {
                    tap.recorder.abandon()
                    throw error
                }
                do { try events?.close() } catch { logger.error("\(error)") }
                var recordingPath: String?
                if let failure = tap.failure {
                    tap.recorder.abandon()
                    logger.error("\(failure); call \(id) is not recorded")
                } else {
                    do { recordingPath = try tap.recorder.finish() } catch { logger.error("\(error); call \(id) is not recorded") }
                }
                if let events { CallArchive.index(eventsJSONL: events.text, recordingPath: recordingPath, services: services, logger: logger) }
                count += 1
                elapsedSamples += Int(outcome.seconds * Double(Telephony.sampleRate))
                print(String(format: "call %@: %.1f s; %@; hangup by %@ (%@)", outcome.callID, outcome.seconds,
                             outcome.path.joined(separator: " → "), outcome.hangupBy, outcome.hangupReason))
                if let calls, count >= calls { break }
                guard let waited = try waitForKey(capture: capture, playback: playback, keys: keys) else { break }
                elapsedSamples += waited
            }
            print("line: stopped after \(count) call\(count == 1 ? "" : "s"); \(capture.pcm.xruns) over-runs, \(playback.pcm.xruns) under-runs")
        }
    }

    /// Between calls: plays silence in lock-step until a key (DTMF on the line or typed) or a stop.
    /// - Returns: the samples waited when a key came (start the next call), nil on a stop.
    /// - Throws: ``ALSAError`` when the device fails (the line exits 4 with the error, never "stopped").
    private func waitForKey(capture: ALSACapture, playback: ALSAPlayback, keys: TerminalKeys) throws -> Int? {
        print("line: waiting; press any key for the next call")
        var detector = DTMFDetector()
        var frame = [Int16](repeating: 0, count: Telephony.frameSamples)
        let silence = [Int16](repeating: 0, count: Telephony.frameSamples)
        var waited = 0
        while !StopSignal.requested {
            _ = try frame.withUnsafeMutableBufferPointer { try capture.read(into: $0) }
            waited += frame.count
            // A key on the line starts the next call once its tone is over, so the new call does not hear it.
            var ended = false
            frame.withUnsafeBufferPointer { detector.process($0) { if $0.kind == .end { ended = true } } }
            try playback.write(silence)
            if ended || !keys.poll().isEmpty { return waited }
        }
        return nil
    }
}
