import Foundation

/// Small POSIX helpers for owner-only folders and crash-safe writes (temporary file, fsync, rename).
public enum SafeFiles {
    /// Creates `path` and its missing parents with mode 0700 (owner-only). Existing folders are left as they are.
    /// - Throws: ``AudioFileError`` with code `.unwritable`.
    public static func makeOwnerOnlyDirectory(_ path: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            if isDir.boolValue { return }
            throw AudioFileError(.unwritable, path: path, message: "exists but is not a folder; remove it or choose another path")
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try makeOwnerOnlyDirectory(parent) }
        if mkdir(path, 0o700) != 0, errno != EEXIST {
            let reason = String(cString: strerror(errno))
            throw AudioFileError(.unwritable, path: path, message: "cannot create folder: \(reason); check permissions and free space")
        }
    }

    /// Flushes a folder's entries to disk so that a rename into it survives a crash.
    /// - Returns: 0 on success, otherwise the errno of `open` or `fsync`.
    @discardableResult
    public static func fsyncDirectory(_ path: String) -> Int32 {
        let fd = open(path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return errno }
        defer { close(fd) }
        return fsync(fd) == 0 ? 0 : errno
    }

    /// A temporary path beside `path`, in the same folder so that the final rename is atomic.
    public static func temporaryPath(beside path: String) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let unique = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let tmpName = ".\(name).\(unique).tmp"
        return dir.isEmpty ? tmpName : (dir as NSString).appendingPathComponent(tmpName)
    }

    /// The folder part of a path ("." when there is none).
    public static func directory(of path: String) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        return dir.isEmpty ? "." : dir
    }
}
