/// Constants of the telephone audio every layer agrees on: 8 kHz mono 16-bit linear PCM in 20 ms frames.
public enum Telephony {
    /// Samples per second of every call, prompt and recording inside the engine.
    public static let sampleRate = 8000
    /// Samples in one 20 ms frame, the unit of the call loop.
    public static let frameSamples = 160
    /// Converts a duration in milliseconds to a count of samples at ``sampleRate``.
    @inlinable public static func samples(milliseconds: Int) -> Int { milliseconds * sampleRate / 1000 }
    /// Converts a count of samples at ``sampleRate`` to seconds.
    @inlinable public static func seconds(samples: Int) -> Double { Double(samples) / Double(sampleRate) }
}
