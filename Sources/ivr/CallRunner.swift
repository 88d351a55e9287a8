import FileSafety
import AudioIO
import DSP
import Foundation
import IVREngine
import Logging
import WorkingDays

/// Runs one recorded call through the engine: the caller's audio file in, `line.wav` and `events.jsonl` out.
/// `ivr call` and `ivr batch` share it, so batch runs take the same path as a single call.
enum CallRunner {
    /// What a finished call left behind.
    struct Result {
        let outcome: CallOutcome
        /// The event log as written to `events.jsonl`.
        let eventsJSONL: String
        /// The same log, typed (what `ivr batch` checks).
        let events: [LoggedEvent]
        let outDirectory: String
    }

    /// Runs the call in `audioPath` (any format libsndfile reads; end of file = the caller hung up).
    static func run(audioPath: String, outDirectory: String, services: LineServices, now: WorkingDays.LocalDateTime,
                    caller: String?, callID: String, logger: Logger, recording: RecordingTap? = nil) throws -> Result {
        let input = try SoundFileInput(path: audioPath)
        try AudioFileError.unwritable { try DurableFiles.makeOwnerOnlyDirectories(outDirectory) }
        let line = try WAVFileOutput(path: outDirectory + "/line.wav", mode: .atomic)
        let events = try EventLogFile(path: outDirectory + "/events.jsonl")
        let session = CallSession(services: services, now: now, callID: callID, caller: caller, logger: logger,
                                  events: events, tap: recording)
        let outcome: CallOutcome
        do {
            outcome = try session.run(input: input, output: line)
            try line.finish()
            try events.close()
        } catch {
            line.abandon()
            try? events.close()
            throw error
        }
        return Result(outcome: outcome, eventsJSONL: events.text, events: events.events, outDirectory: outDirectory)
    }

    /// The one-line summary `ivr call` prints.
    static func summary(_ r: Result) -> String {
        let o = r.outcome
        let tickets = o.tickets.isEmpty ? "" : "; tickets \(o.tickets.joined(separator: ", "))"
        return String(format: "call %@: %.2f s; %@; hangup by %@ (%@)%@; out %@", o.callID, o.seconds,
                      o.path.joined(separator: " → "), o.hangupBy, o.hangupReason, tickets, r.outDirectory)
    }
}
