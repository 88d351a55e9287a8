import DSP
import Foundation

/// Generated signals: the neutral tone played when a prompt is missing everywhere (so the call goes on and the
/// caller hears that something was meant to play), at the target level.
public enum NeutralTone {
    /// 400 ms of 440 Hz with 20 ms fades, at -26 dBov active level, 8 kHz.
    public static let samples: [Int16] = sine(frequencyHz: 440, milliseconds: 400, levelDBov: -26)

    /// A sine with raised-cosine fades of 20 ms at each end.
    /// - Parameters:
    ///   - frequencyHz: frequency in Hz.
    ///   - milliseconds: duration in ms.
    ///   - levelDBov: RMS level in dBov (a full-scale sine is -3 dBov).
    public static func sine(frequencyHz: Double, milliseconds: Int, levelDBov: Double) -> [Int16] {
        let n = Telephony.samples(milliseconds: milliseconds)
        let fade = min(n / 2, Telephony.samples(milliseconds: 20))
        let amplitude = 32768 * pow(10, levelDBov / 20) * 2.0.squareRoot()
        return (0..<n).map { i in
            var gain = 1.0
            if i < fade { gain = 0.5 - 0.5 * cos(Double.pi * Double(i) / Double(fade)) }
            if i >= n - fade { gain = 0.5 - 0.5 * cos(Double.pi * Double(n - 1 - i) / Double(fade)) }
            let v = amplitude * gain * sin(2 * Double.pi * frequencyHz * Double(i) / Double(Telephony.sampleRate))
            return Int16(max(-32768, min(32767, v.rounded())))
        }
    }
}
