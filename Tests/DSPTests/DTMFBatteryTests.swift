import DSP
import DTMFTestSupport
import Testing

// The DTMF battery (rows 1–10, 13, 15 of the project's DTMF requirements), each asserting its requirement.
// Trial counts are modest so the suite stays quick in debug builds; `Benchmarks/dtmf-bench battery N`
// runs the same stimuli with more trials, side by side with spandsp.

private let detector = DTMFBattery.ours()
private func rng(_ seed: UInt64) -> WhiteNoise { WhiteNoise(seed: seed) }

@Suite("DTMF battery") struct DTMFBatteryTests {
    @Test("1 decode: all 16 digits", arguments: [(50.0, 50.0), (40.0, 53.0), (40.0, 40.0)])
    func decode(onMs: Double, offMs: Double) {
        var r = rng(1)
        let rate = DTMFBattery.decode(detector, onMs: onMs, offMs: offMs, trials: 12, rng: &r)
        #expect(rate == 1, "decoded \(rate * 100)% of sequences")
    }

    @Test("2 duration: ≤ 23 ms rejected", arguments: [10.0, 15, 20, 23])
    func shortRejected(durationMs: Double) {
        var r = rng(2)
        let p = DTMFBattery.duration(detector, durationMs: durationMs, trials: 60, rng: &r)
        #expect(p == 0, "P(detect) at \(durationMs) ms = \(p) (spandsp: 0.145 at 23 ms)")
    }

    @Test("2 duration: ≥ 40 ms accepted", arguments: [40.0, 45, 60])
    func longAccepted(durationMs: Double) {
        var r = rng(3)
        let p = DTMFBattery.duration(detector, durationMs: durationMs, trials: 60, rng: &r)
        #expect(p == 1, "P(detect) at \(durationMs) ms = \(p)")
    }

    @Test("3 interruption inside a 150 ms digit is bridged", arguments: [(0.0, 1.0), (4, 1), (6, 1), (8, 1), (10, 1), (15, 1), (20, 0.9)])
    func interruption(gapMs: Double, required: Double) {
        var r = rng(4)
        let p = DTMFBattery.interruption(detector, gapMs: gapMs, trials: 40, rng: &r)
        #expect(p >= required, "P(one digit) with a \(gapMs) ms gap = \(p) (spandsp splits 10 ms gaps 42% of the time)")
    }

    @Test("3 a lost 20 ms frame (zeros, frame-aligned) does not split a digit")
    func lostFrame() {
        var r = rng(5)
        for _ in 0..<40 {
            let d = DTMFBattery.randomDigit(&r)
            var x = [Double](repeating: 0, count: 480)   // frame-aligned start: 3 frames of silence
            x += DTMFGenerator().tone(d, samples: 1280, using: &r)
            x += [Double](repeating: 0, count: 960)
            let lost = 480 + 160 * Int.random(in: 2...5, using: &r)
            for i in lost..<(lost + 160) { x[i] = 0 }
            let found = detector(Samples.quantize(x))
            #expect(found.map(\.digit) == [d.character], "\(found)")
        }
    }

    @Test("4 a pause ≥ 30 ms separates two of the same digit", arguments: [30.0, 40, 60])
    func pause(pauseMs: Double) {
        var r = rng(6)
        let p = DTMFBattery.pause(detector, pauseMs: pauseMs, trials: 40, rng: &r)
        #expect(p == 1, "P(two digits) with a \(pauseMs) ms pause = \(p)")
    }

    @Test("5 different digits back to back, no gap", arguments: [40.0, 45, 50, 55])
    func backToBack(eachMs: Double) {
        var r = rng(7)
        let p = DTMFBattery.backToBack(detector, eachMs: eachMs, trials: 40, rng: &r)
        #expect(p == 1, "P(both) at \(eachMs) ms each = \(p) (spandsp: 0.47 at 40 ms)")
    }

    static let tones: [(row: Int?, column: Int?, hz: Double)] =
        (0..<4).map { (Optional($0), nil, DTMFDigit.lowFrequenciesHz[$0]) } + (0..<4).map { (nil, Optional($0), DTMFDigit.highFrequenciesHz[$0]) }

    @Test("6 frequency: within ±(1.5 % + 2 Hz) accepted", arguments: 0..<8, [-1.0, 1.0])
    func frequencyAccepted(tone: Int, sign: Double) {
        let t = Self.tones[tone]
        let error = sign * (0.015 + 2 / t.hz)
        var r = rng(8)
        let p = DTMFBattery.frequency(detector, row: t.row, column: t.column, error: error, trials: 30, rng: &r)
        #expect(p == 1, "\(t.hz) Hz at \(error * 100)%: P = \(p)")
    }

    // Both tones at once, each exactly at the edge with a random sign, random phases and block alignment, levels
    // and twist (Benchmarks: `dtmf-bench battery 1000 6` runs 1000 per duration).
    @Test("6 frequency: both tones at the exact ±(1.5 % + 2 Hz) edges, any phase and alignment", arguments: [40.0, 50, 60])
    func frequencyEdges(durationMs: Double) {
        var r = rng(21)
        let p = DTMFBattery.frequencyEdges(detector, durationMs: durationMs, trials: 300, rng: &r)
        #expect(p == 1, "\(durationMs) ms at the edges: P = \(p)")
    }

    @Test("6 frequency: beyond ±3.5 % rejected", arguments: 0..<8, [-0.06, -0.045, -0.037, -0.035, 0.035, 0.037, 0.045, 0.06])
    func frequencyRejected(tone: Int, error: Double) {
        let t = Self.tones[tone]
        var r = rng(9)
        let p = DTMFBattery.frequency(detector, row: t.row, column: t.column, error: error, trials: 20, rng: &r)
        #expect(p == 0, "\(t.hz) Hz at \(error * 100)%: P = \(p) (spandsp accepts 697 at −4.5 %, 941 at ±3.7 %)")
    }

    @Test("7 twist −9 … +5.5 dB accepted", arguments: [-9.0, -8, -6, -4, 0, 2, 4, 5.5])
    func twistAccepted(twistDB: Double) {
        var r = rng(10)
        let p = DTMFBattery.twist(detector, twistDB: twistDB, trials: 60, rng: &r)
        #expect(p == 1, "twist \(twistDB) dB: P = \(p) (spandsp: about 0.5 at −8 and +4)")
    }

    @Test("7 twist ≥ 10 dB either way rejected", arguments: [-12.0, -10, 10, 12])
    func twistRejected(twistDB: Double) {
        var r = rng(11)
        let p = DTMFBattery.twist(detector, twistDB: twistDB, trials: 60, rng: &r)
        #expect(p == 0, "twist \(twistDB) dB: P = \(p)")
    }

    @Test("8 level 0 … −30 dBm0 per tone accepted", arguments: [0.0, -10, -20, -30, -33])
    func levelAccepted(levelDBm0: Double) {
        var r = rng(12)
        let p = DTMFBattery.level(detector, levelDBm0: levelDBm0, trials: 40, rng: &r)
        #expect(p == 1, "\(levelDBm0) dBm0: P = \(p)")
    }

    @Test("8 level below −45 dBm0 rejected", arguments: [-45.0, -50, -60])
    func levelRejected(levelDBm0: Double) {
        var r = rng(13)
        let p = DTMFBattery.level(detector, levelDBm0: levelDBm0, trials: 40, rng: &r)
        #expect(p == 0, "\(levelDBm0) dBm0: P = \(p)")
    }

    @Test("9 noise: per-tone SNR 12 dB → all, 7 dB → ≥ 99 %", arguments: [(12.0, 1.0), (10, 1.0), (7, 0.99)])
    func noise(snrDB: Double, required: Double) {
        var r = rng(14)
        let p = DTMFBattery.noise(detector, snrDB: snrDB, trials: 200, rng: &r)
        #expect(p >= required, "SNR \(snrDB) dB: P = \(p)")
    }

    @Test("9 noise alone gives no digit", arguments: [-10.0, -20, -35])
    func noiseOnly(levelDBm0: Double) {
        #expect(DTMFBattery.noiseOnly(detector, seconds: 60, levelDBm0: levelDBm0, seed: 15) == 0)
    }

    // A third tone inside the DTMF band (guard bins) or on a tone's second harmonic (2.4–3.3 kHz) vetoes a
    // digit by design: that is what music and speech look like. Outside those, it does not.
    @Test("10 dial tone 450 Hz and a third tone do not mask a digit",
          arguments: [(450.0, 0.0), (450, 5), (450, 10), (350, 0), (2000, 0), (3400, 0)])
    func thirdTone(frequencyHz: Double, overDB: Double) {
        var r = rng(16)
        let p = DTMFBattery.thirdTone(detector, frequencyHz: frequencyHz, overDB: overDB, trials: 40, rng: &r)
        #expect(p == 1, "\(frequencyHz) Hz at +\(overDB) dB: P = \(p) (spandsp: 0)")
    }

    @Test("11 G.711 µ-law and A-law give the same digits as linear")
    func g711() {
        var r = rng(17)
        for _ in 0..<10 {
            var digits = DTMFDigit.allCases
            digits.shuffle(using: &r)
            var x = [Double](repeating: 0, count: DTMFBattery.lead(&r))
            x += DTMFGenerator(lowLevelDBm0: -20, twistDB: 2).sequence(digits, onSamples: 400, offSamples: 400, using: &r)
            let linear = Samples.quantize(x)
            let mu = G711.muLawDecode(G711.muLawEncode(linear))
            let a = G711.aLawDecode(G711.aLawEncode(linear))
            let reference = detector(linear)
            #expect(reference.map(\.digit) == digits.map(\.character))
            for coded in [mu, a] {
                let found = detector(coded)
                #expect(found.map(\.digit) == reference.map(\.digit))
                for (f, ref) in zip(found, reference) {
                    #expect(abs(f.start - ref.start) <= 32 && abs(f.end - ref.end) <= 32, "\(f) vs \(ref)")
                }
            }
        }
    }

    @Test("15 re-chunking: 1, 7, 102, 160 samples and the whole file give identical events")
    func rechunking() {
        var r = rng(18)
        var x = [Double](repeating: 0, count: 333)
        x += DTMFGenerator(lowLevelDBm0: -15, twistDB: 1).sequence(DTMFDigit.allCases, onSamples: 360, offSamples: 300, using: &r)
        Samples.mix(&x, r.render(count: x.count, levelDBm0: -35))
        let samples = Samples.quantize(x)
        func events(chunk: Int) -> [DTMFEvent] { detectInChunks(samples, chunk: chunk) }
        let whole = events(chunk: samples.count)
        #expect(whole.filter { $0.kind == .end }.map(\.digit) == DTMFDigit.allCases)
        for chunk in [1, 7, 102, 160] {
            #expect(events(chunk: chunk) == whole, "chunk \(chunk)")
        }
    }

    @Test("15 re-chunking over quiet stretches: the kernel's quiet gate (whole file) changes no event against ungated small chunks")
    func rechunkingQuiet() {
        // Digital silence and noise from −70 to −40 dBm0 (around the gate, a mean |x| of about 50), between
        // digits from −20 down to −41 dBm0 (the floor is −38): chunks of 1 and 160 samples never reach the
        // batched scan that gates, the whole file and 8192-sample chunks do.
        var r = rng(20)
        var x: [Double] = []
        let noiseLevels: [Double] = [-.infinity, -70, -60, -55, -52, -50, -48, -45, -40]
        let toneLevels: [Double] = [-20, -30, -36, -38, -39, -41]
        for (i, digit) in DTMFDigit.allCases.enumerated() {
            var part = [Double](repeating: 0, count: 4000 + 97 * i)
            part += DTMFGenerator(lowLevelDBm0: toneLevels[i % toneLevels.count], twistDB: 1)
                .sequence([digit], onSamples: 400, offSamples: 3000, using: &r)
            let noise = noiseLevels[i % noiseLevels.count]
            if noise.isFinite { Samples.mix(&part, r.render(count: part.count, levelDBm0: noise)) }
            x += part
        }
        let samples = Samples.quantize(x)
        func events(chunk: Int) -> [DTMFEvent] { detectInChunks(samples, chunk: chunk) }
        let whole = events(chunk: samples.count)
        let loud = DTMFDigit.allCases.enumerated().filter { toneLevels[$0.offset % toneLevels.count] >= -30 }.map(\.element)
        #expect(Set(loud).isSubset(of: Set(whole.filter { $0.kind == .end }.map(\.digit))))
        for chunk in [1, 160, 8192] {
            #expect(events(chunk: chunk) == whole, "chunk \(chunk)")
        }
    }

    @Test("onset is reported within 40 ms of the tone's start when fed 20 ms frames, and times are accurate")
    func onsetLatencyAndTiming() {
        var r = rng(19)
        for _ in 0..<30 {
            let d = DTMFBattery.randomDigit(&r)
            let start = Int.random(in: 200...900, using: &r)
            var x = [Double](repeating: 0, count: start)
            x += DTMFGenerator().tone(d, samples: 800, using: &r)
            x += [Double](repeating: 0, count: 800)
            let samples = Samples.quantize(x)
            var det = DTMFDetector()
            var events: [DTMFEvent] = []
            var i = 0
            while i < samples.count {
                events += det.process(samples[i..<min(i + 160, samples.count)])
                i += 160
            }
            #expect(events.count == 2)
            guard let onset = events.first, let end = events.last, let endSample = end.endSample else { continue }
            #expect(onset.kind == .onset && onset.digit == d)
            #expect(onset.reportedAtSample - Int64(start) <= 320, "onset latency \(onset.reportedAtSample - Int64(start)) samples")
            #expect(abs(onset.startSample - Int64(start)) <= 48, "start \(onset.startSample) vs \(start)")
            #expect(abs(endSample - Int64(start + 800)) <= 40, "end \(endSample) vs \(start + 800)")
        }
    }

    @Test("counters record rejected bursts and bridged interruptions")
    func counters() {
        var r = rng(20)
        var x = [Double](repeating: 0, count: 400)
        x += DTMFGenerator().tone(.d5, samples: 160, using: &r)   // 20 ms: rejected
        x += [Double](repeating: 0, count: 800)
        var tone = DTMFGenerator().tone(.d9, samples: 1200, using: &r)
        for i in 500..<560 { tone[i] = 0 }   // 7.5 ms gap: bridged
        x += tone + [Double](repeating: 0, count: 800)
        var d = DTMFDetector()
        let events = d.process(Samples.quantize(x)) + d.finish()
        #expect(events.filter { $0.kind == .end }.map(\.digit) == [.d9])
        #expect(d.counters.rejectedBursts >= 1)
        #expect(d.counters.bridgedInterruptions >= 1)
    }
}

@Suite("DTMF profiles") struct DTMFProfileTests {
    @Test("ETSI and NTT twist limits", arguments: [("etsi", 5.0, true), ("etsi", -5, true), ("etsi", 7.5, false), ("etsi", -7.5, false),
                                                   ("ntt", 4, true), ("ntt", -4, true), ("ntt", 6.5, false), ("ntt", -6.5, false)])
    func twist(profile: String, twistDB: Double, accepted: Bool) {
        let configuration: DTMFConfiguration = profile == "etsi" ? .etsi : .ntt
        var r = WhiteNoise(seed: 40)
        let p = DTMFBattery.twist(DTMFBattery.ours(configuration: configuration), twistDB: twistDB, trials: 30, rng: &r)
        #expect(p == (accepted ? 1 : 0), "\(profile) twist \(twistDB): P = \(p)")
    }

    @Test("NTT rejects a 3 % frequency error that AT&T's margin also rejects, and accepts 1.8 %", arguments: [0.018, -0.018, 0.03, -0.03])
    func nttFrequency(error: Double) {
        var r = WhiteNoise(seed: 41)
        let p = DTMFBattery.frequency(DTMFBattery.ours(configuration: .ntt), row: 1, column: nil, error: error, trials: 30, rng: &r)
        #expect(p == (abs(error) < 0.02 ? 1 : 0), "NTT 770 Hz at \(error * 100)%: P = \(p)")
    }
}

/// The events of one detector fed `samples` in chunks of `chunk` samples, then finished.
private func detectInChunks(_ samples: [Int16], chunk: Int) -> [DTMFEvent] {
    var d = DTMFDetector()
    var out: [DTMFEvent] = []
    var i = 0
    while i < samples.count {
        let n = min(chunk, samples.count - i)
        out += d.process(samples[i..<(i + n)])
        i += n
    }
    return out + d.finish()
}
