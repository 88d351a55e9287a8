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
        let eventsJSONL: String
        let outDirectory: String
    }

    /// Runs the call in `audioPath` (any format libsndfile reads; end of file = the caller hung up).
    static func run(audioPath: String, outDirectory: String, services: LineServices, now: WorkingDays.LocalDateTime,
                    caller: String?, callID: String, logger: Logger, recording: RecordingTap? = nil) throws -> Result {
        let input = try SoundFileInput(path: audioPath)
        try SafeFiles.makeOwnerOnlyDirectory(outDirectory)
        let line = try WAVFileOutput(path: outDirectory + "/line.wav", mode: .atomic)
        let events = try EventLogFile(path: outDirectory + "/events.jsonl")
        let session = CallSession(services: services, input: recording?.input(input) ?? input, output: recording?.output(line) ?? line,
                                  now: now, callID: callID, caller: caller, logger: logger) { entry in
            recording?.observe(entry)
            events.append(entry.json)
        }
        let outcome: CallOutcome
        do {
            outcome = try session.run()
            try line.finish()
            try events.close()
        } catch {
            line.abandon()
            try? events.close()
            throw error
        }
        return Result(outcome: outcome, eventsJSONL: events.text, outDirectory: outDirectory)
    }

    /// The one-line summary `ivr call` prints.
    static func summary(_ r: Result) -> String {
        let o = r.outcome
        let tickets = o.tickets.isEmpty ? "" : "; tickets \(o.tickets.joined(separator: ", "))"
        return String(format: "call %@: %.2f s; %@; hangup by %@ (%@)%@; out %@", o.callID, o.seconds,
                      o.path.joined(separator: " → "), o.hangupBy, o.hangupReason, tickets, r.outDirectory)
    }
}

/// The call's event log: one JSON object per line, appended as the call runs, owner-only, fsynced at the end.
///
/// A write that fails (full disk) never stops the call: the first error is kept, writing stops, and
/// ``close()`` reports it.
final class EventLogFile {
    private let handle: FileHandle
    private let path: String
    private(set) var text = ""
    private(set) var failure: (any Error)?

    init(path: String) throws {
        self.path = path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw AudioFileError(.unwritable, path: path, message: "cannot create the event log: \(String(cString: strerror(errno)))")
        }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    func append(_ line: String) {
        text += line + "\n"
        guard failure == nil else { return }
        do { try handle.write(contentsOf: Data((line + "\n").utf8)) } catch { failure = error }
    }

    /// Flushes to disk. - Throws: ``AudioFileError`` when any write failed or the flush fails.
    func close() throws {
        do { try handle.synchronize() } catch { failure = failure ?? error }
        if let failure {
            throw AudioFileError(.unwritable, path: path, message: "the event log is incomplete: \(failure.localizedDescription); check free disk space")
        }
    }
}
