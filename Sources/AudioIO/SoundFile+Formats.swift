import FileSafety
import Foundation
internal import CSndFile

/// File formats libsndfile can write, for conversions, test material and exports.
public enum AudioFileFormat: String, CaseIterable, Sendable {
    /// WAV, unsigned 8-bit PCM.
    case wavU8 = "wav-u8"
    /// WAV, 16-bit PCM (the line's own format at 8 kHz mono).
    case wav16 = "wav-16"
    /// WAV, 24-bit PCM.
    case wav24 = "wav-24"
    /// WAV, 32-bit PCM.
    case wav32 = "wav-32"
    /// WAV, 32-bit float.
    case wavFloat = "wav-float"
    /// WAV, G.711 µ-law.
    case wavMuLaw = "wav-ulaw"
    /// WAV, G.711 A-law.
    case wavALaw = "wav-alaw"
    /// FLAC, 16-bit.
    case flac
    /// Ogg Vorbis (lossy).
    case ogg
    /// AIFF, 16-bit PCM.
    case aiff

    var sndfileFormat: Int32 {
        switch self {
        case .wavU8: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_U8)
        case .wav16: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
        case .wav24: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_24)
        case .wav32: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_32)
        case .wavFloat: Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT)
        case .wavMuLaw: Int32(SF_FORMAT_WAV | SF_FORMAT_ULAW)
        case .wavALaw: Int32(SF_FORMAT_WAV | SF_FORMAT_ALAW)
        case .flac: Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
        case .ogg: Int32(SF_FORMAT_OGG | SF_FORMAT_VORBIS)
        case .aiff: Int32(SF_FORMAT_AIFF | SF_FORMAT_PCM_16)
        }
    }
}

extension SoundFile {
    /// Writes interleaved float samples (-1...1) in any ``AudioFileFormat``, rate and channel count,
    /// atomically (temporary file, fsync, rename) and owner-only.
    /// - Throws: ``AudioFileError`` `.unwritable` (or `.unsupported` when libsndfile refuses the combination).
    /// The corresponding C functions are `sf_open_fd` and `sf_writef_float`.
    public static func write(interleaved samples: [Float], channels: Int, sampleRate: Int,
                             format: AudioFileFormat, to path: String) throws {
        precondition(channels > 0 && samples.count % channels == 0, "sample count must be a multiple of channels")
        try AudioFileError.unwritable { try DurableFiles.makeOwnerOnlyDirectories(DurableFiles.directory(of: path)) }
        let tmp = DurableFiles.temporaryPath(beside: path)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 {
            throw AudioFileError(.unwritable, path: path, message: "cannot create: \(String(cString: strerror(errno)))")
        }
        var info = SF_INFO()
        info.samplerate = Int32(sampleRate)
        info.channels = Int32(channels)
        info.format = format.sndfileFormat
        guard let h = sf_open_fd(fd, Int32(SFM_WRITE), &info, 0) else {
            let reason = String(cString: sf_strerror(nil))
            close(fd)
            unlink(tmp)
            throw AudioFileError(.unsupported, path: path, message: "libsndfile cannot write \(format.rawValue) at \(sampleRate) Hz x \(channels): \(reason)")
        }
        let frames = samples.count / channels
        let written = samples.withUnsafeBufferPointer { sf_writef_float(h, $0.baseAddress, sf_count_t(frames)) }
        let closed = sf_close(h)
        let synced = fsync(fd)
        close(fd)
        guard written == frames, closed == 0, synced == 0, rename(tmp, path) == 0 else {
            unlink(tmp)
            throw AudioFileError(.unwritable, path: path, message: "cannot write the file completely; check free disk space")
        }
        DurableFiles.fsyncDirectory(DurableFiles.directory(of: path))
    }
}
