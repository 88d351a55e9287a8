import DSP
import Foundation
internal import CSndFile

/// Writes an 8 kHz mono 16-bit WAV file, owner-only (mode 0600), crash-safe.
///
/// In `.atomic` mode samples go to a temporary file beside the target, and ``finish()`` closes it, fsyncs it,
/// renames it over the target and fsyncs the folder: readers see the old file or the whole new one, never half.
/// In `.streaming` mode the file is written in place and its header is rewritten after every write, so a
/// process killed mid-recording leaves a readable WAV (used for voicemail in progress).
///
/// The corresponding C functions are `sf_open_fd`, `sf_write_short` and `sf_close`.
public final class WAVFileOutput: AudioOutput {
    /// How the file reaches its final path.
    public enum Mode: Sendable {
        /// Temporary file, fsync, rename on ``WAVFileOutput/finish()``.
        case atomic
        /// In place, header kept current after each write.
        case streaming
    }

    /// The final path of the file.
    public let path: String
    /// The path samples are being written to now.
    public let workingPath: String
    /// How the file reaches its final path.
    public let mode: Mode
    /// Samples written so far.
    public private(set) var samplesWritten = 0

    private var handle: OpaquePointer?
    private var fd: Int32

    /// Creates the file (and its folder, owner-only) and starts writing.
    /// - Throws: ``AudioFileError`` with code `.unwritable` naming the path.
    public init(path: String, mode: Mode = .atomic) throws {
        self.path = path
        self.mode = mode
        let dir = SafeFiles.directory(of: path)
        try SafeFiles.makeOwnerOnlyDirectory(dir)
        workingPath = mode == .atomic ? SafeFiles.temporaryPath(beside: path) : path
        let flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | (mode == .atomic ? O_EXCL : 0)
        fd = open(workingPath, flags, 0o600)
        if fd < 0 {
            throw AudioFileError(.unwritable, path: path,
                                 message: "cannot create: \(String(cString: strerror(errno))); check the folder's permissions and free space")
        }
        var info = SF_INFO()
        info.samplerate = Int32(Telephony.sampleRate)
        info.channels = 1
        info.format = Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
        guard let h = sf_open_fd(fd, Int32(SFM_WRITE), &info, 0) else {
            let reason = String(cString: sf_strerror(nil))
            close(fd)
            unlink(workingPath)
            throw AudioFileError(.unwritable, path: path, message: "cannot start a WAV file: \(reason)")
        }
        handle = h
        if mode == .streaming {
            // Crash safety relies on the header being rewritten after every write: refuse to stream without it.
            guard sf_command(h, Int32(SFC_SET_UPDATE_HEADER_AUTO), nil, 1) == 1 else {
                sf_close(h)
                unlink(workingPath)
                throw AudioFileError(.unwritable, path: path, message: "libsndfile refused to keep the WAV header up to date (SFC_SET_UPDATE_HEADER_AUTO); a crash would lose the recording")
            }
        }
    }

    deinit {
        if handle != nil { abandon() }
    }

    public func write(_ samples: UnsafeBufferPointer<Int16>) throws {
        guard let handle else { preconditionFailure("write after finish() or abandon()") }
        if samples.isEmpty { return }
        let n = Int(sf_write_short(handle, samples.baseAddress, sf_count_t(samples.count)))
        samplesWritten += max(n, 0)
        if n != samples.count {
            let reason = String(cString: sf_strerror(handle))
            throw AudioFileError(.unwritable, path: path, message: "write failed after \(samplesWritten) samples: \(reason); check free disk space")
        }
    }

    /// Completes the file: header, fsync, and (atomic mode) rename into place and fsync of the folder.
    /// - Throws: ``AudioFileError`` `.unwritable`; in atomic mode the temporary file is removed and any previous
    ///   file at ``path`` is left untouched.
    public func finish() throws {
        guard let h = handle else { return }
        handle = nil
        let closeStatus = sf_close(h)
        let syncStatus = fsync(fd)
        let syncErrno = errno
        close(fd)
        if closeStatus != 0 || syncStatus != 0 {
            if mode == .atomic { unlink(workingPath) }
            let reason = syncStatus != 0 ? String(cString: strerror(syncErrno)) : "libsndfile could not finalise the header"
            throw AudioFileError(.unwritable, path: path, message: "cannot finish the file: \(reason); check free disk space")
        }
        if mode == .atomic {
            if rename(workingPath, path) != 0 {
                let reason = String(cString: strerror(errno))
                unlink(workingPath)
                throw AudioFileError(.unwritable, path: path, message: "cannot move the finished file into place: \(reason)")
            }
        }
        SafeFiles.fsyncDirectory(SafeFiles.directory(of: path))
    }

    /// Stops writing and removes the temporary file (atomic mode); a streaming file is left as written.
    public func abandon() {
        if let h = handle {
            sf_close(h)
            close(fd)
            handle = nil
        }
        if mode == .atomic { unlink(workingPath) }
    }
}
