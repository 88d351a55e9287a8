// The DTMF test battery's stimuli and scoring, shared by the DSPTests (which assert the requirements with modest
// trial counts) and by Benchmarks/dtmf-bench (which runs more trials and spandsp side by side). A library of its
// own that the `ivr` executable does not link; keep it free of test-framework imports.
import AudioIO
public import DSP
import Foundation

/// A digit as any detector under test reports it, in samples from the start of the stimulus.
public struct DetectedDigit: Equatable, Sendable, CustomStringConvertible {
    public var digit: Character
    public var start: Int
    public var end: Int
    public var description: String { "\(digit)@\(start)..\(end)" }
    /// A digit `digit` from sample `start` to `end`.
    public init(digit: Character, start: Int, end: Int) {
        self.digit = digit
        self.start = start
        self.end = end
    }
}

/// A detector under test: whole stimulus in, digits out.
public typealias DigitDetector = @Sendable ([Int16]) -> [DetectedDigit]

/// Stimuli and measurements of the battery.
public enum DTMFBattery {
    public static let rate = Telephony.sampleRate
    public static func ms(_ milliseconds: Double) -> Int { Int((milliseconds * Double(rate) / 1000).rounded()) }

    /// This project's detector, fed in chunks of `chunk` samples.
    public static func ours(chunk: Int = Telephony.frameSamples, configuration: DTMFConfiguration = .att) -> DigitDetector {
        { samples in
            var detector = DTMFDetector(configuration: configuration)
            var events: [DTMFEvent] = []
            samples.withUnsafeBufferPointer { all in
                var i = 0
                while i < all.count {
                    let n = min(chunk, all.count - i)
                    detector.process(UnsafeBufferPointer(rebasing: all[i..<(i + n)])) { events.append($0) }
                    i += n
                }
            }
            events += detector.finish()
            return events.compactMap { e in
                guard e.kind == .end, let end = e.endSample else { return nil }
                return DetectedDigit(digit: e.digit.character, start: Int(e.startSample), end: Int(end))
            }
        }
    }

    // MARK: - Building blocks

    /// Random leading silence so that blocks fall anywhere relative to the tone.
    public static func lead(_ rng: inout some RandomNumberGenerator) -> Int { Int.random(in: 200...600, using: &rng) }

    /// `digit` for `onSamples` with `generator`, surrounded by silence, plus whatever `decorate` adds.
    public static func single(_ digit: DTMFDigit, onSamples: Int, generator: DTMFGenerator = DTMFGenerator(),
                       rng: inout some RandomNumberGenerator,
                       decorate: (inout [Double], Int, inout WhiteNoise) -> Void = { _, _, _ in })
        -> [Int16] {
        let start = lead(&rng)
        var x = [Double](repeating: 0, count: start + onSamples + ms(120))
        Samples.mix(&x, generator.tone(digit, samples: onSamples, using: &rng), at: start)
        var aux = WhiteNoise(seed: rng.next())
        decorate(&x, start, &aux)
        return Samples.quantize(x)
    }

    public static func randomDigit(_ rng: inout some RandomNumberGenerator) -> DTMFDigit { DTMFDigit.allCases.randomElement(using: &rng)! }

    /// Fraction of `trials` in which exactly `digit` (one digit) is detected.
    public static func detectRate(_ detector: DigitDetector, trials: Int, rng: inout some RandomNumberGenerator,
                           make: (DTMFDigit, inout WhiteNoise) -> [Int16]) -> Double {
        var hits = 0
        for t in 0..<trials {
            var local = WhiteNoise(seed: UInt64.random(in: 0...UInt64.max, using: &rng) &+ UInt64(t))
            let digit = randomDigit(&local)
            let found = detector(make(digit, &local))
            if found.count == 1, found[0].digit == digit.character { hits += 1 }
        }
        return Double(hits) / Double(trials)
    }

    /// Fraction of `trials` in which anything at all is detected.
    public static func anyRate(_ detector: DigitDetector, trials: Int, rng: inout some RandomNumberGenerator,
                        make: (DTMFDigit, inout WhiteNoise) -> [Int16]) -> Double {
        var hits = 0
        for t in 0..<trials {
            var local = WhiteNoise(seed: UInt64.random(in: 0...UInt64.max, using: &rng) &+ UInt64(t))
            if !detector(make(randomDigit(&local), &local)).isEmpty { hits += 1 }
        }
        return Double(hits) / Double(trials)
    }

    // MARK: - Rows

    /// Row 1: all 16 digits in sequence; fraction of sequences decoded exactly.
    public static func decode(_ detector: DigitDetector, onMs: Double, offMs: Double, trials: Int,
                       rng: inout some RandomNumberGenerator) -> Double {
        var ok = 0
        for _ in 0..<trials {
            var digits = DTMFDigit.allCases
            digits.shuffle(using: &rng)
            var x = [Double](repeating: 0, count: lead(&rng))
            x += DTMFGenerator(lowLevelDBm0: Double.random(in: -20 ... -5, using: &rng), twistDB: 2)
                .sequence(digits, onSamples: ms(onMs), offSamples: ms(offMs), using: &rng)
            x += [Double](repeating: 0, count: ms(100))
            let got = String(detector(Samples.quantize(x)).map(\.digit))
            if got == String(digits.map(\.character)) { ok += 1 }
        }
        return Double(ok) / Double(trials)
    }

    /// Row 2: P(detect) of a single digit lasting `durationMs`.
    public static func duration(_ detector: DigitDetector, durationMs: Double, trials: Int, rng: inout some RandomNumberGenerator) -> Double {
        detectRate(detector, trials: trials, rng: &rng) { d, r in single(d, onSamples: ms(durationMs), rng: &r) }
    }

    /// Row 3: a 150 ms digit with a gap of `gapMs` (silence) starting 60 ms in; P(reported exactly once).
    public static func interruption(_ detector: DigitDetector, gapMs: Double, trials: Int, rng: inout some RandomNumberGenerator) -> Double {
        detectRate(detector, trials: trials, rng: &rng) { d, r in
            let gapStart = ms(60) + Int.random(in: 0..<32, using: &r)
            return single(d, onSamples: ms(150), rng: &r) { x, start, _ in
                for i in (start + gapStart)..<(start + gapStart + ms(gapMs)) { x[i] = 0 }
            }
        }
    }

    /// Row 4: the same digit twice (60 ms each) with a pause of `pauseMs`; P(two digits reported).
    public static func pause(_ detector: DigitDetector, pauseMs: Double, trials: Int, rng: inout some RandomNumberGenerator) -> Double {
        var ok = 0
        for _ in 0..<trials {
            let d = randomDigit(&rng)
            var x = [Double](repeating: 0, count: lead(&rng))
            x += DTMFGenerator().sequence([d, d], onSamples: ms(60), offSamples: ms(pauseMs), using: &rng)
            x += [Double](repeating: 0, count: ms(100))
            let got = detector(Samples.quantize(x))
            if got.count == 2, got.allSatisfy({ $0.digit == d.character }) { ok += 1 }
        }
        return Double(ok) / Double(trials)
    }

    /// Row 5: two different digits back to back (no gap), each `eachMs` long; P(both reported, in order).
    public static func backToBack(_ detector: DigitDetector, eachMs: Double, trials: Int, rng: inout some RandomNumberGenerator) -> Double {
        var ok = 0
        for _ in 0..<trials {
            let a = randomDigit(&rng)
            var b = randomDigit(&rng)
            while b == a { b = randomDigit(&rng) }
            var x = [Double](repeating: 0, count: lead(&rng))
            x += DTMFGenerator().sequence([a, b], onSamples: ms(eachMs), offSamples: 0, using: &rng)
            x += [Double](repeating: 0, count: ms(100))
            if detector(Samples.quantize(x)).map(\.digit) == [a.character, b.character] { ok += 1 }
        }
        return Double(ok) / Double(trials)
    }

    /// Row 6: one tone of each digit off by `error` (fraction; the low tone if `low`); P(detect) of 60 ms digits.
    public static func frequency(_ detector: DigitDetector, row: Int?, column: Int?, error: Double, trials: Int,
                          rng: inout some RandomNumberGenerator) -> Double {
        var hits = 0
        for t in 0..<trials {
            var local = WhiteNoise(seed: UInt64.random(in: 0...UInt64.max, using: &rng) &+ UInt64(t))
            let digit = DTMFDigit(row: row ?? Int.random(in: 0..<4, using: &local), column: column ?? Int.random(in: 0..<4, using: &local))
            var g = DTMFGenerator()
            if row != nil { g.lowFrequencyError = error } else { g.highFrequencyError = error }
            let found = detector(single(digit, onSamples: ms(60), generator: g, rng: &local))
            if found.count == 1, found[0].digit == digit.character { hits += 1 }
        }
        return Double(hits) / Double(trials)
    }

    /// Row 6, the accept edge: both tones of a random digit off by exactly ±(1.5 % + 2 Hz) (random signs), random
    /// phases, random block alignment, each tone at a random level in −30…0 dBm0 with |twist| ≤ 4 dB, lasting
    /// `durationMs`; P(detected exactly once).
    public static func frequencyEdges(_ detector: DigitDetector, durationMs: Double, trials: Int,
                                      rng: inout some RandomNumberGenerator) -> Double {
        detectRate(detector, trials: trials, rng: &rng) { d, r in
            let fl = DTMFDigit.lowFrequenciesHz[d.row], fh = DTMFDigit.highFrequenciesHz[d.column]
            var g = DTMFGenerator(lowLevelDBm0: Double.random(in: -26 ... 0, using: &r), twistDB: Double.random(in: -4...4, using: &r))
            if g.lowLevelDBm0 + g.twistDB > 0 || g.lowLevelDBm0 + g.twistDB < -30 { g.twistDB = 0 }
            g.lowFrequencyError = (Bool.random(using: &r) ? 1 : -1) * (0.015 + 2 / fl)
            g.highFrequencyError = (Bool.random(using: &r) ? 1 : -1) * (0.015 + 2 / fh)
            return single(d, onSamples: ms(durationMs), generator: g, rng: &r)
        }
    }

    /// Row 7: twist (high − low, dB) with the stronger tone at −6 dBm0; P(detect) of 60 ms digits.
    public static func twist(_ detector: DigitDetector, twistDB: Double, trials: Int, rng: inout some RandomNumberGenerator) -> Double {
        detectRate(detector, trials: trials, rng: &rng) { d, r in
            let low = twistDB > 0 ? -6 - twistDB : -6
            return single(d, onSamples: ms(60), generator: DTMFGenerator(lowLevelDBm0: low, twistDB: twistDB), rng: &r)
        }
    }

    /// Row 8: both tones at `levelDBm0`; P(detect) of 60 ms digits.
    public static func level(_ detector: DigitDetector, levelDBm0: Double, trials: Int, rng: inout some RandomNumberGenerator) -> Double {
        detectRate(detector, trials: trials, rng: &rng) { d, r in
            single(d, onSamples: ms(60), generator: DTMFGenerator(lowLevelDBm0: levelDBm0, twistDB: 0), rng: &r)
        }
    }

    /// Row 9: white noise (0–4 kHz) `snrDB` below each tone (tones at −15 dBm0); P(detect) of 60 ms digits.
    public static func noise(_ detector: DigitDetector, snrDB: Double, trials: Int, rng: inout some RandomNumberGenerator) -> Double {
        detectRate(detector, trials: trials, rng: &rng) { d, r in
            single(d, onSamples: ms(60), generator: DTMFGenerator(lowLevelDBm0: -15, twistDB: 0), rng: &r) { x, _, aux in
                let n = aux.render(count: x.count, levelDBm0: -15 - snrDB)
                Samples.mix(&x, n)
            }
        }
    }

    /// Row 9 (reject side): digits detected in `seconds` of white noise at `levelDBm0`.
    public static func noiseOnly(_ detector: DigitDetector, seconds: Double, levelDBm0: Double, seed: UInt64) -> Int {
        var noise = WhiteNoise(seed: seed)
        return detector(Samples.quantize(noise.render(count: Int(seconds * Double(rate)), levelDBm0: levelDBm0))).count
    }

    /// Row 10: a third tone at `frequencyHz`, `overDB` above each DTMF tone (tones at −20 dBm0); P(detect).
    public static func thirdTone(_ detector: DigitDetector, frequencyHz: Double, overDB: Double, trials: Int,
                          rng: inout some RandomNumberGenerator) -> Double {
        detectRate(detector, trials: trials, rng: &rng) { d, r in
            single(d, onSamples: ms(60), generator: DTMFGenerator(lowLevelDBm0: -20, twistDB: 0), rng: &r) { x, _, aux in
                var tone = ToneGenerator(frequencyHz: frequencyHz, levelDBm0: -20 + overDB,
                                         phaseRadians: Double.random(in: 0..<6.28, using: &aux))
                Samples.mix(&x, tone.render(count: x.count))
            }
        }
    }

    /// Row 13: `digits` 50 ms digits (50 ms apart from the previous one's end at least) laid over `speech`, each
    /// digit `overDB` above the speech's active level; fraction of digits detected (right digit, overlapping its time).
    public static func talkDown(_ detector: DigitDetector, speech: [Int16], overDB: Double, onlyOverActiveSpeech: Bool,
                         rng: inout some RandomNumberGenerator) -> (detected: Int, total: Int) {
        let speechLevel = activeLevelDBm0(speech)
        var x = speech.map(Double.init)
        var placed: [(DTMFDigit, Int)] = []
        var position = ms(100)
        let tone = ms(50)
        while position + tone + ms(100) < x.count {
            if onlyOverActiveSpeech {
                let slice = speech[position..<(position + tone)]
                if Level.dBm0(meanSquare: Samples.meanSquare(slice)) < speechLevel - 6 { position += ms(10); continue }
            }
            let d = randomDigit(&rng)
            // Digit power (two tones) overDB above the speech: each tone 3 dB lower.
            let g = DTMFGenerator(lowLevelDBm0: speechLevel + overDB - 3, twistDB: 0)
            Samples.mix(&x, g.tone(d, samples: tone, using: &rng), at: position)
            placed.append((d, position))
            position += tone + ms(Double.random(in: 150...400, using: &rng))
        }
        let found = detector(Samples.quantize(x))
        var detected = 0
        for (d, at) in placed where found.contains(where: { $0.digit == d.character && $0.start < at + tone + ms(20) && $0.end > at - ms(20) }) {
            detected += 1
        }
        return (detected, placed.count)
    }

    /// Row 14: digits at `digitLevelDBm0` per tone, 400 ms apart, under `prompt` attenuated by `lossDB` (its echo).
    /// Returns the digits found, the digits placed, and whether the found ones are in order among the placed ones
    /// (nothing invented).
    public static func underEcho(_ detector: DigitDetector, prompt: [Int16], lossDB: Double, digitLevelDBm0: Double,
                          rng: inout some RandomNumberGenerator) -> (found: Int, placed: Int, noneInvented: Bool) {
        var mix = scaled(prompt, gainDB: -lossDB).map(Double.init)
        var placed: [Character] = []
        // A digit every 400 ms from a random start, so that block alignment is random per trial (docs/dtmf.md).
        var at = 800 + Int.random(in: 0..<3200, using: &rng)
        while at + 2000 < mix.count {
            let d = randomDigit(&rng)
            Samples.mix(&mix, DTMFGenerator(lowLevelDBm0: digitLevelDBm0, twistDB: 0).tone(d, samples: 640, using: &rng), at: at)
            placed.append(d.character)
            at += 3200
        }
        let found = detector(Samples.quantize(mix)).map(\.digit)
        var k = 0
        for d in found {
            while k < placed.count, placed[k] != d { k += 1 }
            k += 1
        }
        return (found.count, placed.count, k <= placed.count)
    }

    /// Level in dBm0 of the loudest 20 ms frames (those within 15 dB of the loudest): speech's "active level".
    public static func activeLevelDBm0(_ x: [Int16]) -> Double {
        let frame = Telephony.frameSamples
        var levels: [Double] = []
        var i = 0
        while i + frame <= x.count {
            levels.append(Samples.meanSquare(x[i..<(i + frame)]))
            i += frame
        }
        guard let top = levels.max(), top > 0 else { return -100 }
        let active = levels.filter { $0 > top / 31.6 }
        return Level.dBm0(meanSquare: active.reduce(0, +) / Double(active.count))
    }

    /// Scales `x` (16-bit) by `gainDB`.
    public static func scaled(_ x: [Int16], gainDB: Double) -> [Int16] {
        let g = DSPMath10.amplitude(gainDB)
        return Samples.quantize(x.map { Double($0) * g })
    }

    // MARK: - Material for talk-off

    /// espeak-ng voices and texts: several languages, low and high pitch.
    public static let speechScripts: [(voice: String, pitch: Int, text: String)] = [
        ("cmn", 50, "欢迎致电一二三三三人力资源和社会保障服务热线。养老保险请按一，医疗保险请按二，就业服务请按三，人工服务请按零。"),
        ("cmn", 95, "您的社保卡已经办理成功，请在十个工作日内到社保经办机构领取。如需重听请按星号键，返回上一级请按井号键。"),
        ("en-us", 50, "Thank you for calling. Please listen carefully, as our menu options have changed. For billing, press one."),
        ("en+f3", 99, "She sells sea shells by the sea shore, and the shells she sells are sea shells, I'm sure. Eeeee! Wheee!"),
        ("de", 70, "Guten Tag, Sie sind verbunden mit dem Kundendienst. Bitte haben Sie einen Moment Geduld, der nächste freie Mitarbeiter ist gleich für Sie da."),
        ("fr+f2", 90, "Bonjour et bienvenue. Votre appel est important pour nous, merci de patienter quelques instants."),
        ("es", 20, "Buenos días, gracias por llamar. Todos nuestros agentes están ocupados en este momento, por favor espere."),
        ("ja", 80, "お電話ありがとうございます。ただいま電話が大変混み合っております。しばらくお待ちください。"),
        ("ru", 60, "Здравствуйте! Вы позвонили в службу поддержки. Пожалуйста, оставайтесь на линии."),
        ("it+f4", 99, "Buongiorno, la sua chiamata è importante per noi. La preghiamo di attendere in linea."),
        ("yue", 85, "多謝你嘅來電，請留低你嘅姓名同電話號碼，我哋會盡快覆你。"),
        ("hi", 70, "नमस्ते, हमारी सेवा में आपका स्वागत है। कृपया प्रतीक्षा करें।"),
    ]

    /// Speech from espeak-ng for `scripts` at 8 kHz (via a temporary WAV read with libsndfile), each repeated at
    /// `speeds` words per minute. Throws if espeak-ng is missing.
    public static func espeakSpeech(_ scripts: [(voice: String, pitch: Int, text: String)] = speechScripts,
                             speeds: [Int] = [160], directory: String) throws -> [(name: String, samples: [Int16])] {
        var out: [(String, [Int16])] = []
        for (index, s) in scripts.enumerated() {
            for speed in speeds {
                let path = "\(directory)/espeak-\(index)-\(speed).wav"
                if !FileManager.default.fileExists(atPath: path) {
                    let p = Process()
                    p.executableURL = URL(fileURLWithPath: "/usr/bin/espeak-ng")
                    p.arguments = ["-v", s.voice, "-p", String(s.pitch), "-s", String(speed), "-w", path, s.text]
                    p.standardError = FileHandle.nullDevice
                    try p.run()
                    p.waitUntilExit()
                }
                out.append(("espeak \(s.voice) p\(s.pitch) s\(speed)", try SoundFile.read(path)))
            }
        }
        return out
    }

    /// The project's own prompts, `Prompts/cmn/*.wav` under the repository root found from `filePath` (a source
    /// file's path: this file's `#filePath` works from the tests and, through the symlink, from the benchmark).
    public static func projectPrompts(filePath: String = #filePath) -> [(name: String, samples: [Int16])] {
        var dir = URL(fileURLWithPath: filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/", !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Prompts/cmn").path) {
            dir.deleteLastPathComponent()
        }
        let folder = dir.appendingPathComponent("Prompts/cmn").path
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".wav") }.sorted()
        return files.compactMap { f in (try? SoundFile.read("\(folder)/\(f)")).map { ("prompt \(f)", $0) } }
    }

    /// The ALSA sample sounds (speech "Front Center"… and noise), at 8 kHz.
    /// - Throws: ``MaterialError`` when the folder (Debian's `alsa-utils`) is missing or holds no WAV: a test
    ///   whose material is missing fails, it does not pass on nothing.
    public static func alsaSounds() throws -> [(name: String, samples: [Int16])] {
        let dir = "/usr/share/sounds/alsa"
        let names = try MaterialError.wavFiles(in: dir, package: "alsa-utils")
        return try names.map { n in ("alsa \(n)", try SoundFile.read("\(dir)/\(n)")) }
    }

    /// Synthesised music: random melodies and chords of harmonic notes (decaying, some with vibrato), including
    /// intervals close to DTMF frequency ratios; `seconds` long at about −12 dBm0.
    public static func music(seconds: Double, seed: UInt64) -> [Int16] {
        var rng = WhiteNoise(seed: seed)
        let total = Int(seconds * Double(rate))
        var x = [Double](repeating: 0, count: total)
        var t = 0
        while t < total {
            let noteLength = ms(Double.random(in: 120...600, using: &rng))
            let voices = Int.random(in: 1...3, using: &rng)
            for _ in 0..<voices {
                let midi = Double(Int.random(in: 55...90, using: &rng))
                let f0 = 440 * DSPMath10.power(2, (midi - 69) / 12)
                let harmonics = Int.random(in: 1...6, using: &rng)
                let level = Double.random(in: -22 ... -14, using: &rng)
                var freqs: [Double] = [], levels: [Double] = []
                for h in 1...harmonics where f0 * Double(h) < 3800 {
                    freqs.append(f0 * Double(h))
                    levels.append(level - 4 * Double(h - 1))
                }
                var g = ToneGenerator(frequenciesHz: freqs, levelsDBm0: levels,
                                      phasesRadians: freqs.map { _ in Double.random(in: 0..<6.28, using: &rng) })
                let n = min(noteLength, total - t)
                let decay = DSPMath10.amplitude(-Double.random(in: 5...30, using: &rng) / Double(noteLength) * 1)
                var env = 1.0
                for i in 0..<n {
                    x[t + i] += env * g.nextSample()
                    env *= decay
                }
            }
            t += noteLength
        }
        return Samples.quantize(x)
    }
}

/// dB helpers for test material (the DSP module keeps its math internal).
public enum DSPMath10 {
    /// Amplitude ratio of `db` decibels.
    public static func amplitude(_ db: Double) -> Double { Level.powerRatio(decibels: db / 2) }
    /// `base` raised to `exponent` (base > 0).
    public static func power(_ base: Double, _ exponent: Double) -> Double {
        Level.powerRatio(decibels: 10 * exponent * Level.decibels(powerRatio: base) / 10)
    }
}
