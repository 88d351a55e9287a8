import Foundation

/// The format fields of a WAV file's `fmt ` chunk, read directly so `check` can insist on the line's own
/// format (libsndfile would convert anything silently).
public struct WAVFormat: Equatable, Sendable, CustomStringConvertible {
    /// 1 = integer PCM (also for WAVE_FORMAT_EXTENSIBLE with a PCM sub-format), 3 = float, 6/7 = A/µ-law.
    public let encoding: Int
    /// Channel count.
    public let channels: Int
    /// Sample rate in Hz.
    public let sampleRate: Int
    /// Bits per sample.
    public let bitsPerSample: Int

    /// Creates a format description.
    public init(encoding: Int, channels: Int, sampleRate: Int, bitsPerSample: Int) {
        self.encoding = encoding
        self.channels = channels
        self.sampleRate = sampleRate
        self.bitsPerSample = bitsPerSample
    }

    /// Whether this is the line's format: 8 kHz mono 16-bit integer PCM.
    public var isTelephony: Bool { encoding == 1 && channels == 1 && sampleRate == 8000 && bitsPerSample == 16 }

    public var description: String {
        let enc = [1: "PCM", 3: "float", 6: "A-law", 7: "µ-law"][encoding] ?? "encoding \(encoding)"
        return "\(sampleRate) Hz, \(channels) channel\(channels == 1 ? "" : "s"), \(bitsPerSample)-bit \(enc)"
    }

    /// Reads the format of the WAV file at `path`, or nil if it is not a RIFF/WAVE file with a `fmt ` chunk.
    public static func read(_ path: String) -> WAVFormat? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 4096), data.count >= 12 else { return nil }
        let bytes = [UInt8](data)
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        guard bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WAVE".utf8) else { return nil }
        var i = 12
        while i + 8 <= bytes.count {
            let size = u32(i + 4)
            if bytes[i..<i + 4].elementsEqual("fmt ".utf8) {
                guard i + 24 <= bytes.count, size >= 16 else { return nil }
                var encoding = u16(i + 8)
                if encoding == 0xFFFE, i + 34 <= bytes.count, size >= 40 { encoding = u16(i + 32) }
                return WAVFormat(encoding: encoding, channels: u16(i + 10), sampleRate: u32(i + 12), bitsPerSample: u16(i + 22))
            }
            i += 8 + size + (size & 1)
        }
        return nil
    }
}
