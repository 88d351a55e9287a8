/// The harmonic-comb test: what tells a high voice from a digit.
///
/// A voiced sound is a comb of harmonics k·f0. A high voice (f0 ≈ 110–350 Hz) can put two of them near a row and
/// a column frequency: f0 ≈ 234 Hz has its 3rd harmonic at 702 Hz and its 7th at 1638 Hz, an `A`; f0 ≈ 172 Hz
/// puts its 4th and 7th on a `1`. The other DTMF bins and the guard bins see only some of the other harmonics;
/// the sub-harmonics below the low tone (f0, 2·f0, …) fall where no DTMF bin looks. A digit is two sines and
/// nothing else on that comb.
///
/// So when the two measured tone frequencies are, within 1.2 %, the m-th and n-th harmonics of one f0
/// (m = 3…5, f0 ≥ 110 Hz), the block's other comb frequencies k·f0 are measured with a Hann-windowed DFT, and
/// the block is vetoed if they hold at least ``combRatio`` of the weaker tone's energy. The largest comb component
/// is left out of that sum, so one steady third tone cannot veto a digit (a voice has many harmonics), except
/// when it is the fundamental itself (at most 7 dB below the weaker tone): then a quarter of that is enough. A 450 Hz
/// dial tone (+10 dB over the digit is allowed) and its window leakage are not counted.
extension DTMFDetector {
    /// Energy on the comb, relative to the weaker tone, from which a block is a voice (−6 dB).
    static let combRatio: Float = 0.25
    /// The dial tone that may sound under a digit (China: 450 Hz).
    static let dialToneHz: Float = 450
    /// The Hann window over one 128-sample block.
    static let hann: [Float] = (0..<DTMFDetector.blockSamples).map { n in
        let s = BlockMath.sinAny(Float.pi * (Float(n) + 0.5) / Float(DTMFDetector.blockSamples))
        return s * s
    }

    /// Whether the tones at `low` and `high` hertz look like two harmonics of a voice.
    func isHarmonicComb(low: Float, high: Float) -> Bool {
        for m in 3...5 {
            let f0 = low / Float(m)
            if f0 < 110 { break }
            let n = (high / f0).rounded()
            if abs(n * f0 - high) > 0.012 * high { continue }
            var probes: [Float] = [low, high, Self.dialToneHz]
            var k: Float = 1
            while k * f0 < 3700, k <= n + 3 {
                let f = k * f0
                if abs(f - low) > 50, abs(f - high) > 50 { probes.append(f) }
                k += 1
            }
            let energies = windowedEnergies(probes)
            let weaker = min(energies[0], energies[1])
            // A steady tone at 450 Hz (China's dial tone) is allowed under a digit: when one is there (450 Hz
            // itself stronger than the comb frequency next to it, which a voice's harmonic there would not be),
            // the comb frequencies within its leakage are not counted.
            var nearest: Float = 0
            var nearestDistance: Float = .infinity
            for (f, e) in zip(probes.dropFirst(3), energies.dropFirst(3)) where abs(f - Self.dialToneHz) < nearestDistance {
                nearestDistance = abs(f - Self.dialToneHz)
                nearest = e
            }
            let dialTone = energies[2] >= 0.5 * weaker && energies[2] >= nearest
            var sum: Float = 0, largest: Float = 0, largestIsFundamental = false
            for (f, e) in zip(probes.dropFirst(3), energies.dropFirst(3)) {
                if dialTone, abs(f - Self.dialToneHz) < 110 { continue }
                sum += e
                if e > largest {
                    largest = e
                    largestIsFundamental = abs(f - f0) < 1
                }
            }
            // The largest comb component is left out (one steady third tone is not a voice), unless it is the
            // fundamental itself, no more than 7 dB below the weaker tone: then a little more harmonic energy makes it a voice.
            let threshold = largestIsFundamental && largest >= 0.2 * weaker ? Self.combRatio / 4 : Self.combRatio
            if sum - largest >= threshold * weaker { return true }
        }
        return false
    }

    /// |X(f)|² of the Hann-windowed block (the last four sub-blocks in the ring) at each of `frequencies` (Hz).
    private func windowedEnergies(_ frequencies: [Float]) -> [Float] {
        var out: [Float] = []
        out.reserveCapacity(frequencies.count)
        var start = 0
        while start < frequencies.count {
            var c = SIMD8<Float>()
            let count = min(8, frequencies.count - start)
            for lane in 0..<count {
                c[lane] = 2 * BlockMath.sinAny(2 * Float.pi * frequencies[start + lane] / Float(Telephony.sampleRate) + Float.pi / 2)
            }
            var s1 = SIMD8<Float>(), s2 = SIMD8<Float>()
            withRing { r in
                Self.hann.withUnsafeBufferPointer { w in
                    var index = 0
                    for i in (0..<4).reversed() {
                        let p = r + ((newestSlot - i) & 7) * GoertzelBank.subBlockSamples
                        for j in 0..<GoertzelBank.subBlockSamples {
                            let s0 = c * s1 - s2 + SIMD8<Float>(repeating: Float(p[j]) * w[index])
                            s2 = s1
                            s1 = s0
                            index += 1
                        }
                    }
                }
            }
            let e = s1 * s1 + s2 * s2 - c * s1 * s2
            for lane in 0..<count { out.append(e[lane]) }
            start += 8
        }
        return out
    }
}
