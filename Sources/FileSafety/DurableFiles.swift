package import Foundation

/// The one helper for crash-safe, owner-only files, shared by the audio files, the prompt store, the partial
/// recordings and the ticket stores (package access: no product exports it).
///
/// - Folders are created 0700 and files 0600 (owner-only).
/// - A file is written beside its final place under one temporary naming scheme
///   (`.<name>.tmp-<8 hex>`, see ``temporaryPath(beside:)``), fsynced, renamed into place, and its folder fsynced.
/// - Errors are ``FileError`` values carrying the errno, the path and the action; each library turns them into its
///   own error type.
package enum DurableFiles {
    /// The marker of temporary files: a crash can leave one behind; ``sweepTemporaryFiles(in:)`` removes those no
    /// live writer holds.
    package static let temporaryInfix = ".tmp-"

    /// A temporary path beside `path` (same folder, so that the final rename is atomic): `<folder>/.<name>.tmp-<8 hex>`.
    package static func temporaryPath(beside path: String) -> String {
        let folder = directory(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let unique = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let suffix = String(repeating: "0", count: 8 - unique.count) + unique
        return (path.contains("/") ? folder + "/" : "") + "." + name + temporaryInfix + suffix
    }

    /// Whether a file name follows the temporary naming scheme (or the older `.tmp-…` names).
    package static func isTemporary(_ name: String) -> Bool { name.contains(temporaryInfix) }

    /// The folder part of a path ("." when there is none).
    package static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Creates a folder and its missing parents with mode 0700. Existing folders are left as they are.
    /// - Throws: ``FileError`` naming the folder (also when the path exists and is not a folder).
    package static func makeOwnerOnlyDirectories(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            prefix += "/" + part
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST {
                throw FileError(errno, path: prefix, action: "cannot create the folder")
            }
        }
        var st = stat()
        if stat(path, &st) == 0, st.st_mode & S_IFMT != S_IFDIR {
            throw FileError(ENOTDIR, path: path, action: "cannot use as a folder")
        }
    }

    /// Creates (exclusively) an owner-only file for writing and returns its descriptor.
    /// - Throws: ``FileError`` naming the file.
    package static func createOwnerOnlyFile(_ path: String, readable: Bool = false) throws -> Int32 {
        let fd = open(path, (readable ? O_RDWR : O_WRONLY) | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileError(errno, path: path, action: "cannot create") }
        return fd
    }

    /// Writes every byte of `bytes` to `fd`, retrying short writes and EINTR.
    /// - Returns: 0, or the errno of the failed `write`.
    package static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
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

    /// Writes `data` to `path` through a temporary file beside it: write, fsync, rename, fsync the folder. Mode 0600.
    /// The temporary file is locked (flock) while it exists, so a sweep never removes one a live writer holds.
    /// - Throws: ``FileError``; the temporary file is removed and any old file left untouched.
    package static func writeAtomically(_ data: Data, to path: String) throws {
        let temp = temporaryPath(beside: path)
        let fd = try createOwnerOnlyFile(temp)
        var failure: Int32 = flock(fd, LOCK_EX) == 0 ? 0 : errno
        if failure == 0 { failure = data.withUnsafeBytes { writeAll(fd, $0) } }
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        if failure == 0 && rename(temp, path) != 0 { failure = errno }
        if failure != 0 { unlink(temp) }
        close(fd)  // after the rename: the temporary name never exists unlocked
        if failure != 0 { throw FileError(failure, path: path, action: "cannot write") }
        let folderError = fsyncDirectory(directory(of: path))
        if folderError != 0 { throw FileError(folderError, path: path, action: "cannot fsync the folder of") }
    }

    /// Removes the temporary files an interrupted write left in `folder`: those whose lock can be taken (no live
    /// writer holds them). - Returns: the names removed.
    @discardableResult
    package static func sweepTemporaryFiles(in folder: String) -> [String] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter(isTemporary)
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

    /// fsyncs an open file. - Returns: 0, or the errno of `fsync`.
    package static func fsyncFile(_ fd: Int32) -> Int32 { fsync(fd) == 0 ? 0 : errno }

    /// fsyncs a folder so that a rename into it survives a power cut.
    /// - Returns: 0 on success, otherwise the errno of `open` or `fsync`.
    @discardableResult
    package static func fsyncDirectory(_ path: String) -> Int32 {
        let fd = open(path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return errno }
        defer { close(fd) }
        return fsync(fd) == 0 ? 0 : errno
    }

    /// Takes an exclusive lock (flock) on `path`, retrying EINTR; with `create` the file is made owner-only first.
    /// - Returns: the open descriptor holding the lock. - Throws: ``FileError``.
    package static func lockFile(_ path: String, create: Bool = false, action: String) throws -> Int32 {
        let fd = create ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600) : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(errno, path: path, action: "cannot open \(action)") }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { let e = errno; close(fd); throw FileError(e, path: path, action: "cannot lock \(action)") }
        }
        return fd
    }
}
