/// Conversions between 16-bit linear sample values and telephone levels in dBm0.
///
/// A full-scale sine (peak 32 767) is +3.14 dBm0 (ITU-T G.711's digital milliwatt convention), so a 0 dBm0
/// sine has a peak of about 22 827 and a mean square of about 2.6 × 10⁸.
public enum Level {
    /// Level of a full-scale sine, in dBm0.
    public static let fullScaleSineDBm0 = 3.14
    /// Peak amplitude, in 16-bit sample units, of a 0 dBm0 sine.
    public static let zeroDBm0SinePeak = 32_767.0 / DSPMath.exp10(fullScaleSineDBm0 / 20)
    /// Mean square, in squared 16-bit sample units, of a 0 dBm0 signal.
    public static let zeroDBm0MeanSquare = zeroDBm0SinePeak * zeroDBm0SinePeak / 2

    /// Peak amplitude, in 16-bit sample units, of a sine at `dBm0`.
    public static func sinePeak(dBm0: Double) -> Double { zeroDBm0SinePeak * DSPMath.exp10(dBm0 / 20) }

    /// Mean square, in squared 16-bit sample units, of a signal at `dBm0`.
    public static func meanSquare(dBm0: Double) -> Double { zeroDBm0MeanSquare * DSPMath.exp10(dBm0 / 10) }

    /// Level in dBm0 of a signal whose mean square (in squared 16-bit sample units) is `meanSquare`;
    /// `-infinity` for digital silence.
    public static func dBm0(meanSquare: Double) -> Double { 10 * DSPMath.log10(meanSquare / zeroDBm0MeanSquare) }

    /// Decibels of a power ratio.
    public static func decibels(powerRatio: Double) -> Double { 10 * DSPMath.log10(powerRatio) }

    /// The power ratio of `decibels`.
    public static func powerRatio(decibels: Double) -> Double { DSPMath.powerRatio(db: decibels) }
}
