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
    public var path: String { sink.path }
    /// Frames (sample pairs) written so far.
    public private(set) var framesWritten = 0

    private let sink: SoundFileSink
    private var interleaved: [Int16] = []

    /// Creates the file's folder (owner-only) and a temporary file beside `path`, and starts encoding.
    /// - Throws: ``AudioFileError`` `.unwritable` naming the path.
    public init(path: String) throws {
        sink = try SoundFileSink(path: path, atomic: true, channels: 2, format: Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16),
                                 formatName: "FLAC", advice: "; check that libsndfile has FLAC support")
    }

    deinit {
        if sink.handle != nil { abandon() }
    }

    /// Appends frames: `left[i]` and `right[i]` form frame i (the shorter side is padded with silence).
    /// - Throws: ``AudioFileError`` `.unwritable` (e.g. disk full).
    public func write(left: UnsafeBufferPointer<Int16>, right: UnsafeBufferPointer<Int16>) throws {
        guard let handle = sink.handle else { preconditionFailure("write after finish() or abandon()") }
        let n = max(left.count, right.count)
        if n == 0 { return }
        if interleaved.count < 2 * n { interleaved = [Int16](repeating: 0, count: 2 * n) }
        for i in 0..<n {
            interleaved[2 * i] = i < left.count ? left[i] : 0
            interleaved[2 * i + 1] = i < right.count ? right[i] : 0
        }
        let written = interleaved.withUnsafeBufferPointer { Int(sf_writef_short(handle, $0.baseAddress, sf_count_t(n))) }
        framesWritten += max(written, 0)
        if written != n { throw sink.writeError(after: framesWritten, "frames") }
    }

    /// Completes the file: encoder flush, fsync, rename into place, fsync of the folder.
    /// - Throws: ``AudioFileError`` `.unwritable`; the temporary file is removed and nothing is left at ``path``.
    public func finish() throws { try sink.finish() }

    /// Stops and removes the temporary file.
    public func abandon() { sink.abandon() }
}
