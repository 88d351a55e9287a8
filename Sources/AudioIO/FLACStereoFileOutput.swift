import DSP
import Foundation
internal import CSndFile

/// Writes an 8 kHz two-channel 16-bit FLAC file (libsndfile's FLAC encoder), owner-only (0600), crash-safe:
/// frames go to a temporary file beside the target, and ``finish()`` closes it, fsyncs it, renames it into place and
/// fsyncs the folder, so a reader sees no file or the whole one. Used for the calls' QA recordings
/// (caller left, line right).
///
/// The corresponding C functions are `sf_open_fd` (`SF_FORMAT_FLAC | SF_FORMAT_PCM_16`), `sf_writef_short`, `sf_close`.
public final class FLACStereoFileOutput {
    /// The final path of the file.
    public let path: String
    /// Frames (sample pairs) written so far.
    public private(set) var framesWritten = 0

    private let workingPath: String
    private var handle: OpaquePointer?
    private var fd: Int32
    private var interleaved: [Int16] = []

    /// Creates the file's folder (owner-only) and a temporary file beside `path`, and starts encoding.
    /// - Throws: ``AudioFileError`` `.unwritable` naming the path.
    public init(path: String) throws {
        self.path = path
        try SafeFiles.makeOwnerOnlyDirectory(SafeFiles.directory(of: path))
        workingPath = SafeFiles.temporaryPath(beside: path)
        fd = open(workingPath, O_RDWR | O_CREAT | O_TRUNC | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 {
            throw AudioFileError(.unwritable, path: path,
                                 message: "cannot create: \(String(cString: strerror(errno))); check the folder's permissions and free space")
        }
        var info = SF_INFO()
        info.samplerate = Int32(Telephony.sampleRate)
        info.channels = 2
        info.format = Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
        guard let h = sf_open_fd(fd, Int32(SFM_WRITE), &info, 0) else {
            let reason = String(cString: sf_strerror(nil))
            close(fd)
            unlink(workingPath)
            throw AudioFileError(.unwritable, path: path, message: "cannot start a FLAC file: \(reason); check that libsndfile has FLAC support")
        }
        handle = h
    }

    deinit {
        if handle != nil { abandon() }
    }

    /// Appends frames: `left[i]` and `right[i]` form frame i (the shorter side is padded with silence).
    /// - Throws: ``AudioFileError`` `.unwritable` (e.g. disk full).
    public func write(left: UnsafeBufferPointer<Int16>, right: UnsafeBufferPointer<Int16>) throws {
        guard let handle else { preconditionFailure("write after finish() or abandon()") }
        let n = max(left.count, right.count)
        if n == 0 { return }
        if interleaved.count < 2 * n { interleaved = [Int16](repeating: 0, count: 2 * n) }
        for i in 0..<n {
            interleaved[2 * i] = i < left.count ? left[i] : 0
            interleaved[2 * i + 1] = i < right.count ? right[i] : 0
        }
        let written = interleaved.withUnsafeBufferPointer { Int(sf_writef_short(handle, $0.baseAddress, sf_count_t(n))) }
        framesWritten += max(written, 0)
        if written != n {
            let reason = String(cString: sf_strerror(handle))
            throw AudioFileError(.unwritable, path: path, message: "write failed after \(framesWritten) frames: \(reason); check free disk space")
        }
    }

    /// Completes the file: encoder flush, fsync, rename into place, fsync of the folder.
    /// - Throws: ``AudioFileError`` `.unwritable`; the temporary file is removed and nothing is left at ``path``.
    public func finish() throws {
        guard let h = handle else { return }
        handle = nil
        let closeStatus = sf_close(h)
        let syncStatus = fsync(fd)
        let syncErrno = errno
        close(fd)
        if closeStatus != 0 || syncStatus != 0 {
            unlink(workingPath)
            let reason = syncStatus != 0 ? String(cString: strerror(syncErrno)) : "libsndfile could not finish the FLAC stream"
            throw AudioFileError(.unwritable, path: path, message: "cannot finish the file: \(reason); check free disk space")
        }
        if rename(workingPath, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(workingPath)
            throw AudioFileError(.unwritable, path: path, message: "cannot move the finished file into place: \(reason)")
        }
        SafeFiles.fsyncDirectory(SafeFiles.directory(of: path))
    }

    /// Stops and removes the temporary file.
    public func abandon() {
        if let h = handle {
            sf_close(h)
            close(fd)
            handle = nil
        }
        unlink(workingPath)
    }
}
