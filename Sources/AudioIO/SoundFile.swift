/// Whole-file conveniences over ``SoundFileInput`` and ``WAVFileOutput``.
public enum SoundFile {
    /// Reads any audio file libsndfile reads as 8 kHz mono 16-bit samples (downmixed, resampled).
    /// - Throws: ``AudioFileError`` naming the file.
    public static func read(_ path: String) throws -> [Int16] {
        do {
            return try SoundFileInput(path: path).readToEnd()
        } catch let error as AudioFileError where error.path.isEmpty {
            throw AudioFileError(error.code, path: path, message: error.message)
        }
    }

    /// Writes `samples` as an 8 kHz mono 16-bit WAV: temporary file, fsync, rename; owner-only.
    /// - Throws: ``AudioFileError`` `.unwritable` naming the file; an existing file at `path` is then untouched.
    public static func writeWAV(_ samples: [Int16], to path: String) throws {
        let out = try WAVFileOutput(path: path, mode: .atomic)
        do {
            try out.write(samples)
            try out.finish()
        } catch {
            out.abandon()
            throw error
        }
    }
}
