/// Elementary functions for the DSP module, written in Swift so that the module needs no Foundation or libc.
///
/// Accuracy is a few ulps of `Double` over the ranges the module uses (init-time coefficients, dB conversions,
/// test-signal synthesis); none of these run per sample in a detector.
enum DSPMath {
    static let pi = 3.141_592_653_589_793_238_46
    static let ln2 = 0.693_147_180_559_945_309_42
    static let ln10 = 2.302_585_092_994_045_684_02

    /// Sine of `x` radians.
    static func sin(_ x: Double) -> Double {
        // Reduce to [-pi/4, pi/4] by quadrant.
        let q = (x / (pi / 2)).rounded()
        let r = x - q * (pi / 2)
        let quadrant = Int(q.truncatingRemainder(dividingBy: 4))
        switch (quadrant + 4) % 4 {
        case 0: return sinKernel(r)
        case 1: return cosKernel(r)
        case 2: return -sinKernel(r)
        default: return -cosKernel(r)
        }
    }

    /// Cosine of `x` radians.
    static func cos(_ x: Double) -> Double { sin(x + pi / 2) }

    private static func sinKernel(_ r: Double) -> Double {
        let r2 = r * r
        var term = r, sum = r
        for k in stride(from: 2, through: 26, by: 2) {
            term *= -r2 / Double(k * (k + 1))
            sum += term
        }
        return sum
    }

    private static func cosKernel(_ r: Double) -> Double {
        let r2 = r * r
        var term = 1.0, sum = 1.0
        for k in stride(from: 1, through: 25, by: 2) {
            term *= -r2 / Double(k * (k + 1))
            sum += term
        }
        return sum
    }

    /// Natural logarithm of `x` (> 0); `-infinity` for 0.
    static func log(_ x: Double) -> Double {
        precondition(x >= 0, "log of a negative number")
        if x == 0 { return -.infinity }
        if x.isInfinite { return .infinity }
        // x = m * 2^e with m in [1, 2); use m in [sqrt(1/2), sqrt(2)) for a fast atanh series.
        var e = Double(x.exponent)
        var m = x.significand
        if m > 1.414_213_562_373_095 { m /= 2; e += 1 }
        let t = (m - 1) / (m + 1)
        let t2 = t * t
        var term = t, sum = t
        for k in stride(from: 3, through: 41, by: 2) {
            term *= t2
            sum += term / Double(k)
        }
        return 2 * sum + e * ln2
    }

    /// Base-10 logarithm of `x`.
    static func log10(_ x: Double) -> Double { log(x) / ln10 }

    /// e raised to `x`.
    static func exp(_ x: Double) -> Double {
        if x > 709 { return .infinity }
        if x < -745 { return 0 }
        let k = (x / ln2).rounded()
        let r = x - k * ln2
        var term = 1.0, sum = 1.0
        for n in 1...20 {
            term *= r / Double(n)
            sum += term
        }
        return sum * Double(sign: .plus, exponent: Int(k), significand: 1)
    }

    /// 10 raised to `x`.
    static func exp10(_ x: Double) -> Double { exp(x * ln10) }

    /// Power ratio for `db` decibels.
    static func powerRatio(db: Double) -> Double { exp10(db / 10) }
}
