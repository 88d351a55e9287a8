/// Eight Goertzel filters (one per DTMF frequency) run side by side in one `SIMD8<Float>`, over sub-blocks of
/// ``subBlockSamples`` samples, returning each bin's complex DFT value referenced to the sub-block's last sample.
///
/// Sub-blocks are independent, so ``analyse4(_:_:_:_:)`` runs four of them interleaved: four independent
/// recurrences hide the latency of `s₀ = c·s₁ − s₂ + x`, which is what bounds a single channel's speed (written
/// `c·s₁ + (x − s₂)` so that only a multiply and an add sit on the dependency chain).
/// Both entry points perform the same arithmetic per sub-block, so results do not depend on how the caller
/// chunks its audio.
struct GoertzelBank: Sendable {
    /// Samples per sub-block (4 ms at 8 kHz).
    static let subBlockSamples = 32

    /// One sub-block's complex bin values (real and imaginary parts, one lane per frequency).
    struct Bins: Sendable {
        var re: SIMD8<Float>
        var im: SIMD8<Float>
        static let zero = Bins(re: .zero, im: .zero)
        /// |W|² per lane.
        var energy: SIMD8<Float> { re * re + im * im }
    }

    /// 2·cos ω per lane.
    let coefficient: SIMD8<Float>
    /// cos ω per lane.
    let cosine: SIMD8<Float>
    /// sin ω per lane.
    let sine: SIMD8<Float>

    /// A bank for `frequenciesHz` (8 values) at `sampleRate` hertz.
    init(frequenciesHz: [Double], sampleRate: Double) {
        precondition(frequenciesHz.count == 8)
        var c = SIMD8<Float>(), co = SIMD8<Float>(), si = SIMD8<Float>()
        for (lane, f) in frequenciesHz.enumerated() {
            let w = 2 * DSPMath.pi * f / sampleRate
            c[lane] = Float(2 * DSPMath.cos(w))
            co[lane] = Float(DSPMath.cos(w))
            si[lane] = Float(DSPMath.sin(w))
        }
        coefficient = c
        cosine = co
        sine = si
    }

    @inline(__always)
    private func output(_ s1: SIMD8<Float>, _ s2: SIMD8<Float>) -> Bins {
        // y = s₁ − e^{−jω}·s₂ = Σ x[n]·e^{jω(L−1−n)}
        Bins(re: s1 - cosine * s2, im: sine * s2)
    }

    /// One sub-block starting at `p`.
    @inline(__always)
    func analyse(_ p: UnsafePointer<Float>) -> Bins {
        // Unrolled by two so that the state never moves between registers: s2 and s1 take turns.
        var s1 = SIMD8<Float>(), s2 = SIMD8<Float>()
        let c = coefficient
        for n in stride(from: 0, to: Self.subBlockSamples, by: 2) {
            s2 = c * s1 + (SIMD8<Float>(repeating: p[n]) - s2)
            s1 = c * s2 + (SIMD8<Float>(repeating: p[n + 1]) - s1)
        }
        return output(s1, s2)
    }

    /// Two independent sub-blocks, interleaved; identical results to two calls of ``analyse(_:)``.
    @inline(__always)
    func analyse2(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>) -> (Bins, Bins) {
        var a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), b1 = SIMD8<Float>(), b2 = SIMD8<Float>()
        let k = coefficient
        for n in stride(from: 0, to: Self.subBlockSamples, by: 2) {
            a2 = k * a1 + (SIMD8<Float>(repeating: a[n]) - a2)
            b2 = k * b1 + (SIMD8<Float>(repeating: b[n]) - b2)
            a1 = k * a2 + (SIMD8<Float>(repeating: a[n + 1]) - a1)
            b1 = k * b2 + (SIMD8<Float>(repeating: b[n + 1]) - b1)
        }
        return (output(a1, a2), output(b1, b2))
    }

    /// Four independent sub-blocks, interleaved; identical results to four calls of ``analyse(_:)``.
    @inline(__always)
    func analyse4(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafePointer<Float>,
                  _ d: UnsafePointer<Float>) -> (Bins, Bins, Bins, Bins) {
        var a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), b1 = SIMD8<Float>(), b2 = SIMD8<Float>()
        var c1 = SIMD8<Float>(), c2 = SIMD8<Float>(), d1 = SIMD8<Float>(), d2 = SIMD8<Float>()
        let k = coefficient
        for n in stride(from: 0, to: Self.subBlockSamples, by: 2) {
            a2 = k * a1 + (SIMD8<Float>(repeating: a[n]) - a2)
            b2 = k * b1 + (SIMD8<Float>(repeating: b[n]) - b2)
            c2 = k * c1 + (SIMD8<Float>(repeating: c[n]) - c2)
            d2 = k * d1 + (SIMD8<Float>(repeating: d[n]) - d2)
            a1 = k * a2 + (SIMD8<Float>(repeating: a[n + 1]) - a1)
            b1 = k * b2 + (SIMD8<Float>(repeating: b[n + 1]) - b1)
            c1 = k * c2 + (SIMD8<Float>(repeating: c[n + 1]) - c1)
            d1 = k * d2 + (SIMD8<Float>(repeating: d[n + 1]) - d1)
        }
        return (output(a1, a2), output(b1, b2), output(c1, c2), output(d1, d2))
    }
}

/// Small float helpers for per-block (not per-sample) decisions.
enum BlockMath {
    /// atan2 with an absolute error below 2 × 10⁻⁵ rad.
    @inline(__always)
    static func atan2(_ y: Float, _ x: Float) -> Float {
        let ax = abs(x), ay = abs(y)
        let mx = max(ax, ay), mn = min(ax, ay)
        if mx == 0 { return 0 }
        let a = mn / mx
        let s = a * a
        var r = ((((0.0208351 * s - 0.085133) * s + 0.180141) * s - 0.3302995) * s + 0.999866) * a
        if ay > ax { r = 1.570_796_3 - r }
        if x < 0 { r = 3.141_592_7 - r }
        return y < 0 ? -r : r
    }

    /// sin(x) for |x| ≤ π (Taylor series to x¹⁵).
    @inline(__always)
    static func sin(_ x: Float) -> Float {
        let x2 = x * x
        var term = x, sum = x
        var k: Float = 2
        for _ in 0..<7 {
            term *= -x2 / (k * (k + 1))
            sum += term
            k += 2
        }
        return sum
    }
}

/// A complex number in `Float`, for per-block arithmetic.
struct Complex: Sendable {
    var re: Float
    var im: Float
    init(_ re: Float, _ im: Float) { self.re = re; self.im = im }
    /// |z|²
    var norm: Float { re * re + im * im }
    static func + (a: Complex, b: Complex) -> Complex { Complex(a.re + b.re, a.im + b.im) }
    static func - (a: Complex, b: Complex) -> Complex { Complex(a.re - b.re, a.im - b.im) }
    static func * (a: Complex, b: Complex) -> Complex { Complex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re) }
    static func / (a: Complex, b: Complex) -> Complex {
        let n = b.norm
        return Complex((a.re * b.re + a.im * b.im) / n, (a.im * b.re - a.re * b.im) / n)
    }
}

extension BlockMath {
    /// Samples per analysis block (the N of ``kernel(_:)``).
    static let blockLength: Float = 128

    /// sin(x) for any x (reduced to [−π, π]).
    @inline(__always)
    static func sinAny(_ x: Float) -> Float {
        let twoPi: Float = 6.283_185_3
        return sin(x - twoPi * (x / twoPi).rounded())
    }

    /// g(Δ) = Σ_{u<N} e^{−jΔu}: what a bin of the 128-sample block sees of a tone Δ rad/sample away from it
    /// (tone phasor referenced to the block's last sample).
    @inline(__always)
    static func kernel(_ delta: Float) -> Complex {
        let n = blockLength
        let half = delta / 2
        if abs(half) < 1e-7 { return Complex(n, 0) }
        let magnitude = sinAny(n * half) / sinAny(half)
        let phase = -half * (n - 1)
        return Complex(magnitude * sinAny(phase + Float.pi / 2), magnitude * sinAny(phase))
    }
}
