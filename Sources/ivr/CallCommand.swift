import ArgumentParser
import Foundation
import IVREngine
import Logging
import WorkingDays

/// `ivr call CALLER.wav`: one recorded call through the engine.
struct Call: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Run one recorded call through the engine (faster than real time).",
        discussion: """
        The caller's recording (any format libsndfile reads) is the line's input; its end is the caller \
        hanging up. Writes line.wav (what the line played) and events.jsonl (the event log) into --out, \
        voicemail and tickets into --data, and prints a one-line summary.
        Example: ivr call Tests/Fixtures/calls/voicemail-hash-friday.wav --now 2025-09-26T10:00:00+08:00
        """)

    @Argument(help: "The caller's recording.") var callerAudio: String
    @Option(help: "Folder for line.wav and events.jsonl (default: <data>/calls/<call-id>).") var out: String?
    @Option(help: "The call's local time, ISO 8601 (default: now). Decides greetings, business hours, deadlines.") var now: String?
    @Option(help: "The caller's number (caller ID).") var caller: String?
    @OptionGroup var files: FileOptions
    @OptionGroup var storeOption: StoreOption
    @Option(help: "A fixed call id (default: time and random digits).") var callID: String?
    @Flag(help: "Keep the QA recording (caller left, line right, from the end of the recording notice, secrets silenced) at <data>/calls/YYYY/MM/DD/<call-id>.flac, beside a copy of the event log.")
    var record = false

    func validate() throws {
        if let now, (try? LineSetup.now(now)) == nil {
            throw ValidationError("--now \(now): not an ISO 8601 date-time; write e.g. 2025-09-26T10:00:00+08:00")
        }
    }

    func run() throws {
        var logger = Logger(label: "ivr")
        logger.logLevel = .warning
        try withUserErrors {
            do {
                let data = files.dataDirectory
                let shared = try LineSetup.loadShared(files, logger: logger)
                let moment = try shared.now(now)
                let services = shared.services(data: data, store: storeOption.resolved, now: moment.instant,
                                               logger: logger)
                CallArchive.retryBacklog(services: services, logger: logger)  // calls an earlier store outage kept
                let id = callID ?? LineSetup.newCallID(moment)
                let dayFolder = CallArchive.dayFolder(moment)
                let tap = record ? RecordingTap(recorder: CallRecorder(dataDirectory: data, dayFolder: dayFolder, callID: id)) : nil
                let result: CallRunner.Result
                do {
                    result = try CallRunner.run(audioPath: callerAudio, outDirectory: out ?? "\(data)/calls/\(id)", services: services,
                                                now: moment, caller: caller, callID: id, logger: logger, recording: tap)
                } catch {
                    tap?.recorder.abandon()
                    throw error
                }
                var recordingPath: String?
                if let tap {
                    recordingPath = try CallArchive.finish(tap, eventsJSONL: result.eventsJSONL, data: data, dayFolder: dayFolder, callID: id)
                }
                CallArchive.index(eventsJSONL: result.eventsJSONL, recordingPath: recordingPath, services: services, logger: logger)
                print(CallRunner.summary(result))
            } catch let failure as LineSetup.Failure {
                printError(failure.description)
                throw ExitCode.failure
            }
        }
    }
}
