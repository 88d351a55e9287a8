import AudioIO
import Foundation

/// Small helpers for crash-safe, owner-only files (shared by the sidecar writer and the store).
public enum DurableFiles {
    /// Creates a folder and its missing parents with mode 0700.
    /// - Throws: ``TicketStorageError`` naming the folder.
    public static func makeOwnerOnlyDirectories(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            prefix += "/" + part
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST {
                throw error(errno, path: prefix, action: "cannot create the folder")
            }
        }
    }

    /// Writes every byte of `bytes` to `fd`, retrying short writes and EINTR.
    /// - Returns: 0, or the errno of the failed `write`.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += n
        }
        return 0
    }

    /// The infix of temporary files (`<name>.tmp-<8 hex>`): a crash can leave one behind; ``sweepTemporaryFiles(in:)``
    /// removes those no live writer holds.
    public static let temporaryInfix = ".tmp-"

    /// Writes `data` to `path` through a temporary file beside it: write, fsync, rename, fsync the folder. Mode 0600.
    /// The temporary file is locked (flock) while it exists, so a sweep never removes one a live writer holds.
    /// - Throws: ``TicketStorageError``; the temporary file is removed and any old file left untouched.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        let temp = path + temporaryInfix + UUID().uuidString.prefix(8)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw error(errno, path: temp, action: "cannot create") }
        var failure: Int32 = flock(fd, LOCK_EX) == 0 ? 0 : errno
        if failure == 0 { failure = data.withUnsafeBytes { writeAll(fd, $0) } }
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        if failure == 0 && rename(temp, path) != 0 { failure = errno }
        if failure != 0 { unlink(temp) }
        close(fd)  // after the rename: the temporary name never exists unlocked
        if failure != 0 { throw error(failure, path: path, action: "cannot write") }
        let folderError = fsyncDirectory(String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]))
        if folderError != 0 { throw error(folderError, path: path, action: "cannot fsync the folder of") }
    }

    /// Removes the temporary files an interrupted ``writeAtomically(_:to:)`` left in `folder`: those whose lock
    /// can be taken (no live writer holds them). - Returns: the names removed.
    @discardableResult
    public static func sweepTemporaryFiles(in folder: String) -> [String] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.contains(temporaryInfix) }
        var removed: [String] = []
        for name in names.sorted() {
            let path = folder + "/" + name
            let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }  // a live writer holds it
            if unlink(path) == 0 { removed.append(name) }
        }
        if !removed.isEmpty { fsyncDirectory(folder) }
        return removed
    }

    /// fsyncs a folder so that a rename into it survives a power cut. Returns the errno on failure, 0 on success.
    @discardableResult
    public static func fsyncDirectory(_ path: String) -> Int32 { SafeFiles.fsyncDirectory(path) }

    /// Maps an errno to a ``TicketStorageError`` with a one-line message.
    public static func error(_ code: Int32, path: String, action: String) -> TicketStorageError {
        let reason: TicketStorageError.Reason
        switch code {
        case ENOSPC, EDQUOT: reason = .diskFull
        case EROFS, EACCES, EPERM: reason = .readOnly
        default: reason = .failure
        }
        let fix: String
        switch reason {
        case .diskFull: fix = "free space on the data volume"
        case .readOnly: fix = "make the data folder writable by the ivr user"
        case .failure: fix = "check the data folder"
        }
        return TicketStorageError(reason, path: path, message: "\(action): \(String(cString: strerror(code))); \(fix)")
    }
}
