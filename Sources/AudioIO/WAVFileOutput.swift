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
    public var path: String { sink.path }
    /// The path samples are being written to now.
    public var workingPath: String { sink.workingPath }
    /// How the file reaches its final path.
    public let mode: Mode
    /// Samples written so far.
    public private(set) var samplesWritten = 0

    private let sink: SoundFileSink

    /// Creates the file (and its folder, owner-only) and starts writing.
    /// - Throws: ``AudioFileError`` with code `.unwritable` naming the path.
    public init(path: String, mode: Mode = .atomic) throws {
        self.mode = mode
        sink = try SoundFileSink(path: path, atomic: mode == .atomic, channels: 1,
                                 format: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16), formatName: "WAV")
        if mode == .streaming {
            // Crash safety relies on the header being rewritten after every write: refuse to stream without it.
            guard sf_command(sink.handle, Int32(SFC_SET_UPDATE_HEADER_AUTO), nil, 1) == 1 else {
                sink.discard()
                throw AudioFileError(.unwritable, path: path, message: "libsndfile refused to keep the WAV header up to date (SFC_SET_UPDATE_HEADER_AUTO); a crash would lose the recording")
            }
        }
    }

    deinit {
        if sink.handle != nil { abandon() }
    }

    public func write(_ samples: UnsafeBufferPointer<Int16>) throws {
        guard let handle = sink.handle else { preconditionFailure("write after finish() or abandon()") }
        if samples.isEmpty { return }
        let n = Int(sf_write_short(handle, samples.baseAddress, sf_count_t(samples.count)))
        samplesWritten += max(n, 0)
        if n != samples.count { throw sink.writeError(after: samplesWritten, "samples") }
    }

    /// Completes the file: header, fsync, and (atomic mode) rename into place and fsync of the folder.
    /// - Throws: ``AudioFileError`` `.unwritable`; in atomic mode the temporary file is removed and any previous
    ///   file at ``path`` is left untouched.
    public func finish() throws { try sink.finish() }

    /// Stops writing and removes the temporary file (atomic mode); a streaming file is left as written.
    public func abandon() { sink.abandon() }
}
