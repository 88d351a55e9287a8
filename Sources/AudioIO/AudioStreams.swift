/// A source of 8 kHz mono 16-bit samples: a caller recording, or ALSA capture.
///
/// The call loop reads 20 ms frames (160 samples); any buffer size works.
public protocol AudioInput: AnyObject {
    /// Fills `buffer` from the start with as many samples as are available, up to its count.
    /// - Returns: the number of samples written; 0 means the end of the stream (for a file: the caller hung up).
    /// - Throws: ``AudioFileError`` or ``ALSAError``.
    func read(into buffer: UnsafeMutableBufferPointer<Int16>) throws -> Int
}

/// A sink of 8 kHz mono 16-bit samples: ALSA playback, or a WAV file of what the line played.
public protocol AudioOutput: AnyObject {
    /// Writes all of `samples`.
    /// - Throws: ``AudioFileError`` or ``ALSAError``.
    func write(_ samples: UnsafeBufferPointer<Int16>) throws
}

extension AudioInput {
    /// Reads up to `maxSamples` samples into a new array (empty at the end of the stream).
    public func read(maxSamples: Int) throws -> [Int16] {
        var out = [Int16](repeating: 0, count: maxSamples)
        let n = try out.withUnsafeMutableBufferPointer { try read(into: $0) }
        out.removeLast(maxSamples - n)
        return out
    }

    /// Reads the rest of the stream into one array.
    public func readToEnd() throws -> [Int16] {
        var all: [Int16] = []
        var chunk = [Int16](repeating: 0, count: 4096)
        while true {
            let n = try chunk.withUnsafeMutableBufferPointer { try read(into: $0) }
            if n == 0 { return all }
            all.append(contentsOf: chunk[0..<n])
        }
    }
}

extension AudioOutput {
    /// Writes all samples of an array.
    public func write(_ samples: [Int16]) throws {
        try samples.withUnsafeBufferPointer { try write($0) }
    }
}
