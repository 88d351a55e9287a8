import Foundation
import WorkingDays

/// An exclusive lock (flock) on a partial recording's sidecar, held while the call records.
public final class PartialRecordingLease: @unchecked Sendable {
    private let lock = NSLock()
    private var fd: Int32

    init(path: String) throws {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DurableFiles.error(errno, path: path, action: "cannot open the sidecar") }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { let e = errno; close(fd); throw DurableFiles.error(e, path: path, action: "cannot lock the sidecar") }
        }
    }

    /// Releases the lock (also done when the lease is deallocated).
    public func release() {
        lock.lock()
        defer { lock.unlock() }
        if fd >= 0 { close(fd); fd = -1 }
    }

    deinit { release() }
}
