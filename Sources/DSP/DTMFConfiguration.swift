/// The thresholds of a ``DTMFDetector``, fixed at init. Every value carries its unit in its name.
///
/// Use a profile (``att``, ``etsi``, ``ntt``) and adjust single fields if a line needs it. The default ``att``
/// profile meets the AT&T/Bellcore column of ITU-T Q.24 with margin. What it requires: both tones within
/// ±(1.5 % + 2 Hz) detected and beyond ±3.5 % rejected; twist from −8 dB (low louder) to +4 dB (high louder)
/// detected and 10 dB either way rejected; tones of 40 ms detected and of 23 ms rejected. What the profile sets
/// to get there: a frequency tolerance of ±2.2 %, accepted twist up to +7 dB (high louder) and −9.3 dB (low
/// louder), a −38 dBm0 floor per tone, three steady 16 ms blocks (8 ms apart) to start a digit. The detector's
/// design and the measured margins are in the repository's docs/dtmf.md.
public struct DTMFConfiguration: Sendable, Equatable {
    /// Lowest level of each tone that can form a digit, in dBm0 (Q.24: detect down to −30, reject below −45).
    public var minimumToneLevelDBm0: Double
    /// Largest accepted excess of the high-group tone over the low-group tone ("standard twist"), in dB.
    public var maximumHighOverLowTwistDB: Double
    /// Largest accepted excess of the low-group tone over the high-group tone ("reverse twist"), in dB.
    public var maximumLowOverHighTwistDB: Double
    /// Largest accepted frequency error of either tone, as a fraction of its nominal frequency (0.026 = 2.6 %).
    public var frequencyToleranceFraction: Double
    /// How far, in dB, the strongest bin of each group must stand above the other three bins of its group.
    public var minimumPeakOverOtherBinsDB: Double
    /// How far, in dB, the weaker tone must stand above what is left in each of the other six DTMF bins and
    /// eight guard bins once both tones' leakage is removed (speech and music fail this; noise, a dial tone do not).
    public var minimumPurityDB: Double
    /// Consecutive valid, steady analysis blocks (16 ms long, one every 8 ms) that start a digit: 3 blocks need
    /// about 30 ms of clean tone.
    public var onsetBlocks: Int
    /// Milliseconds of tone absence that end a digit (multiple of 4 ms): shorter interruptions are bridged.
    public var endAfterAbsenceMilliseconds: Int

    /// Creates a configuration; prefer starting from a profile.
    public init(minimumToneLevelDBm0: Double, maximumHighOverLowTwistDB: Double, maximumLowOverHighTwistDB: Double,
                frequencyToleranceFraction: Double, minimumPeakOverOtherBinsDB: Double, minimumPurityDB: Double = 9,
                onsetBlocks: Int, endAfterAbsenceMilliseconds: Int) {
        precondition(onsetBlocks >= 1 && endAfterAbsenceMilliseconds >= 4, "DTMF timing out of range")
        precondition(frequencyToleranceFraction > 0 && frequencyToleranceFraction < 0.05, "DTMF frequency tolerance out of range")
        self.minimumToneLevelDBm0 = minimumToneLevelDBm0
        self.maximumHighOverLowTwistDB = maximumHighOverLowTwistDB
        self.maximumLowOverHighTwistDB = maximumLowOverHighTwistDB
        self.frequencyToleranceFraction = frequencyToleranceFraction
        self.minimumPeakOverOtherBinsDB = minimumPeakOverOtherBinsDB
        self.minimumPurityDB = minimumPurityDB
        self.onsetBlocks = onsetBlocks
        self.endAfterAbsenceMilliseconds = endAfterAbsenceMilliseconds
    }

    /// AT&T/Bellcore (the default): ±2.2 % frequency, twist +7 (high louder) / −9.3 dB (low louder) accepted,
    /// floor −38 dBm0 per tone.
    public static let att = DTMFConfiguration(
        minimumToneLevelDBm0: -38, maximumHighOverLowTwistDB: 7, maximumLowOverHighTwistDB: 9.3,
        frequencyToleranceFraction: 0.022, minimumPeakOverOtherBinsDB: 8, onsetBlocks: 3,
        endAfterAbsenceMilliseconds: 24)

    /// ETSI ES 201 235-3: twist 6 dB either way, shorter tones (under 20 ms) rejected.
    public static let etsi = DTMFConfiguration(
        minimumToneLevelDBm0: -38, maximumHighOverLowTwistDB: 6, maximumLowOverHighTwistDB: 6,
        frequencyToleranceFraction: 0.022, minimumPeakOverOtherBinsDB: 8, onsetBlocks: 3,
        endAfterAbsenceMilliseconds: 24)

    /// NTT: accept ±1.8 %, reject beyond ±3.0 %, twist 5 dB either way.
    public static let ntt = DTMFConfiguration(
        minimumToneLevelDBm0: -38, maximumHighOverLowTwistDB: 5, maximumLowOverHighTwistDB: 5,
        frequencyToleranceFraction: 0.024, minimumPeakOverOtherBinsDB: 8, onsetBlocks: 3,
        endAfterAbsenceMilliseconds: 24)
}
