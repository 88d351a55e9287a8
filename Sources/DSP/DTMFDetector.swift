import CDTMFKernel

/// A streaming DTMF detector for 8 kHz 16-bit linear audio (G.711 decoded to linear), in the spirit of spandsp's
/// `dtmf_rx`: configured at init, fed chunks of any size, reporting each digit at its onset and again at its end.
///
/// How it decides (all times at 8 kHz):
/// - Eight Goertzel filters run over 4 ms sub-blocks; four consecutive sub-blocks are combined coherently into
///   a 16 ms block every 8 ms (overlapping blocks at the cost of one filter bank per sample). That per-sample part
///   and the first (cheapest) block test run in the C kernel `CDTMFKernel`, with 256-bit vectors where the CPU has
///   AVX; everything after the first test is here.
/// - A block is valid for a digit when, in both groups, one bin stands ``DTMFConfiguration/minimumPeakOverOtherBinsDB``
///   over the others; the block adds up coherently (no large or aliased offset); both tones' frequencies, measured
///   from the phase advance since the previous block (64 samples), are within
///   ``DTMFConfiguration/frequencyToleranceFraction``; each tone's level, fitted at its measured frequency (a 2×2
///   complex solve that removes the other tone's leakage and the offset loss), is above the floor; the twist is
///   within limits; and after removing both tones' predicted leakage, the six other DTMF bins and eight guard bins
///   (635…1850 Hz, computed only for blocks that get this far), and the high tone's second harmonic, hold
///   ``DTMFConfiguration/minimumPurityDB`` less than the weaker tone. Energy elsewhere (a 450 Hz dial tone,
///   white noise) does not veto a digit; speech and music harmonics do.
/// - ``DTMFConfiguration/onsetBlocks`` consecutive valid blocks for the same digit, all within 2.2 dB of each other
///   (so the tone fills them), start it (≈ 30 ms of tone); it ends after
///   ``DTMFConfiguration/endAfterAbsenceMilliseconds`` without its two tones in the 4 ms sub-blocks (tone absence,
///   not low energy: noise or speech do not end it) or when a different digit starts.
/// - A harmonic-comb test (`DTMFDetector+Comb.swift`) vetoes blocks whose two tones are harmonics of one voice.
///
/// The design, the requirements and how they are measured: docs/dtmf.md in the repository.
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
    /// Samples between successive block decisions (8 ms).
    public static let hopSamples = 2 * GoertzelBank.subBlockSamples

    private static let ringSlots = 8
    /// Where, inside a block that first validates, the tone is assumed to start (samples).
    private static let startOffsetSamples: Int64 = -10
    /// Correction from the end of the last sub-block still holding the tone to the tone's end (samples).
    private static let endOffsetSamples: Int64 = -5

    /// The thresholds this detector was made with.
    public let configuration: DTMFConfiguration
    /// What the detector dropped or repaired so far.
    public private(set) var counters = Counters()
    /// Samples consumed since init or ``reset()``.
    public private(set) var samplesProcessed: Int64 = 0
    /// The digit currently sounding (after its onset, before its end), if any.
    public var currentDigit: DTMFDigit? { activeDigit }

    // Fixed at init.
    private let rotRe: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>)   // r^i = e^{jωHi}, i = 1...3
    private let rotIm: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>)
    private let toleranceHz: SIMD8<Float>
    private let minimumAmplitudeSquared: Float
    private let coherentFloor: Float
    private let residualRatio: Float
    /// Guard frequencies in hertz: between and around the DTMF tones, away from 450 Hz.
    static let guardFrequenciesHz: [Double] = [635, 1015, 1100, 1272, 1405, 1552, 1720, 1850]
    private let guardBank: GoertzelBank
    private let guardFrequencies: SIMD8<Float>
    private let guardRotRe: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>)
    private let guardRotIm: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>)
    private var guardCache = [GoertzelBank.Bins](repeating: .zero, count: 8)
    private var guardValid: UInt8 = 0
    var newestSlot = 0
    private let maximumHighOverLowRatio: Float
    private let maximumLowOverHighRatio: Float
    private let peakRatio: Float
    private let absenceSubBlocks: Int
    private let onsetBlocks: Int
    private let frequencies: SIMD8<Float>
    /// Smallest ratio of a run's weakest to strongest block (tone power) that counts as steady (−2.2 dB).
    private let steadyRatio: Float = 0.6

    // Tone amplitudes² of the blocks of the current run (ring of onsetBlocks), for the stability check.
    private var runAmplitudes: [SIMD2<Float>]

    /// The C kernel's state: the sample ring (eight 4 ms slots of 16-bit samples), each slot's bin values, the
    /// block values of this decision and the one before (64 samples earlier), and the filter constants.
    private struct Core: @unchecked Sendable {   // plain C data, copied with the detector
        var c = ivr_dtmf_core()
    }
    private var core = Core()
    private var fillSlot = 0
    private var fillCount = 0
    private var pendingCount = 0

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
        let bank = GoertzelBank(frequenciesHz: frequencies, sampleRate: rate)
        let hop = Double(GoertzelBank.subBlockSamples)
        func rotation(_ i: Double, _ frequencies: [Double] = frequencies) -> (SIMD8<Float>, SIMD8<Float>) {
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
        guardBank = GoertzelBank(frequenciesHz: Self.guardFrequenciesHz, sampleRate: rate)
        let g1 = rotation(1, Self.guardFrequenciesHz), g2 = rotation(2, Self.guardFrequenciesHz), g3 = rotation(3, Self.guardFrequenciesHz)
        guardRotRe = (g1.0, g2.0, g3.0)
        guardRotIm = (g1.1, g2.1, g3.1)
        var gf = SIMD8<Float>()
        for (lane, f) in Self.guardFrequenciesHz.enumerated() { gf[lane] = Float(f) }
        guardFrequencies = gf
        residualRatio = Float(Level.powerRatio(decibels: -configuration.minimumPurityDB))
        var tolerance = SIMD8<Float>()
        for (lane, f) in frequencies.enumerated() { tolerance[lane] = Float(f * configuration.frequencyToleranceFraction) }
        toleranceHz = tolerance
        var f8 = SIMD8<Float>()
        for (lane, f) in frequencies.enumerated() { f8[lane] = Float(f) }
        self.frequencies = f8
        let floor = Level.sinePeak(dBm0: configuration.minimumToneLevelDBm0)
        minimumAmplitudeSquared = Float(floor * floor)
        // A tone at the floor, 6 dB of slack for offsets and leakage: (A·N/2)²/4.
        coherentFloor = Float(floor * floor) * Float(Self.blockSamples * Self.blockSamples) / 16
        maximumHighOverLowRatio = Float(Level.powerRatio(decibels: configuration.maximumHighOverLowTwistDB))
        maximumLowOverHighRatio = Float(Level.powerRatio(decibels: configuration.maximumLowOverHighTwistDB))
        peakRatio = Float(Level.powerRatio(decibels: configuration.minimumPeakOverOtherBinsDB))
        absenceSubBlocks = max(1, configuration.endAfterAbsenceMilliseconds * Telephony.sampleRate / 1000 / GoertzelBank.subBlockSamples)
        onsetBlocks = configuration.onsetBlocks
        runAmplitudes = [SIMD2<Float>](repeating: .zero, count: configuration.onsetBlocks)
        Self.fill(&core.c.coefficient, [bank.coefficient])
        Self.fill(&core.c.cosine, [bank.cosine])
        Self.fill(&core.c.sine, [bank.sine])
        Self.fill(&core.c.rotre, [r1.0, r2.0, r3.0])
        Self.fill(&core.c.rotim, [r1.1, r2.1, r3.1])
        core.c.coherent_floor = coherentFloor
        core.c.peak_ratio = peakRatio
    }

    /// Copies `vectors` into a C array of floats (`tuple`), lane by lane.
    private static func fill<T>(_ tuple: inout T, _ vectors: [SIMD8<Float>]) {
        withUnsafeMutableBytes(of: &tuple) { raw in
            let floats = raw.assumingMemoryBound(to: Float.self)
            precondition(floats.count == 8 * vectors.count)
            for (i, v) in vectors.enumerated() {
                for lane in 0..<8 { floats[8 * i + lane] = v[lane] }
            }
        }
    }

    /// Calls `body` with the sample ring (eight slots of ``GoertzelBank/subBlockSamples`` samples).
    func withRing<R>(_ body: (UnsafePointer<Int16>) -> R) -> R {
        withUnsafeBytes(of: core.c.ring) { body($0.assumingMemoryBound(to: Int16.self).baseAddress!) }
    }

    /// Sub-blocks analysed so far.
    private var analysedSubBlocks: Int64 { core.c.analysed }

    /// The bin values of the sub-block in `slot` (mutating only to read the kernel's arrays in place).
    private mutating func bins(_ slot: Int) -> GoertzelBank.Bins {
        let offset = slot * MemoryLayout<SIMD8<Float>>.size
        let re = withUnsafeBytes(of: &core.c.re) { $0.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self) }
        let im = withUnsafeBytes(of: &core.c.im) { $0.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self) }
        return GoertzelBank.Bins(re: re, im: im)
    }

    /// This decision's block value (x1) and the previous one (x2), 64 samples earlier.
    private mutating func blockValues() -> (x1re: SIMD8<Float>, x1im: SIMD8<Float>, x2re: SIMD8<Float>, x2im: SIMD8<Float>) {
        func load<T>(_ t: inout T) -> SIMD8<Float> { withUnsafeBytes(of: &t) { $0.loadUnaligned(as: SIMD8<Float>.self) } }
        return (load(&core.c.x1re), load(&core.c.x1im), load(&core.c.x2re), load(&core.c.x2im))
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
            // Idle over whole groups of four sub-blocks (most of any long stream): the kernel copies and analyses
            // group after group, as the path below would one group at a time, until a block passes its peak test.
            if fillCount == 0, pendingCount == 0, isIdle, count - index >= 4 * slotSize {
                var last: Int32 = 0
                let groups = Int(ivr_dtmf_scan(&core.c, samples.baseAddress! + index, Int32((count - index) / (4 * slotSize)),
                                               Int32(fillSlot), &last))
                index += groups * 4 * slotSize
                let first = (fillSlot + 4 * (groups - 1)) & (Self.ringSlots - 1)
                fillSlot = (fillSlot + 4 * groups) & (Self.ringSlots - 1)
                // The groups before the last were all advanced over: their slots are the other four.
                if groups > 1 {
                    for i in 4..<8 { guardValid &= ~(UInt8(1) << UInt8((first + i) & (Self.ringSlots - 1))) }
                }
                concludeAnalysis(first: first, count: 4, result: Int(last), onEvent)
                continue
            }
            // Four whole sub-blocks into four consecutive slots at once (the usual case for a long chunk): the same
            // as four turns of the general path below.
            if fillCount == 0, pendingCount == 0, fillSlot <= Self.ringSlots - 4, count - index >= 4 * slotSize {
                withUnsafeMutableBytes(of: &core.c.ring) { raw in
                    (raw.baseAddress! + fillSlot * slotSize * MemoryLayout<Int16>.stride)
                        .copyMemory(from: samples.baseAddress! + index, byteCount: 4 * slotSize * MemoryLayout<Int16>.stride)
                }
                index += 4 * slotSize
                fillSlot = (fillSlot + 4) & (Self.ringSlots - 1)
                pendingCount = 4
                analysePending(onEvent)
                continue
            }
            let take = min(slotSize - fillCount, count - index)
            let base = fillSlot * slotSize + fillCount
            withUnsafeMutableBytes(of: &core.c.ring) { raw in
                let source = samples.baseAddress! + index
                (raw.baseAddress! + base * MemoryLayout<Int16>.stride)
                    .copyMemory(from: source, byteCount: take * MemoryLayout<Int16>.stride)
            }
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
        let count = pendingCount
        pendingCount = 0
        let result = Int(ivr_dtmf_analyse(&core.c, Int32(first), Int32(count), isIdle ? 1 : 0))
        concludeAnalysis(first: first, count: count, result: result, emit)
    }

    /// Idle: no digit sounding, no run of valid blocks. Then the kernel also advances over the sub-blocks whose
    /// blocks fail the peak test, which is all that decide(slot:_:) would do with them, and stops at the first
    /// block that passes.
    private var isIdle: Bool { activeDigit == nil && runDigit == nil && runLength == 0 && !runStarted }

    /// The rest of the work on the `count` sub-blocks from slot `first` once the kernel has analysed them
    /// (`result` from `ivr_dtmf_analyse`): the sub-blocks it advanced over, then the decisions it left.
    private mutating func concludeAnalysis(first: Int, count: Int, result: Int, _ emit: (DTMFEvent) -> Void) {
        let advanced = result & 15
        for i in 0..<advanced {
            let slot = (first + i) & (Self.ringSlots - 1)
            guardValid &= ~(UInt8(1) << UInt8(slot))
            newestSlot = slot
        }
        if result & 16 != 0 { conclude(slot: newestSlot, decisionHop: true, emit) }
        for i in advanced..<count { decide(slot: (first + i) & (Self.ringSlots - 1), emit) }
    }

    /// The result of examining one block.
    private struct BlockVerdict {
        var digit: DTMFDigit
        var lowEnergy: Float   // mean |W|² per sub-block at the digit's bins
        var highEnergy: Float
        var amplitudes: SIMD2<Float>   // A² of the low and high tone, in squared 16-bit units
    }

    /// Advances over the sub-block just filtered into `slot` (the kernel counts it and, every second sub-block,
    /// combines the block value) and decides on it.
    private mutating func decide(slot: Int, _ emit: (DTMFEvent) -> Void) {
        let decisionHop = ivr_dtmf_advance(&core.c, Int32(slot)) != 0
        newestSlot = slot
        guardValid &= ~(UInt8(1) << UInt8(slot))
        conclude(slot: slot, decisionHop: decisionHop, emit)
    }

    /// The decisions on the newest sub-block (in `slot`), once the kernel has advanced over it.
    private mutating func conclude(slot: Int, decisionHop: Bool, _ emit: (DTMFEvent) -> Void) {
        let subBlockEnd = analysedSubBlocks * Int64(GoertzelBank.subBlockSamples)

        // A block decision every second sub-block (8 ms); the block value X = Σ_{i<4} W_i·r^i is in the kernel.
        var verdict: BlockVerdict? = nil
        if decisionHop {
            verdict = analysedSubBlocks >= 6 ? examineBlock() : nil

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
        }
        let blockStart = subBlockEnd - Int64(Self.blockSamples)

        // Presence of the sounding digit in this sub-block.
        if let digit = activeDigit {
            let energy = bins(slot).energy
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
        // 2.2 dB of the strongest), which rejects short bursts that only partly fill their blocks.
        if let v = verdict, runLength >= onsetBlocks, !runStarted, v.digit != activeDigit, runIsSteady() {
            runStarted = true
            let firstBlockStart = blockStart - Int64((onsetBlocks - 1) * Self.hopSamples)
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
        // Coherent block value X = Σ W_i·r^i (referenced to the block's last sample).
        let r2re = rotRe.1, r2im = rotIm.1
        let (xre, xim, ore, oim) = blockValues()
        let coherent = xre * xre + xim * xim
        // Quick exits: both groups need a bin above the floor (a tone at the floor gives A²·N²/4), and in each
        // group the other bins must stay minimumPeakOverOtherBinsDB below the peak.
        let c0 = coherent[0], c1 = coherent[1], c2 = coherent[2], c3 = coherent[3]
        let c4 = coherent[4], c5 = coherent[5], c6 = coherent[6], c7 = coherent[7]
        let lowPeak = max(max(c0, c1), max(c2, c3)), highPeak = max(max(c4, c5), max(c6, c7))
        if lowPeak < coherentFloor || highPeak < coherentFloor { return nil }
        let lowLimit = lowPeak / peakRatio, highLimit = highPeak / peakRatio
        let lowClose = (c0 > lowLimit ? 1 : 0) + (c1 > lowLimit ? 1 : 0) + (c2 > lowLimit ? 1 : 0) + (c3 > lowLimit ? 1 : 0)
        let highClose = (c4 > highLimit ? 1 : 0) + (c5 > highLimit ? 1 : 0) + (c6 > highLimit ? 1 : 0) + (c7 > highLimit ? 1 : 0)
        if lowClose != 1 || highClose != 1 { return nil }
        let row = c0 == lowPeak ? 0 : c1 == lowPeak ? 1 : c2 == lowPeak ? 2 : 3
        let column = c4 == highPeak ? 0 : c5 == highPeak ? 1 : c6 == highPeak ? 2 : 3
        let lo = row, hi = 4 + column

        // Coherence: the four sub-blocks add up in phase (rejects offsets that would alias below).
        let incoherent = bins(newestSlot).energy + bins((newestSlot - 1) & 7).energy + bins((newestSlot - 2) & 7).energy
            + bins((newestSlot - 3) & 7).energy
        if coherent[lo] < 1.2 * incoherent[lo] || coherent[hi] < 1.2 * incoherent[hi] { return nil }

        // Frequency: phase advance over 64 samples since the previous block, minus the nominal advance.
        // z = X·conj(X₋₁)·conj(r²) = |.|²·e^{jδ·64}  (r² = e^{jω·64})
        let pre = xre * ore + xim * oim
        let pim = xim * ore - xre * oim
        let zre = pre * r2re + pim * r2im
        let zim = pim * r2re - pre * r2im
        let hzPerRadian = Float(Telephony.sampleRate) / (2 * Float.pi * 64)
        let offsetLow = BlockMath.atan2(zim[lo], zre[lo]) * hzPerRadian
        let offsetHigh = BlockMath.atan2(zim[hi], zre[hi]) * hzPerRadian
        if abs(offsetLow) > toleranceHz[lo] || abs(offsetHigh) > toleranceHz[hi] { return nil }
        // An exact octave (the high tone at twice the low one, as a note and its second harmonic) is music, not a
        // digit. Tones at the accept edge come within 11 Hz of 2:1 (697 Hz −1.79 % and 1336 Hz +1.65 %), so only a
        // near-exact octave counts.
        if abs((frequencies[hi] + offsetHigh) - 2 * (frequencies[lo] + offsetLow)) < 4 { return nil }

        // While a digit sounds, blocks that agree with it only refresh it: skip the costly tests below.
        let digit = DTMFDigit(row: row, column: column)
        if digit == activeDigit, runStarted {
            return BlockVerdict(digit: digit, lowEnergy: 0, highEnergy: 0, amplitudes: .zero)
        }

        // Levels: fit both tones at their measured frequencies to the two bins (2×2 complex solve), which
        // removes their mutual leakage and the block's loss from the frequency offset.
        let twoPiOverRate = 2 * Float.pi / Float(Telephony.sampleRate)
        let wLow = (frequencies[lo] + offsetLow) * twoPiOverRate
        let wHigh = (frequencies[hi] + offsetHigh) * twoPiOverRate
        // What each tone leaks into every DTMF bin, all eight lanes at once (lanes lo and hi give the 2×2 system).
        let bins = frequencies * twoPiOverRate
        let fromLow = BlockMath.kernel(SIMD8(repeating: wLow) - bins)
        let fromHigh = BlockMath.kernel(SIMD8(repeating: wHigh) - bins)
        let a = Complex(fromLow.re[lo], fromLow.im[lo]), b = Complex(fromHigh.re[lo], fromHigh.im[lo])
        let c = Complex(fromLow.re[hi], fromLow.im[hi]), d = Complex(fromHigh.re[hi], fromHigh.im[hi])
        let det = a * d - b * c
        let xLow = Complex(xre[lo], xim[lo]), xHigh = Complex(xre[hi], xim[hi])
        let u = (d * xLow - b * xHigh) / det     // low tone phasor (A/2) at the block's end
        let v = (a * xHigh - c * xLow) / det     // high tone phasor
        let ampLow = 4 * u.norm, ampHigh = 4 * v.norm   // A² of each tone
        if ampLow < minimumAmplitudeSquared || ampHigh < minimumAmplitudeSquared { return nil }
        if ampHigh > ampLow * maximumHighOverLowRatio || ampLow > ampHigh * maximumLowOverHighRatio { return nil }

        // Purity: after removing the two tones' predicted leakage, every other DTMF bin and eight guard bins
        // between and around them must hold little energy (speech and music put harmonics there; a dial
        // tone at 450 Hz and white noise do not).
        let limit = residualRatio * Float(Self.blockSamples * Self.blockSamples) * min(u.norm, v.norm)
        var residual = BlockMath.residualNorm(xre, xim, u, fromLow, v, fromHigh)
        residual[lo] = 0
        residual[hi] = 0
        if any(residual .> limit) { return nil }
        let guards = guardBlock()
        let guardBins = guardFrequencies * twoPiOverRate
        let guardResidual = BlockMath.residualNorm(guards.re, guards.im, u, BlockMath.kernel(SIMD8(repeating: wLow) - guardBins),
                                                   v, BlockMath.kernel(SIMD8(repeating: wHigh) - guardBins))
        if any(guardResidual .> limit) { return nil }
        // Second harmonic of the high tone (2.4–3.3 kHz, outside the guards): keypads make none, instruments do.
        if secondHarmonic(of: wHigh).norm > limit { return nil }
        // A voice's harmonic comb that puts two harmonics on a row and a column (DTMFDetector+Comb.swift).
        if isHarmonicComb(low: frequencies[lo] + offsetLow, high: frequencies[hi] + offsetHigh) { return nil }

        return BlockVerdict(digit: digit,
                            lowEnergy: incoherent[lo] / 4, highEnergy: incoherent[hi] / 4,
                            amplitudes: SIMD2(ampLow, ampHigh))
    }

    /// The block's complex DFT value at twice `w` (rad/sample), referenced to its last sample, from the ring.
    private func secondHarmonic(of w: Float) -> Complex {
        let w2 = 2 * w
        let c = 2 * BlockMath.sinAny(w2 + Float.pi / 2)
        var s1: Float = 0, s2: Float = 0
        withRing { r in
            for i in (0..<4).reversed() {
                let p = r + ((newestSlot - i) & 7) * GoertzelBank.subBlockSamples
                for n in 0..<GoertzelBank.subBlockSamples {
                    let s0 = c * s1 + (Float(p[n]) - s2)
                    s2 = s1
                    s1 = s0
                }
            }
        }
        // y = s₁ − e^{−jω}·s₂
        return Complex(s1 - (c / 2) * s2, BlockMath.sinAny(w2) * s2)
    }

    /// The guard bins over the last four sub-blocks, computed from the sample ring only when a block gets this far
    /// (cached per sub-block).
    private mutating func guardBlock() -> GoertzelBank.Bins {
        func sub(_ i: Int) -> GoertzelBank.Bins {
            let slot = (newestSlot - i) & 7
            if guardValid & (UInt8(1) << UInt8(slot)) == 0 {
                guardCache[slot] = withRing { guardBank.analyse($0 + slot * GoertzelBank.subBlockSamples) }
                guardValid |= UInt8(1) << UInt8(slot)
            }
            return guardCache[slot]
        }
        let sub0 = sub(0), sub1 = sub(1), sub2 = sub(2), sub3 = sub(3)
        let (r1re, r2re, r3re) = guardRotRe
        let (r1im, r2im, r3im) = guardRotIm
        let re = sub0.re + (sub1.re * r1re - sub1.im * r1im) + (sub2.re * r2re - sub2.im * r2im)
            + (sub3.re * r3re - sub3.im * r3im)
        let im = sub0.im + (sub1.re * r1im + sub1.im * r1re) + (sub2.re * r2im + sub2.im * r2re)
            + (sub3.re * r3im + sub3.im * r3re)
        return GoertzelBank.Bins(re: re, im: im)
    }
}
