/// A streaming DTMF detector for 8 kHz 16-bit linear audio (G.711 decoded to linear), in the spirit of spandsp's
/// `dtmf_rx`: configured at init, fed chunks of any size, reporting each digit at its onset and again at its end.
///
/// How it decides (all times at 8 kHz):
/// - Eight Goertzel filters run over 4 ms sub-blocks; four consecutive sub-blocks are combined coherently into
///   a 16 ms block every 4 ms (overlapping blocks at the cost of one filter bank per sample).
/// - A block is valid for a digit when, in both groups, one bin stands ``DTMFConfiguration/minimumPeakOverOtherBinsDB``
///   over the others; both tones' frequencies, measured from the phase advance between the block's two halves,
///   are within ``DTMFConfiguration/frequencyToleranceFraction``; the block is coherent (no aliased offset); both
///   halves carry the tone (so a tone must fill the block); each tone's level, separated from the other tone's
///   leakage and corrected for its frequency offset, is above the floor; and the twist is within limits.
///   Energy outside the two tones (a dial tone, a third tone, noise) does not veto a digit.
/// - ``DTMFConfiguration/onsetBlocks`` consecutive valid blocks for the same digit start it (≈ 28 ms of tone);
///   it ends after ``DTMFConfiguration/endAfterAbsenceMilliseconds`` without its two tones (tone absence, not
///   low energy: noise or speech do not end it) or when a different digit starts.
public struct DTMFDetector: Sendable {
    /// What the detector discarded or repaired, for diagnostics.
    public struct Counters: Sendable, Equatable {
        /// Runs of valid blocks too short to become a digit (short tone bursts, speech that briefly looked like one).
        public var rejectedBursts = 0
        /// Interruptions inside a digit shorter than the end threshold, bridged into one digit.
        public var bridgedInterruptions = 0
        /// Digits ended by a different digit starting without a pause.
        public var digitsEndedByNextDigit = 0
        /// Creates zero counters.
        public init() {}
    }

    /// Samples per analysis block (16 ms).
    public static let blockSamples = 128
    /// Samples between successive block decisions (4 ms).
    public static let hopSamples = GoertzelBank.subBlockSamples

    private static let subBlocksPerBlock = 4
    private static let ringSlots = 8
    /// Where, inside a block that first validates, the tone is assumed to start (samples).
    private static let startOffsetSamples: Int64 = 10
    /// Correction from the end of the last sub-block still holding the tone to the tone's end (samples).
    private static let endOffsetSamples: Int64 = -12

    /// The thresholds this detector was made with.
    public let configuration: DTMFConfiguration
    /// What the detector dropped or repaired so far.
    public private(set) var counters = Counters()
    /// Samples consumed since init or ``reset()``.
    public private(set) var samplesProcessed: Int64 = 0
    /// The digit currently sounding (after its onset, before its end), if any.
    public var currentDigit: DTMFDigit? { activeDigit }

    // Fixed at init.
    private let bank: GoertzelBank
    private let rotRe: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>)   // r^i = e^{jωHi}, i = 1...3
    private let rotIm: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>)
    private let crossRe: [Float]   // g(ω_hi − ω_lo) per (row, column), for separating the two tones
    private let crossIm: [Float]
    private let toleranceHz: SIMD8<Float>
    private let minimumAmplitudeSquared: Float
    private let maximumHighOverLowRatio: Float
    private let maximumLowOverHighRatio: Float
    private let peakRatio: Float
    private let absenceSubBlocks: Int
    private let onsetBlocks: Int
    private let frequencies: SIMD8<Float>
    /// Smallest ratio of a run's weakest to strongest block (tone power) that counts as steady (−2 dB).
    private let steadyRatio: Float = 0.5

    /// 2·cos(2π·450/8000): the notch that removes China's 450 Hz dial tone before analysis.
    private static let notchCoefficient = Float(2 * DSPMath.cos(2 * DSPMath.pi * 450 / 8000))
    static let useNotch = false
    private var previous1: Float = 0
    private var previous2: Float = 0
    // Block values of the last three blocks (for the frequency measurement and the stability check).
    private var blockHistoryRe: [SIMD8<Float>] = [.zero, .zero, .zero]
    private var blockHistoryIm: [SIMD8<Float>] = [.zero, .zero, .zero]
    private var blockHistoryHead = 0
    // Tone amplitudes² of the blocks of the current run (ring of onsetBlocks), for the stability check.
    private var runAmplitudes: [SIMD2<Float>]

    // Sample ring: eight 4 ms slots of Float samples (after the 450 Hz notch).
    private var ring: [Float]
    private var fillSlot = 0
    private var fillCount = 0
    private var pendingCount = 0
    private var analysedSubBlocks: Int64 = 0
    private var history: [GoertzelBank.Bins]   // last 4 sub-blocks, newest at historyHead
    private var historyHead = 0

    // Decision state.
    private var runDigit: DTMFDigit?
    private var runLength = 0
    private var runStarted = false
    private var activeDigit: DTMFDigit?
    private var activeStart: Int64 = 0
    private var lastPresentEnd: Int64 = 0
    private var absentCount = 0
    private var referenceLow: Float = 0
    private var referenceHigh: Float = 0

    /// Creates a detector with `configuration` (default: the AT&T/Bellcore profile).
    public init(configuration: DTMFConfiguration = .att) {
        self.configuration = configuration
        let rate = Double(Telephony.sampleRate)
        let frequencies = DTMFDigit.lowFrequenciesHz + DTMFDigit.highFrequenciesHz
        bank = GoertzelBank(frequenciesHz: frequencies, sampleRate: rate)
        let hop = Double(GoertzelBank.subBlockSamples)
        func rotation(_ i: Double) -> (SIMD8<Float>, SIMD8<Float>) {
            var re = SIMD8<Float>(), im = SIMD8<Float>()
            for (lane, f) in frequencies.enumerated() {
                let phase = 2 * DSPMath.pi * f / rate * hop * i
                re[lane] = Float(DSPMath.cos(phase))
                im[lane] = Float(DSPMath.sin(phase))
            }
            return (re, im)
        }
        let r1 = rotation(1), r2 = rotation(2), r3 = rotation(3)
        rotRe = (r1.0, r2.0, r3.0)
        rotIm = (r1.1, r2.1, r3.1)
        var cre = [Float](), cim = [Float]()
        for low in DTMFDigit.lowFrequenciesHz {
            for high in DTMFDigit.highFrequenciesHz {
                // g(Δ) = Σ_{u<N} e^{−jΔu}
                let delta = 2 * DSPMath.pi * (high - low) / rate
                var re = 0.0, im = 0.0
                for u in 0..<Self.blockSamples {
                    re += DSPMath.cos(delta * Double(u))
                    im -= DSPMath.sin(delta * Double(u))
                }
                cre.append(Float(re))
                cim.append(Float(im))
            }
        }
        crossRe = cre
        crossIm = cim
        var tolerance = SIMD8<Float>()
        for (lane, f) in frequencies.enumerated() { tolerance[lane] = Float(f * configuration.frequencyToleranceFraction) }
        toleranceHz = tolerance
        var f8 = SIMD8<Float>()
        for (lane, f) in frequencies.enumerated() { f8[lane] = Float(f) }
        self.frequencies = f8
        let floor = Level.sinePeak(dBm0: configuration.minimumToneLevelDBm0)
        minimumAmplitudeSquared = Float(floor * floor)
        maximumHighOverLowRatio = Float(Level.powerRatio(decibels: configuration.maximumHighOverLowTwistDB))
        maximumLowOverHighRatio = Float(Level.powerRatio(decibels: configuration.maximumLowOverHighTwistDB))
        peakRatio = Float(Level.powerRatio(decibels: configuration.minimumPeakOverOtherBinsDB))
        absenceSubBlocks = max(1, configuration.endAfterAbsenceMilliseconds * Telephony.sampleRate / 1000 / GoertzelBank.subBlockSamples)
        onsetBlocks = configuration.onsetBlocks
        ring = [Float](repeating: 0, count: Self.ringSlots * GoertzelBank.subBlockSamples)
        history = [GoertzelBank.Bins](repeating: .zero, count: Self.subBlocksPerBlock)
        runAmplitudes = [SIMD2<Float>](repeating: .zero, count: configuration.onsetBlocks)
    }

    /// Forgets all audio and state (counters too), as if newly made.
    public mutating func reset() { self = DTMFDetector(configuration: configuration) }

    /// Feeds `samples` (any count, including 0) and returns the events they complete, in order.
    public mutating func process(_ samples: UnsafeBufferPointer<Int16>) -> [DTMFEvent] {
        var events: [DTMFEvent] = []
        process(samples) { events.append($0) }
        return events
    }

    /// Feeds `samples` and returns the events they complete, in order.
    public mutating func process(_ samples: some Collection<Int16>) -> [DTMFEvent] {
        var events: [DTMFEvent] = []
        let done: Void? = samples.withContiguousStorageIfAvailable { buffer in
            process(buffer) { events.append($0) }
        }
        if done == nil {
            let copy = Array(samples)
            copy.withUnsafeBufferPointer { buffer in process(buffer) { events.append($0) } }
        }
        return events
    }

    /// Feeds `samples`, calling `onEvent` for each event as it is decided (no allocation on the way).
    public mutating func process(_ samples: UnsafeBufferPointer<Int16>, onEvent: (DTMFEvent) -> Void) {
        let slotSize = GoertzelBank.subBlockSamples
        var index = 0
        let count = samples.count
        while index < count {
            let take = min(slotSize - fillCount, count - index)
            let base = fillSlot * slotSize + fillCount
            var p1 = previous1, p2 = previous2
            let c = Self.notchCoefficient
            ring.withUnsafeMutableBufferPointer { r in
                for k in 0..<take {
                    let x = Float(samples[index + k])
                    r[base + k] = Self.useNotch ? x + p2 - c * p1 : x   // zeros at ±450 Hz
                    p2 = p1
                    p1 = x
                }
            }
            previous1 = p1
            previous2 = p2
            index += take
            fillCount += take
            if fillCount == slotSize {
                fillCount = 0
                fillSlot = (fillSlot + 1) & (Self.ringSlots - 1)
                pendingCount += 1
                if pendingCount == 4 { analysePending(onEvent) }
            }
        }
        if pendingCount > 0 { analysePending(onEvent) }
        samplesProcessed += Int64(count)
    }

    /// Ends the stream: reports the end of a digit still sounding. The detector can then be reused (times go on).
    public mutating func finish() -> [DTMFEvent] {
        var events: [DTMFEvent] = []
        if let digit = activeDigit {
            let end = max(activeStart + 1, min(samplesProcessed, lastPresentEnd + Self.endOffsetSamples))
            events.append(DTMFEvent(kind: .end, digit: digit, startSample: activeStart, endSample: end,
                                    reportedAtSample: samplesProcessed))
            activeDigit = nil
        }
        runDigit = nil
        runLength = 0
        return events
    }

    // MARK: - Analysis

    private mutating func analysePending(_ emit: (DTMFEvent) -> Void) {
        let first = (fillSlot - pendingCount) & (Self.ringSlots - 1)
        let slotSize = GoertzelBank.subBlockSamples
        if pendingCount == 4 {
            let bins = ring.withUnsafeBufferPointer { r -> (GoertzelBank.Bins, GoertzelBank.Bins, GoertzelBank.Bins, GoertzelBank.Bins) in
                let p = r.baseAddress!
                return bank.analyse4(p + first * slotSize, p + ((first + 1) & 7) * slotSize,
                                     p + ((first + 2) & 7) * slotSize, p + ((first + 3) & 7) * slotSize)
            }
            pendingCount = 0
            decide(bins.0, emit)
            decide(bins.1, emit)
            decide(bins.2, emit)
            decide(bins.3, emit)
        } else {
            for i in 0..<pendingCount {
                let slot = (first + i) & 7
                let bins = ring.withUnsafeBufferPointer { bank.analyse($0.baseAddress! + slot * slotSize) }
                decide(bins, emit)
            }
            pendingCount = 0
        }
    }

    /// The result of examining one block.
    private struct BlockVerdict {
        var digit: DTMFDigit
        var lowEnergy: Float   // mean |W|² per sub-block at the digit's bins
        var highEnergy: Float
        var amplitudes: SIMD2<Float>   // A² of the low and high tone, in squared 16-bit units
    }

    private mutating func decide(_ bins: GoertzelBank.Bins, _ emit: (DTMFEvent) -> Void) {
        historyHead = (historyHead + 1) & 3
        history[historyHead] = bins
        analysedSubBlocks += 1
        let subBlockEnd = analysedSubBlocks * Int64(GoertzelBank.subBlockSamples)
        let verdict = analysedSubBlocks >= 4 ? examineBlock() : nil
        let blockStart = subBlockEnd - Int64(Self.blockSamples)

        // Run of agreeing blocks, with their tone amplitudes.
        if let v = verdict, v.digit == runDigit {
            runLength += 1
        } else {
            if runLength > 0, runDigit != activeDigit, runDigit != nil, !runStarted { counters.rejectedBursts += 1 }
            runDigit = verdict?.digit
            runLength = verdict == nil ? 0 : 1
            runStarted = false
        }
        if let v = verdict { runAmplitudes[runLength % onsetBlocks] = v.amplitudes }

        // Presence of the sounding digit in this sub-block.
        if let digit = activeDigit {
            let energy = bins.energy
            let present = energy[digit.row] >= referenceLow * 0.125 && energy[4 + digit.column] >= referenceHigh * 0.125
            if present {
                if absentCount > 0 { counters.bridgedInterruptions += 1 }
                absentCount = 0
                lastPresentEnd = subBlockEnd
            } else {
                absentCount += 1
                if absentCount >= absenceSubBlocks {
                    let end = max(activeStart + 1, lastPresentEnd + Self.endOffsetSamples)
                    emit(DTMFEvent(kind: .end, digit: digit, startSample: activeStart, endSample: end,
                                   reportedAtSample: subBlockEnd))
                    activeDigit = nil
                    absentCount = 0
                }
            }
        }

        // Onset: the last onsetBlocks blocks agree and are steady (the tone fills all of them: every block within
        // 3 dB of the strongest), which rejects short bursts that only partly fill their blocks.
        if let v = verdict, runLength >= onsetBlocks, !runStarted, v.digit != activeDigit, runIsSteady() {
            runStarted = true
            let firstBlockStart = blockStart - Int64((onsetBlocks - 1) * GoertzelBank.subBlockSamples)
            let start = firstBlockStart + Self.startOffsetSamples
            if let previous = activeDigit {
                let end = max(activeStart + 1, min(lastPresentEnd + Self.endOffsetSamples, start))
                emit(DTMFEvent(kind: .end, digit: previous, startSample: activeStart, endSample: end,
                               reportedAtSample: subBlockEnd))
                counters.digitsEndedByNextDigit += 1
            }
            activeDigit = v.digit
            activeStart = max(0, start)
            lastPresentEnd = subBlockEnd
            absentCount = 0
            referenceLow = v.lowEnergy
            referenceHigh = v.highEnergy
            emit(DTMFEvent(kind: .onset, digit: v.digit, startSample: activeStart, endSample: nil,
                           reportedAtSample: subBlockEnd))
        }
    }

    private func runIsSteady() -> Bool {
        var low = runAmplitudes[0], high = runAmplitudes[0]
        for a in runAmplitudes.dropFirst() {
            low = pointwiseMin(low, a)
            high = pointwiseMax(high, a)
        }
        return low[0] >= steadyRatio * high[0] && low[1] >= steadyRatio * high[1]
    }

    /// Applies the block tests to the last four sub-blocks; returns the digit they hold, if any.
    private mutating func examineBlock() -> BlockVerdict? {
        let w0 = history[historyHead]
        let w1 = history[(historyHead + 3) & 3]
        let w2 = history[(historyHead + 2) & 3]
        let w3 = history[(historyHead + 1) & 3]
        // Coherent block value X = Σ W_i·r^i (referenced to the block's last sample).
        let (r1re, r2re, r3re) = rotRe
        let (r1im, r2im, r3im) = rotIm
        let xre = w0.re + (w1.re * r1re - w1.im * r1im) + (w2.re * r2re - w2.im * r2im) + (w3.re * r3re - w3.im * r3im)
        let xim = w0.im + (w1.re * r1im + w1.im * r1re) + (w2.re * r2im + w2.im * r2re) + (w3.re * r3im + w3.im * r3re)
        // The block two hops ago (64 samples earlier), then remember this one.
        let older = (blockHistoryHead + 2) % 3   // written two blocks ago
        let ore = blockHistoryRe[older], oim = blockHistoryIm[older]
        blockHistoryHead = (blockHistoryHead + 1) % 3
        blockHistoryRe[blockHistoryHead] = xre
        blockHistoryIm[blockHistoryHead] = xim
        guard analysedSubBlocks >= 6 else { return nil }
        let coherent = xre * xre + xim * xim

        // Peak of each group, and the other bins well below it.
        var row = 0, column = 0
        for lane in 1..<4 {
            if coherent[lane] > coherent[row] { row = lane }
            if coherent[4 + lane] > coherent[4 + column] { column = lane }
        }
        let lo = row, hi = 4 + column
        let lowPeak = coherent[lo], highPeak = coherent[hi]
        guard lowPeak > 0, highPeak > 0 else { return nil }
        for lane in 0..<4 {
            if lane != row, coherent[lane] * peakRatio > lowPeak { return nil }
            if lane != column, coherent[4 + lane] * peakRatio > highPeak { return nil }
        }

        // Coherence: the four sub-blocks add up in phase (rejects offsets that would alias below).
        let incoherent = w0.energy + w1.energy + w2.energy + w3.energy
        if coherent[lo] < 1.2 * incoherent[lo] || coherent[hi] < 1.2 * incoherent[hi] { return nil }

        // Frequency: phase advance over 64 samples from the block two hops ago, minus the nominal advance.
        // z = X·conj(X₋₂)·conj(r²) = |.|²·e^{jδ·64}
        let pre = xre * ore + xim * oim
        let pim = xim * ore - xre * oim
        let zre = pre * r2re + pim * r2im
        let zim = pim * r2re - pre * r2im
        let hzPerRadian = Float(Telephony.sampleRate) / (2 * Float.pi * 64)
        let offsetLow = BlockMath.atan2(zim[lo], zre[lo]) * hzPerRadian
        let offsetHigh = BlockMath.atan2(zim[hi], zre[hi]) * hzPerRadian
        if abs(offsetLow) > toleranceHz[lo] || abs(offsetHigh) > toleranceHz[hi] { return nil }

        // Levels: separate the two tones' mutual leakage (2×2 solve), then undo the block's loss from the
        // frequency offset and the notch's gain at the measured frequency.
        let n = Float(Self.blockSamples)
        let gre = crossRe[row * 4 + column], gim = crossIm[row * 4 + column]
        let det = n * n - (gre * gre + gim * gim)
        // b_lo = (N·X_lo − G·X_hi)/det ; b_hi = (N·X_hi − conj(G)·X_lo)/det
        let blre = (n * xre[lo] - (gre * xre[hi] - gim * xim[hi])) / det
        let blim = (n * xim[lo] - (gre * xim[hi] + gim * xre[hi])) / det
        let bhre = (n * xre[hi] - (gre * xre[lo] + gim * xim[lo])) / det
        let bhim = (n * xim[hi] - (gre * xim[lo] - gim * xre[lo])) / det
        var gainLow = Self.offsetGain(offsetLow), gainHigh = Self.offsetGain(offsetHigh)
        if Self.useNotch {
            gainLow *= notchGain(frequencyHz: frequencies[lo] + offsetLow)
            gainHigh *= notchGain(frequencyHz: frequencies[hi] + offsetHigh)
        }
        let ampLow = 4 * (blre * blre + blim * blim) / gainLow     // A² of the low tone
        let ampHigh = 4 * (bhre * bhre + bhim * bhim) / gainHigh
        if ampLow < minimumAmplitudeSquared || ampHigh < minimumAmplitudeSquared { return nil }
        if ampHigh > ampLow * maximumHighOverLowRatio || ampLow > ampHigh * maximumLowOverHighRatio { return nil }

        return BlockVerdict(digit: DTMFDigit(row: row, column: column),
                            lowEnergy: incoherent[lo] / 4, highEnergy: incoherent[hi] / 4,
                            amplitudes: SIMD2(ampLow, ampHigh))
    }

    /// Power gain of the 450 Hz notch (x[n] − 2cos ω₀·x[n−1] + x[n−2]) at `frequencyHz`.
    @inline(__always)
    private func notchGain(frequencyHz: Float) -> Float {
        // 2cos ω − 2cos ω₀, with cos ω from a short series around the bin (|ω| < 1.4 rad).
        let w = 2 * Float.pi * frequencyHz / Float(Telephony.sampleRate)
        let c = 2 * BlockMath.sin(Float.pi / 2 - w) - Self.notchCoefficient
        return c * c
    }

    /// |g(δ)|²/N² for a tone `offsetHz` away from its bin, N = 128: the power a rectangular block loses.
    @inline(__always)
    private static func offsetGain(_ offsetHz: Float) -> Float {
        let half = Float.pi * offsetHz / Float(Telephony.sampleRate)   // δ/2
        if abs(half) < 1e-6 { return 1 }
        let ratio = BlockMath.sin(Float(blockSamples) * half) / (Float(blockSamples) * BlockMath.sin(half))
        return max(ratio * ratio, 0.05)
    }
}
