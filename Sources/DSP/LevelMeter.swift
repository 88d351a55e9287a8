/// Measures the level of 20 ms frames in dBm0 and decides speech versus silence with a hangover, for the
/// engine's "5 s of silence ends a voicemail" and no-input timers. Time is counted in frames, never read
/// from a clock.
public struct LevelMeter: Sendable {
    /// Frames at or above this level, in dBm0, count as speech (−40 dBm0 sits above a quiet line's noise).
    public let speechThresholdDBm0: Double
    /// Speech stays "on" for this many frames after the last loud frame (bridges pauses between words).
    public let hangoverFrames: Int
    /// Level of the last frame measured, in dBm0 (−∞ before any frame or for digital silence).
    public private(set) var lastLevelDBm0 = -Double.infinity
    /// Consecutive frames without speech (after the hangover), since the last speech or since start.
    public private(set) var silentFrames = 0
    /// Whether the last frame counted as speech (including hangover).
    public private(set) var isSpeech = false

    private let thresholdMeanSquare: Double
    private var hangoverLeft = 0

    /// A meter with a speech threshold in dBm0 and a hangover in 20 ms frames.
    public init(speechThresholdDBm0: Double = -40, hangoverFrames: Int = 10) {
        self.speechThresholdDBm0 = speechThresholdDBm0
        self.hangoverFrames = hangoverFrames
        thresholdMeanSquare = Level.meanSquare(dBm0: speechThresholdDBm0)
    }

    /// Level of `frame` in dBm0 (mean square over the frame; −∞ for an empty or silent frame).
    public static func levelDBm0(_ frame: UnsafeBufferPointer<Int16>) -> Double {
        guard !frame.isEmpty else { return -.infinity }
        var sum: Int64 = 0
        for s in frame { sum += Int64(s) * Int64(s) }
        return Level.dBm0(meanSquare: Double(sum) / Double(frame.count))
    }

    /// Measures one frame (normally ``Telephony/frameSamples`` samples) and updates the speech decision.
    /// - Returns: whether the frame counts as speech (including hangover).
    @discardableResult
    public mutating func measure(_ frame: UnsafeBufferPointer<Int16>) -> Bool {
        var sum: Int64 = 0
        for s in frame { sum += Int64(s) * Int64(s) }
        let meanSquare = frame.isEmpty ? 0 : Double(sum) / Double(frame.count)
        lastLevelDBm0 = meanSquare > 0 ? Level.dBm0(meanSquare: meanSquare) : -.infinity
        if meanSquare >= thresholdMeanSquare {
            hangoverLeft = hangoverFrames
            isSpeech = true
            silentFrames = 0
        } else if hangoverLeft > 0 {
            hangoverLeft -= 1
            isSpeech = true
        } else {
            isSpeech = false
            silentFrames += 1
        }
        return isSpeech
    }

    /// Measures one frame given as an array.
    @discardableResult
    public mutating func measure(_ frame: [Int16]) -> Bool { frame.withUnsafeBufferPointer { measure($0) } }
}
