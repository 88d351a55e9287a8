import DSP
import FileSafety
import Foundation
internal import CSndFile

/// The file side shared by ``WAVFileOutput`` and ``FLACStereoFileOutput``: an owner-only file opened through a
/// file descriptor for libsndfile, either written in place or through a temporary file beside the target that
/// ``finish()`` fsyncs, renames into place and follows with an fsync of the folder.
///
/// The corresponding C functions are `open`, `sf_open_fd`, `sf_close`, `fsync` and `rename`.
final class SoundFileSink {
    /// The final path of the file.
    let path: String
    /// The path samples are being written to now (a temporary file when `atomic`).
    let workingPath: String
    /// Whether the file reaches ``path`` by a rename on ``finish()``.
    let atomic: Bool
    /// The libsndfile handle while writing; nil after ``finish()`` or ``abandon()``.
    private(set) var handle: OpaquePointer?
    private let fd: Int32

    /// Creates the folder (owner-only) and the file, and starts libsndfile on it.
    /// - Parameters:
    ///   - format: libsndfile's `SF_FORMAT_*` bits; `formatName` names it in errors ("WAV", "FLAC").
    ///   - advice: what to check when libsndfile refuses to start (appended to the error).
    /// - Throws: ``AudioFileError`` `.unwritable` naming `path`.
    init(path: String, atomic: Bool, channels: Int, format: Int32, formatName: String, advice: String = "") throws {
        self.path = path
        self.atomic = atomic
        try AudioFileError.unwritable { try DurableFiles.makeOwnerOnlyDirectories(DurableFiles.directory(of: path)) }
        workingPath = atomic ? DurableFiles.temporaryPath(beside: path) : path
        fd = open(workingPath, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC | (atomic ? O_EXCL : 0), 0o600)
        if fd < 0 {
            throw AudioFileError(.unwritable, path: path,
                                 message: "cannot create: \(String(cString: strerror(errno))); check the folder's permissions and free space")
        }
        var info = SF_INFO()
        info.samplerate = Int32(Telephony.sampleRate)
        info.channels = Int32(channels)
        info.format = format
        guard let h = sf_open_fd(fd, Int32(SFM_WRITE), &info, 0) else {
            let reason = String(cString: sf_strerror(nil))
            close(fd)
            unlink(workingPath)
            throw AudioFileError(.unwritable, path: path, message: "cannot start a \(formatName) file: \(reason)\(advice)")
        }
        handle = h
    }

    /// The error for a write that stopped short, with libsndfile's reason.
    func writeError(after count: Int, _ unit: String) -> AudioFileError {
        AudioFileError(.unwritable, path: path,
                       message: "write failed after \(count) \(unit): \(String(cString: sf_strerror(handle))); check free disk space")
    }

    /// Completes the file: libsndfile's close (header or encoder flush), fsync, the rename into place when atomic,
    /// and an fsync of the folder.
    /// - Throws: ``AudioFileError`` `.unwritable`; when atomic the temporary file is removed and any previous file
    ///   at ``path`` is left untouched.
    func finish() throws {
        guard let h = handle else { return }
        handle = nil
        let closeStatus = sf_close(h)
        let syncStatus = fsync(fd)
        let syncErrno = errno
        close(fd)
        if closeStatus != 0 || syncStatus != 0 {
            if atomic { unlink(workingPath) }
            let reason = syncStatus != 0 ? String(cString: strerror(syncErrno)) : "libsndfile could not finish the file"
            throw AudioFileError(.unwritable, path: path, message: "cannot finish the file: \(reason); check free disk space")
        }
        if atomic, rename(workingPath, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(workingPath)
            throw AudioFileError(.unwritable, path: path, message: "cannot move the finished file into place: \(reason)")
        }
        DurableFiles.fsyncDirectory(DurableFiles.directory(of: path))
    }

    /// Stops writing; removes the temporary file when atomic (an in-place file is left as written).
    func abandon() {
        if let h = handle {
            sf_close(h)
            close(fd)
            handle = nil
        }
        if atomic { unlink(workingPath) }
    }

    /// Releases libsndfile and the descriptor without finishing (after a failed setup step).
    func discard() {
        if let h = handle { sf_close(h); close(fd); handle = nil }
        unlink(workingPath)
    }
}
