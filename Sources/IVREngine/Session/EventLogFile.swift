import AudioIO
import Foundation

/// The call's event log on disk (`events.jsonl`, the contract in docs/contracts.md): one JSON object per line,
/// appended as the call runs, owner-only, fsynced at the end.
///
/// A write that fails (full disk) never stops the call: the first error is kept, writing stops, and
/// ``close()`` reports it.
public final class EventLogFile: CallEventSink {
    private let handle: FileHandle
    private let path: String
    /// Everything appended so far (the file's intended content).
    public private(set) var text = ""
    /// The typed entries appended so far.
    public private(set) var events: [LoggedEvent] = []
    private var failure: (any Error)?

    /// Creates (or truncates) the log at `path`, owner-only.
    /// - Throws: ``AudioFileError`` when the file cannot be created.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw AudioFileError(.unwritable, path: path, message: "cannot create the event log: \(String(cString: strerror(errno)))")
        }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// Appends one entry as a JSON line.
    public func append(_ event: LoggedEvent) {
        events.append(event)
        let line = event.json + "\n"
        text += line
        guard failure == nil else { return }
        do { try handle.write(contentsOf: Data(line.utf8)) } catch { failure = error }
    }

    /// Flushes to disk. - Throws: ``AudioFileError`` when any write failed or the flush fails.
    public func close() throws {
        do { try handle.synchronize() } catch { failure = failure ?? error }
        if let failure {
            throw AudioFileError(.unwritable, path: path, message: "the event log is incomplete: \(failure.localizedDescription); check free disk space")
        }
    }
}
