/// A continuous-phase generator of a sum of sine tones at fixed levels, for beeps, call-progress tones
/// (China's 450 Hz dial, ring-back and wait tones) and test signals.
///
/// Each tone is a rotating phasor in `Double`, renormalised every 256 samples, so long tones stay exact.
public struct ToneGenerator: Sendable {
    private var re: [Double]
    private var im: [Double]
    private let stepRe: [Double]
    private let stepIm: [Double]
    private let peaks: [Double]
    private var sinceNormalise = 0

    /// Tones at `frequenciesHz`, each at its level in `levelsDBm0`, starting at `phasesRadians` (default 0).
    public init(frequenciesHz: [Double], levelsDBm0: [Double], phasesRadians: [Double]? = nil) {
        precondition(frequenciesHz.count == levelsDBm0.count, "one level per tone")
        let phases = phasesRadians ?? Array(repeating: 0, count: frequenciesHz.count)
        precondition(phases.count == frequenciesHz.count, "one phase per tone")
        re = phases.map { DSPMath.cos($0) }
        im = phases.map { DSPMath.sin($0) }
        let steps = frequenciesHz.map { 2 * DSPMath.pi * $0 / Double(Telephony.sampleRate) }
        stepRe = steps.map { DSPMath.cos($0) }
        stepIm = steps.map { DSPMath.sin($0) }
        peaks = levelsDBm0.map { Level.sinePeak(dBm0: $0) }
    }

    /// A single tone at `frequencyHz` and `levelDBm0`.
    public init(frequencyHz: Double, levelDBm0: Double, phaseRadians: Double = 0) {
        self.init(frequenciesHz: [frequencyHz], levelsDBm0: [levelDBm0], phasesRadians: [phaseRadians])
    }

    /// The next sample, in 16-bit units, unrounded.
    public mutating func nextSample() -> Double {
        var sum = 0.0
        for k in re.indices {
            sum += peaks[k] * im[k]
            let r = re[k] * stepRe[k] - im[k] * stepIm[k]
            im[k] = re[k] * stepIm[k] + im[k] * stepRe[k]
            re[k] = r
        }
        sinceNormalise += 1
        if sinceNormalise == 256 {
            sinceNormalise = 0
            for k in re.indices {
                let m = (re[k] * re[k] + im[k] * im[k]).squareRoot()
                re[k] /= m
                im[k] /= m
            }
        }
        return sum
    }

    /// The next `count` samples, unrounded (for mixing before ``Samples/quantize(_:)``).
    public mutating func render(count: Int) -> [Double] {
        (0..<max(0, count)).map { _ in nextSample() }
    }

    /// The next `count` samples as 16-bit PCM (rounded, clipped).
    public mutating func renderPCM(count: Int) -> [Int16] { Samples.quantize(render(count: count)) }
}

/// Cadenced call-progress tones of Chinese networks (YD/T 1258: 450 Hz).
public enum CallProgressTone: Sendable {
    /// Continuous 450 Hz dial tone.
    case dial
    /// Ring-back (also the queue's wait tone): 450 Hz, 1 s on, 4 s off.
    case ringBack
    /// Busy: 450 Hz, 0.35 s on, 0.35 s off.
    case busy
    /// A 1 kHz beep of `milliseconds` (the voicemail "record after the tone" beep is 500 ms).
    case beep(milliseconds: Int)

    /// `seconds` of the tone at `levelDBm0` (−10 dBm0 is customary), starting at the beginning of its cadence.
    public func render(seconds: Double, levelDBm0: Double = -10) -> [Int16] {
        let total = Int(seconds * Double(Telephony.sampleRate))
        let (frequency, onMs, offMs): (Double, Int, Int)
        switch self {
        case .dial: (frequency, onMs, offMs) = (450, 1000, 0)
        case .ringBack: (frequency, onMs, offMs) = (450, 1000, 4000)
        case .busy: (frequency, onMs, offMs) = (450, 350, 350)
        case .beep(let ms): (frequency, onMs, offMs) = (1000, ms, max(0, total * 1000 / Telephony.sampleRate - ms))
        }
        var generator = ToneGenerator(frequencyHz: frequency, levelDBm0: levelDBm0)
        let on = Telephony.samples(milliseconds: onMs), period = on + Telephony.samples(milliseconds: offMs)
        var out = [Double](repeating: 0, count: total)
        for i in 0..<total where offMs == 0 || i % period < on { out[i] = generator.nextSample() }
        return Samples.quantize(out)
    }
}

/// Helpers for building signals from unrounded samples.
public enum Samples {
    /// Rounds to 16-bit PCM, clipping at ±32 767/−32 768.
    public static func quantize(_ x: [Double]) -> [Int16] {
        x.map { v in Int16(max(-32768, min(32767, v.rounded()))) }
    }

    /// `a + gain·b`, `b` placed from `offset` in `a` (extends `a` with silence if needed).
    public static func mix(_ a: inout [Double], _ b: [Double], at offset: Int = 0, gain: Double = 1) {
        if a.count < offset + b.count { a += [Double](repeating: 0, count: offset + b.count - a.count) }
        for i in b.indices { a[offset + i] += gain * b[i] }
    }

    /// Mean square of `x` in squared 16-bit units (0 for empty input).
    public static func meanSquare(_ x: some Collection<Double>) -> Double {
        x.isEmpty ? 0 : x.reduce(0) { $0 + $1 * $1 } / Double(x.count)
    }

    /// Mean square of 16-bit `x` in squared 16-bit units (0 for empty input).
    public static func meanSquare(_ x: some Collection<Int16>) -> Double {
        x.isEmpty ? 0 : x.reduce(0) { $0 + Double($1) * Double($1) } / Double(x.count)
    }
}
