import CDTMFKernel

/// Eight Goertzel filters run side by side in one `SIMD8<Float>` over sub-blocks of ``subBlockSamples`` 16-bit
/// samples, returning each bin's complex DFT value referenced to the sub-block's last sample.
///
/// The detector's main bank (the eight DTMF frequencies, every sample) runs in the C kernel `CDTMFKernel` with the
/// same arithmetic; this one computes the guard bins, only for blocks that get that far. The recurrence is
/// `s₀ = c·s₁ − s₂ + x`, written `c·s₁ + (x − s₂)` so that only a multiply and an add sit on the dependency chain.
struct GoertzelBank: Sendable {
    /// Samples per sub-block (4 ms at 8 kHz).
    static let subBlockSamples = Int(IVR_DTMF_SUB_BLOCK)

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

    /// One sub-block of 16-bit samples starting at `p`.
    @inline(__always)
    func analyse(_ p: UnsafePointer<Int16>) -> Bins {
        // Unrolled by two so that the state never moves between registers: s2 and s1 take turns.
        var s1 = SIMD8<Float>(), s2 = SIMD8<Float>()
        let c = coefficient
        for n in stride(from: 0, to: Self.subBlockSamples, by: 2) {
            s2 = c * s1 + (SIMD8<Float>(repeating: Float(p[n])) - s2)
            s1 = c * s2 + (SIMD8<Float>(repeating: Float(p[n + 1])) - s1)
        }
        // y = s₁ − e^{−jω}·s₂ = Σ x[n]·e^{jω(L−1−n)}
        return Bins(re: s1 - cosine * s2, im: sine * s2)
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
        return sin(x - twoPi * roundedHalfAway(x / twoPi))
    }

    /// `q.rounded()` (to nearest, ties away from zero) without a call into libm: the integer part by truncation,
    /// then the exact fraction decides. The same value for every float.
    @inline(__always)
    static func roundedHalfAway(_ q: Float) -> Float {
        guard abs(q) < 8_388_608 else { return q }   // 2²³: already an integer (or NaN, or infinite)
        let whole = Float(Int32(q))
        let fraction = q - whole   // exact
        return fraction >= 0.5 ? whole + 1 : fraction <= -0.5 ? whole - 1 : whole
    }

    /// ``roundedHalfAway(_:)`` lane by lane, in vector operations: adding and removing 1.5·2²³ rounds to nearest
    /// (ties to even) exactly for |q| < 2²², then exact ties are moved away from zero. The same value for every
    /// float (lanes beyond 2²² take the scalar path).
    @inline(__always)
    static func roundedHalfAway(_ q: SIMD8<Float>) -> SIMD8<Float> {
        let magic: Float = 12_582_912
        let inRange = (q .< 4_194_304) .& (q .> -4_194_304)
        if !all(inRange) {
            var r = q
            for lane in 0..<8 { r[lane] = roundedHalfAway(q[lane]) }
            return r
        }
        var r = (q + magic) - magic
        let d = q - r   // exact, within ±0.5
        r.replace(with: r + 1, where: (d .== 0.5) .& (q .> 0))
        r.replace(with: r - 1, where: (d .== -0.5) .& (q .< 0))
        return r
    }

    /// ``sin(_:)`` lane by lane (the same operations, so the same values).
    @inline(__always)
    static func sin(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let x2 = x * x
        var term = x, sum = x
        var k: Float = 2
        for _ in 0..<7 {
            term *= -x2 / SIMD8(repeating: k * (k + 1))
            sum += term
            k += 2
        }
        return sum
    }

    /// ``sinAny(_:)`` lane by lane (the same operations, so the same values).
    @inline(__always)
    static func sinAny(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let twoPi: Float = 6.283_185_3
        return sin(x - twoPi * roundedHalfAway(x / twoPi))
    }

    /// ``kernel(_:)`` lane by lane (the same operations, so the same values).
    @inline(__always)
    static func kernel(_ delta: SIMD8<Float>) -> (re: SIMD8<Float>, im: SIMD8<Float>) {
        let n = blockLength
        let half = delta / 2
        let magnitude = sinAny(n * half) / sinAny(half)
        let phase = -half * (n - 1)
        var re = magnitude * sinAny(phase + Float.pi / 2), im = magnitude * sinAny(phase)
        let centred = (half .< 1e-7) .& (half .> -1e-7)   // |half| < 1e-7
        re.replace(with: n, where: centred)
        im.replace(with: 0, where: centred)
        return (re, im)
    }

    /// |X − u·K_u − v·K_v|² per lane: what is left in each bin after removing two tones (phasors `u` and `v`) that
    /// leak `fromU` and `fromV` into it (the same operations as ``Complex``'s, so the same values).
    @inline(__always)
    static func residualNorm(_ xre: SIMD8<Float>, _ xim: SIMD8<Float>, _ u: Complex, _ fromU: (re: SIMD8<Float>, im: SIMD8<Float>),
                             _ v: Complex, _ fromV: (re: SIMD8<Float>, im: SIMD8<Float>)) -> SIMD8<Float> {
        let ure = u.re * fromU.re - u.im * fromU.im, uim = u.re * fromU.im + u.im * fromU.re
        let vre = v.re * fromV.re - v.im * fromV.im, vim = v.re * fromV.im + v.im * fromV.re
        let re = (xre - ure) - vre, im = (xim - uim) - vim
        return re * re + im * im
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
