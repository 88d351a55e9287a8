import FileSafety
import AudioIO
import Foundation
import IVREngine

/// One SIP call's event log, `DATA/calls/<call-id>/events.jsonl`: the schema of `ivr call` (docs/contracts.md),
/// with the SIP dialog's Call-ID added to the `answer` event as `sip_call_id`. Owner-only, fsynced at the end;
/// a failing write never stops the call (the first error is reported by ``close()``).
final class SIPCallLog: CallEventSink {
    private let handle: FileHandle
    /// `DATA/calls/<call-id>/events.jsonl`.
    let path: String
    private let sipCallID: String
    private var failure: (any Error)?
    /// Set by the second SIGTERM: the session's closing `hangup` is logged as the line's (`shutdown`).
    var shutdown = false

    init(directory: String, sipCallID: String) throws {
        try AudioFileError.unwritable { try DurableFiles.makeOwnerOnlyDirectories(directory) }
        path = directory + "/events.jsonl"
        self.sipCallID = sipCallID
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw AudioFileError(.unwritable, path: path, message: "cannot create the event log: \(String(cString: strerror(errno)))")
        }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    func append(_ event: LoggedEvent) {
        var line: String
        switch event.event {
        case .answer:
            line = event.json(adding: ["sip_call_id": sipCallID])
        case .hangup(.caller, _) where shutdown:
            line = LoggedEvent(sample: event.sample, event: .hangup(by: .line, reason: "shutdown")).json
        default:
            line = event.json
        }
        guard failure == nil else { return }
        do { try handle.write(contentsOf: Data((line + "\n").utf8)) } catch { failure = error }
    }

    func close() throws {
        do { try handle.synchronize() } catch { failure = failure ?? error }
        if let failure {
            throw AudioFileError(.unwritable, path: path, message: "the event log is incomplete: \(failure.localizedDescription); check free disk space")
        }
    }
}
