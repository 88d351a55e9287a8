/// Makes DTMF signals: one digit's tone pair or a whole dialled string, with levels in dBm0, twist, timing in
/// samples and random starting phases (from a caller-supplied generator, so tests are reproducible).
public struct DTMFGenerator: Sendable {
    /// Level of the low-group tone, in dBm0 (−10 dBm0 per tone is a typical telephone's output).
    public var lowLevelDBm0: Double
    /// Level of the high-group tone minus that of the low-group tone, in dB (telephones use about +2).
    public var twistDB: Double
    /// Relative frequency error applied to the low tone (0.01 = +1 %).
    public var lowFrequencyError: Double = 0
    /// Relative frequency error applied to the high tone (0.01 = +1 %).
    public var highFrequencyError: Double = 0

    /// A generator with tones at `lowLevelDBm0` and `lowLevelDBm0 + twistDB`.
    public init(lowLevelDBm0: Double = -10, twistDB: Double = 0) {
        self.lowLevelDBm0 = lowLevelDBm0
        self.twistDB = twistDB
    }

    /// One digit's tone pair, `samples` long, unrounded, with random phases drawn from `rng`.
    public func tone(_ digit: DTMFDigit, samples: Int, using rng: inout some RandomNumberGenerator) -> [Double] {
        let phases = [Double.random(in: 0..<(2 * DSPMath.pi), using: &rng), Double.random(in: 0..<(2 * DSPMath.pi), using: &rng)]
        var generator = ToneGenerator(
            frequenciesHz: [digit.lowFrequencyHz * (1 + lowFrequencyError), digit.highFrequencyHz * (1 + highFrequencyError)],
            levelsDBm0: [lowLevelDBm0, lowLevelDBm0 + twistDB], phasesRadians: phases)
        return generator.render(count: samples)
    }

    /// `digits` dialled with `onSamples` of tone and `offSamples` of silence after each, unrounded.
    public func sequence(_ digits: [DTMFDigit], onSamples: Int, offSamples: Int,
                         using rng: inout some RandomNumberGenerator) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(digits.count * (onSamples + offSamples))
        for digit in digits {
            out += tone(digit, samples: onSamples, using: &rng)
            out += [Double](repeating: 0, count: offSamples)
        }
        return out
    }

    /// Parses "0123456789*#ABCD" (case-insensitive; spaces, dashes ignored); nil naming the first bad character.
    public static func digits(_ text: String) -> Result<[DTMFDigit], DTMFParseError> {
        var out: [DTMFDigit] = []
        for ch in text where ch != " " && ch != "-" {
            guard let d = DTMFDigit(ch) else { return .failure(DTMFParseError(character: ch)) }
            out.append(d)
        }
        return .success(out)
    }
}

/// A character that is not a DTMF symbol.
public struct DTMFParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The offending character.
    public let character: Character
    public var description: String { "'\(character)' is not a DTMF digit (use 0-9, *, #, A-D)" }
}

/// Seeded white Gaussian noise (xoshiro256** with Box–Muller), for test signals and comfort noise.
public struct WhiteNoise: Sendable, RandomNumberGenerator {
    private var s: (UInt64, UInt64, UInt64, UInt64)
    private var spare: Double?

    /// Noise reproducible from `seed`.
    public init(seed: UInt64) {
        var z = seed
        func splitmix() -> UInt64 {
            z &+= 0x9E37_79B9_7F4A_7C15
            var r = z
            r = (r ^ (r >> 30)) &* 0xBF58_476D_1CE4_E5B9
            r = (r ^ (r >> 27)) &* 0x94D0_49BB_1331_11EB
            return r ^ (r >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    /// Next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = s.3 << 45 | s.3 >> 19
        return result
    }

    /// A standard normal deviate.
    public mutating func gaussian() -> Double {
        if let g = spare { spare = nil; return g }
        var u1 = 0.0
        repeat { u1 = Double.random(in: 0..<1, using: &self) } while u1 == 0
        let u2 = Double.random(in: 0..<1, using: &self)
        let r = (-2 * DSPMath.log(u1)).squareRoot()
        let a = 2 * DSPMath.pi * u2
        spare = r * DSPMath.sin(a)
        return r * DSPMath.cos(a)
    }

    /// `count` samples of white noise (flat 0–4 kHz) at `levelDBm0`, unrounded.
    public mutating func render(count: Int, levelDBm0: Double) -> [Double] {
        let sigma = Level.meanSquare(dBm0: levelDBm0).squareRoot()
        return (0..<max(0, count)).map { _ in sigma * gaussian() }
    }
}
