import FileSafety
import Foundation

/// An exclusive lock (flock) on a partial recording's sidecar, held while the call records.
///
/// `@unchecked Sendable`: the session that owns it may release it from another thread than the one that took it;
/// the descriptor is only touched under `lock`.
package final class PartialRecordingLease: @unchecked Sendable {
    private let lock = NSLock()
    private var fd: Int32

    init(path: String) throws {
        fd = try TicketStorageError.mapping { try DurableFiles.lockFile(path, action: "the sidecar") }
    }

    /// Releases the lock (also done when the lease is deallocated).
    package func release() {
        lock.lock()
        defer { lock.unlock() }
        if fd >= 0 { close(fd); fd = -1 }
    }

    deinit { release() }
}
