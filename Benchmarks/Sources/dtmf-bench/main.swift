import AudioIO
import DSP
import DTMFTestSupport
import Foundation

// dtmf-bench: `battery [TRIALS]` prints every battery row for this detector and spandsp side by side;
// `speed [MINUTES]` decodes one long mixed file with both and prints ns/sample and the ratio; `echo` runs row 14
// with many seeds, paired, with a confidence interval.
let arguments = Array(CommandLine.arguments.dropFirst())
let mode = arguments.first ?? "all"
let number = arguments.dropFirst().first.flatMap(Int.init)

struct Row {
    let name: String
    let requirement: String
    let measure: (DigitDetector, inout WhiteNoise) -> String
}

func pct(_ x: Double) -> String { String(format: "%.2f%%", 100 * x) }

func battery(trials: Int, only prefix: String? = nil) {
    let detectors: [(String, DigitDetector)] = [("ivr", DTMFBattery.ours()), ("spandsp", spandspDetector())]
    var rows: [Row] = []
    rows.append(Row(name: "1 decode 16 digits 50/50 ms", requirement: "100%") { d, r in pct(DTMFBattery.decode(d, onMs: 50, offMs: 50, trials: trials / 4, rng: &r)) })
    rows.append(Row(name: "1 decode 16 digits 40/53 ms", requirement: "100%") { d, r in pct(DTMFBattery.decode(d, onMs: 40, offMs: 53, trials: trials / 4, rng: &r)) })
    for dur in [10.0, 20, 23, 24, 25, 26, 28, 30, 32, 34, 36, 40, 45, 50, 60] {
        rows.append(Row(name: "2 duration \(Int(dur)) ms", requirement: dur <= 23 ? "0" : dur >= 40 ? "100%" : "-") { d, r in pct(DTMFBattery.duration(d, durationMs: dur, trials: trials, rng: &r)) })
    }
    for gap in [0.0, 4, 6, 8, 10, 12, 15, 20] {
        rows.append(Row(name: "3 interruption \(Int(gap)) ms in 150 ms (one digit)", requirement: gap <= 10 ? "100%" : "-") { d, r in pct(DTMFBattery.interruption(d, gapMs: gap, trials: trials, rng: &r)) })
    }
    for p in [10.0, 15, 20, 25, 30, 40, 60] {
        rows.append(Row(name: "4 pause \(Int(p)) ms between same digits (two)", requirement: p >= 30 ? "100%" : "-") { d, r in pct(DTMFBattery.pause(d, pauseMs: p, trials: trials, rng: &r)) })
    }
    for each in [40.0, 45, 50, 55] {
        rows.append(Row(name: "5 back-to-back different \(Int(each)) ms each (both)", requirement: "100%") { d, r in pct(DTMFBattery.backToBack(d, eachMs: each, trials: trials, rng: &r)) })
    }
    for (gi, freqs) in [DTMFDigit.lowFrequenciesHz, DTMFDigit.highFrequenciesHz].enumerated() {
        for (fi, f) in freqs.enumerated() {
            let limit = 0.015 + 2 / f   // the must-detect limit ±(1.5 % + 2 Hz)
            for e in [-0.06, -0.045, -0.037, -0.035, -0.03, -0.025, -limit, limit, 0.025, 0.03, 0.035, 0.037, 0.045, 0.06] {
                let accept = abs(e * f) <= 0.015 * f + 2 + 1e-9, reject = abs(e) >= 0.035
                rows.append(Row(name: String(format: "6 freq %4.0f Hz %+.2f%%", f, e * 100), requirement: accept ? "100%" : reject ? "0" : "-") { d, r in
                    pct(DTMFBattery.frequency(d, row: gi == 0 ? fi : nil, column: gi == 1 ? fi : nil, error: e, trials: trials / 4, rng: &r))
                })
            }
        }
    }
    for dur in [40.0, 50, 60] {
        rows.append(Row(name: "6 freq both tones at the accept edge, \(Int(dur)) ms", requirement: "100%") { d, r in
            pct(DTMFBattery.frequencyEdges(d, durationMs: dur, trials: trials, rng: &r))
        })
    }
    for t in [-12.0, -10, -9.5, -9, -8, -6, -4, 0, 4, 5.5, 6, 8, 10, 12] {
        rows.append(Row(name: String(format: "7 twist %+.1f dB", t), requirement: (t >= -8 && t <= 4) ? "100%" : abs(t) >= 10 ? "0" : "-") { d, r in pct(DTMFBattery.twist(d, twistDB: t, trials: trials, rng: &r)) })
    }
    for l in [3.0, 0, -10, -20, -30, -33, -36, -40, -45, -50, -60] {
        rows.append(Row(name: String(format: "8 level %+.0f dBm0 per tone", l), requirement: (l <= 0 && l >= -30) ? "100%" : l < -45 ? "0" : "-") { d, r in pct(DTMFBattery.level(d, levelDBm0: l, trials: trials, rng: &r)) })
    }
    for s in [20.0, 15, 12, 10, 7, 5, 3] {
        rows.append(Row(name: String(format: "9 noise, per-tone SNR %.0f dB", s), requirement: s >= 12 ? "99.99%" : s >= 7 ? "99%" : "-") { d, r in pct(DTMFBattery.noise(d, snrDB: s, trials: trials, rng: &r)) })
    }
    for over in [0.0, 5, 10] {
        rows.append(Row(name: "10 dial tone 450 Hz +\(Int(over)) dB", requirement: "100%") { d, r in pct(DTMFBattery.thirdTone(d, frequencyHz: 450, overDB: over, trials: trials, rng: &r)) })
    }
    for f in [350.0, 1000, 2000, 3000, 3400] {
        rows.append(Row(name: "10 third tone \(Int(f)) Hz +0 dB", requirement: "100%") { d, r in pct(DTMFBattery.thirdTone(d, frequencyHz: f, overDB: 0, trials: trials, rng: &r)) })
    }
    let dir = NSTemporaryDirectory() + "ivr-dtmf-bench"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let speech = ((try? DTMFBattery.espeakSpeech(speeds: [130, 175], directory: dir)) ?? []).map(\.samples)
    for over in [10.0, 5, 0] {
        for active in [false, true] {
            rows.append(Row(name: "13 talk-down +\(Int(over)) dB\(active ? " on active speech" : "")", requirement: "spandsp") { d, r in
                var hit = 0, total = 0
                for x in speech {
                    let t = DTMFBattery.talkDown(d, speech: x, overDB: over, onlyOverActiveSpeech: active, rng: &r)
                    hit += t.detected
                    total += t.total
                }
                return pct(Double(hit) / Double(max(total, 1)))
            })
        }
    }
    let cmn = speech.indices.filter { DTMFBattery.speechScripts[$0 / 2].voice == "cmn" }.map { speech[$0] }
        + DTMFBattery.projectPrompts().map(\.samples)
    for loss in [0.0, 6, 10, 20] {
        rows.append(Row(name: "14 prompts+espeak cmn echo at -\(Int(loss)) dB: digits", requirement: "0") { d, _ in
            String(cmn.reduce(0) { $0 + d(DTMFBattery.scaled($1, gainDB: -loss)).count })
        })
    }
    for loss in [6.0, 10, 20] {
        rows.append(Row(name: "14 -25 dBm0 digits under echo at -\(Int(loss)) dB", requirement: ">spandsp") { d, r in
            var found = 0, placed = 0, invented = 0
            for x in cmn {
                let u = DTMFBattery.underEcho(d, prompt: x, lossDB: loss, digitLevelDBm0: -25, rng: &r)
                found += u.found; placed += u.placed
                if !u.noneInvented { invented += 1 }
            }
            return pct(Double(found) / Double(max(placed, 1))) + (invented > 0 ? " (inv)" : "")
        })
    }
    rows.append(Row(name: "9 noise alone, 60 min at -20 dBm0: digits", requirement: "0") { d, _ in
        String(DTMFBattery.noiseOnly(d, seconds: 3600, levelDBm0: -20, seed: 99))
    })
    rows.append(Row(name: "12 talk-off espeak+ALSA (x2 levels): digits", requirement: "<spandsp") { d, _ in
        var n = 0
        for x in speech + ((try? DTMFBattery.alsaSounds()) ?? []).map(\.samples) {
            for g in [0.0, -10] { n += d(DTMFBattery.scaled(x, gainDB: g)).count }
        }
        return String(n)
    })
    rows.append(Row(name: "12 talk-off synth music 10 min: digits", requirement: "<spandsp") { d, _ in
        String(d(DTMFBattery.music(seconds: 600, seed: 3)).count)
    })
    for row in rows where prefix.map({ row.name.hasPrefix($0 + " ") }) ?? true {
        var line = row.name.padding(toLength: 48, withPad: " ", startingAt: 0)
        line += " req " + row.requirement.padding(toLength: 7, withPad: " ", startingAt: 0)
        for (_, d) in detectors {
            var rng = WhiteNoise(seed: 42)
            line += "  " + row.measure(d, &rng).padding(toLength: 9, withPad: " ", startingAt: 0)
        }
        print(line)
        FileHandle.standardOutput.synchronizeFile()
    }
}

nonisolated(unsafe) var segmentLog: [(kind: Int, start: Int)] = []

/// One long stimulus: espeak speech, white noise, silence, music and dialled digits, mixed at random.
func longMix(minutes: Int, seed: UInt64) throws -> (samples: [Int16], digits: [DetectedDigit]) {
    let dir = NSTemporaryDirectory() + "ivr-dtmf-bench"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let speech = try DTMFBattery.espeakSpeech(speeds: [130, 175], directory: dir).map(\.samples)
    let music = DTMFBattery.music(seconds: 60, seed: seed)
    var rng = WhiteNoise(seed: seed)
    let total = minutes * 60 * Telephony.sampleRate
    var out = [Int16]()
    out.reserveCapacity(total + 80_000)
    var digits: [DetectedDigit] = []
    while out.count < total {
        let kind = Int.random(in: 0..<10, using: &rng)
        segmentLog.append((kind, out.count))
        switch kind {
        case 0...3:
            let s = speech.randomElement(using: &rng)!
            let g = DSPMath10.amplitude(Double.random(in: -12...0, using: &rng))
            out += s.map { Int16(clamping: Int((Double($0) * g).rounded())) }
        case 4...5:
            out += Samples.quantize(rng.render(count: Int.random(in: 4000...40000, using: &rng), levelDBm0: Double.random(in: -50 ... -30, using: &rng)))
        case 6:
            let start = Int.random(in: 0..<(music.count - 40000), using: &rng)
            out += music[start..<(start + 40000)]
        default:
            let n = Int.random(in: 4...12, using: &rng)
            let ds = (0..<n).map { _ in DTMFBattery.randomDigit(&rng) }
            let g = DTMFGenerator(lowLevelDBm0: Double.random(in: -25 ... -5, using: &rng), twistDB: Double.random(in: -2...4, using: &rng))
            let on = DTMFBattery.ms(Double.random(in: 45...120, using: &rng))
            let off = DTMFBattery.ms(Double.random(in: 45...120, using: &rng))
            var x = g.sequence(ds, onSamples: on, offSamples: off, using: &rng)
            Samples.mix(&x, rng.render(count: x.count, levelDBm0: -45))
            for (k, d) in ds.enumerated() {
                let start = out.count + k * (on + off)
                digits.append(DetectedDigit(digit: d.character, start: start, end: start + on))
            }
            out += Samples.quantize(x)
        }
    }
    return (out, digits)
}

func speed(minutes: Int) throws {
    let (samples, dialled) = try longMix(minutes: minutes, seed: 7)
    print(String(format: "stimulus: %.1f min (%d samples), %d dialled digits among speech, noise and music", Double(samples.count) / 8000 / 60, samples.count, dialled.count))
    /// Longest common subsequence of two digit strings: digits found in order.
    func common(_ a: [Character], _ b: [Character]) -> Int {
        var previous = [Int](repeating: 0, count: b.count + 1)
        for x in a {
            var current = [Int](repeating: 0, count: b.count + 1)
            for (j, y) in b.enumerated() { current[j + 1] = x == y ? previous[j] + 1 : max(previous[j + 1], current[j]) }
            previous = current
        }
        return previous[b.count]
    }
    let expected = dialled.map(\.digit)
    if arguments.contains("--explain") {
        // Detections of this detector that match no dialled digit (position ± 100 ms), with the segment they fall in.
        let found = DTMFBattery.ours(chunk: 8192)(samples)
        for f in found where !dialled.contains(where: { $0.digit == f.digit && abs($0.start - f.start) < 800 }) {
            let seg = segmentLog.last(where: { $0.start <= f.start })?.kind ?? -1
            print("[segment kind \(seg): 0-3 speech, 4-5 noise, 6 music, 7-9 digits] unmatched \(f) at \(String(format: "%.2f", Double(f.start) / 8000)) s; nearest dialled:",
                  dialled.min(by: { abs($0.start - f.start) < abs($1.start - f.start) }).map { "\($0)" } ?? "-")
        }
    }
    let chunk = 8192
    var best: [String: Double] = [:]
    var results: [String: String] = [:]
    for _ in 0..<3 {
        var ourDigits = ""
        let t0 = threadNanoseconds()
        var detector = DTMFDetector()
        samples.withUnsafeBufferPointer { all in
            var i = 0
            while i < all.count {
                let n = min(chunk, all.count - i)
                detector.process(UnsafeBufferPointer(rebasing: all[i..<(i + n)])) { e in
                    if e.kind == .onset { ourDigits.append(e.digit.character) }
                }
                i += n
            }
        }
        let ours = (threadNanoseconds() - t0) / Double(samples.count)
        let t1 = threadNanoseconds()
        let theirs = spandspDigits(samples, chunk: chunk)
        let span = (threadNanoseconds() - t1) / Double(samples.count)
        best["ivr"] = min(best["ivr"] ?? .infinity, ours)
        best["spandsp"] = min(best["spandsp"] ?? .infinity, span)
        results["ivr"] = ourDigits
        results["spandsp"] = theirs
    }
    for name in ["ivr", "spandsp"] {
        let got = Array(results[name]!)
        let matched = common(expected, got)
        print("\(name): \(matched) of \(expected.count) dialled digits found in order, \(expected.count - matched) missed, \(got.count - matched) extra (false or split)")
    }
    for name in ["ivr", "spandsp"] {
        let ns = best[name]!
        print(String(format: "%-8@ %6.3f ns/sample  %8.0f real-time channels per core  %d digits reported", name as NSString, ns, 1e9 / ns / 8000, results[name]!.count))
    }
    print(String(format: "ratio: ivr is %.2fx spandsp's throughput (one thread, same samples, same run)", best["spandsp"]! / best["ivr"]!))
}

/// CPU time of this thread in nanoseconds (robust to other processes sharing the cores).
func threadNanoseconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1e9 + Double(t.tv_nsec)
}

extension Duration {
    static func / (lhs: Duration, rhs: Duration) -> Double {
        let l = Double(lhs.components.seconds) * 1e18 + Double(lhs.components.attoseconds)
        let r = Double(rhs.components.seconds) * 1e18 + Double(rhs.components.attoseconds)
        return l / r
    }
}

func micro() {
    var noise = WhiteNoise(seed: 1)
    let inputs: [(String, [Int16])] = [
        ("silence", [Int16](repeating: 0, count: 4_000_000)),
        ("noise -20 dBm0", Samples.quantize(noise.render(count: 4_000_000, levelDBm0: -20))),
    ]
    for (name, x) in inputs {
        var best = Double.infinity
        for _ in 0..<5 {
            var d = DTMFDetector()
            let t0 = threadNanoseconds()
            x.withUnsafeBufferPointer { all in
                var i = 0
                while i < all.count {
                    let n = min(8192, all.count - i)
                    d.process(UnsafeBufferPointer(rebasing: all[i..<(i + n)])) { _ in }
                    i += n
                }
            }
            best = min(best, (threadNanoseconds() - t0) / Double(x.count))
        }
        let t1 = threadNanoseconds()
        _ = spandspDigits(x, chunk: 8192)
        let span = (threadNanoseconds() - t1) / Double(x.count)
        print(String(format: "%@: ivr %.3f ns/sample, spandsp %.3f ns/sample", name, best, span))
    }
}

func talkOff() throws {
    let dir = NSTemporaryDirectory() + "ivr-dtmf-bench"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    var material = try DTMFBattery.espeakSpeech(speeds: [130, 175], directory: dir)
    material += (try DTMFBattery.alsaSounds())
    material.append(("music 120 s", DTMFBattery.music(seconds: 120, seed: 3)))
    let ours = DTMFBattery.ours(), theirs = spandspDetector()
    var total = 0.0, a = 0, b = 0
    for (name, x) in material {
        for gain in [0.0, -10] {
            let y = DTMFBattery.scaled(x, gainDB: gain)
            let o = ours(y), t = theirs(y)
            a += o.count; b += t.count
            if !o.isEmpty || !t.isEmpty { print("\(name) \(gain) dB: ivr \(o) spandsp \(t)") }
            total += Double(y.count) / 8000
        }
    }
    for seed in [7, 3, 11] as [UInt64] {
        let m = DTMFBattery.music(seconds: 600, seed: seed)
        print("music seed \(seed), 10 min: ivr \(ours(m)) spandsp \(theirs(m))")
    }
    print(String(format: "talk-off: %.1f min of material: ivr %d false digits, spandsp %d", total / 60, a, b))
}

func timing() {
    var r = WhiteNoise(seed: 5)
    var startErrors: [Int] = [], endErrors: [Int] = []
    for _ in 0..<500 {
        let d = DTMFBattery.randomDigit(&r)
        let start = Int.random(in: 200...900, using: &r)
        let length = Int.random(in: 320...1200, using: &r)
        var x = [Double](repeating: 0, count: start)
        x += DTMFGenerator(lowLevelDBm0: Double.random(in: -30 ... -5, using: &r)).tone(d, samples: length, using: &r)
        x += [Double](repeating: 0, count: 800)
        let found = DTMFBattery.ours()(Samples.quantize(x))
        guard found.count == 1 else { print("miss"); continue }
        startErrors.append(found[0].start - start)
        endErrors.append(found[0].end - (start + length))
    }
    func stats(_ e: [Int]) -> String { "mean \(e.reduce(0, +) / max(1, e.count)) min \(e.min() ?? 0) max \(e.max() ?? 0) (samples)" }
    print("start error: \(stats(startErrors))\nend error: \(stats(endErrors))")
}

/// Row 12, hard talk-off: false digits per hour for each kind of material, this detector and spandsp side by side.
func hardTalkOff(scale: Double, explain: Bool) throws {
    let dir = NSTemporaryDirectory() + "ivr-dtmf-bench-talkoff"
    let ours = DTMFBattery.ours(), theirs = spandspDetector()
    print("12 hard talk-off (every clip at peak -3 and -13 dBFS); false digits, and per hour:")
    var totals = (seconds: 0.0, ivr: 0, spandsp: 0)
    for kind in TalkOffMaterial.Kind.allCases {
        let clips = try TalkOffMaterial.clips([kind], scale: scale, directory: dir)
        var seconds = 0.0, a = 0, b = 0
        var digitsA = "", digitsB = ""
        for clip in clips {
            let o = ours(clip.samples), t = theirs(clip.samples)
            seconds += clip.seconds
            a += o.count; b += t.count
            digitsA += String(o.map(\.digit)); digitsB += String(t.map(\.digit))
            if explain, !o.isEmpty || !t.isEmpty { print("  \(clip.name): ivr \(o) spandsp \(t)") }
        }
        totals.seconds += seconds; totals.ivr += a; totals.spandsp += b
        print(String(format: "12 %@ %6.1f min  ivr %4d (%6.1f/h) %@  spandsp %4d (%6.1f/h) %@", kind.rawValue.padding(toLength: 30, withPad: " ", startingAt: 0) as NSString,
                     seconds / 60, a, Double(a) * 3600 / seconds, digitsA.prefix(20).description as NSString,
                     b, Double(b) * 3600 / seconds, digitsB.prefix(20).description as NSString))
        FileHandle.standardOutput.synchronizeFile()
    }
    print(String(format: "12 %@ %6.1f min  ivr %4d (%6.1f/h)  spandsp %4d (%6.1f/h)", "all hard talk-off".padding(toLength: 30, withPad: " ", startingAt: 0) as NSString,
                 totals.seconds / 60, totals.ivr, Double(totals.ivr) * 3600 / totals.seconds,
                 totals.spandsp, Double(totals.spandsp) * 3600 / totals.seconds))
}

/// CPU seconds (user + system) of the children reaped so far.
func childrenCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// Runs `executable arguments`, stdout to `output`; returns its CPU seconds (whole process: start, decode, detect).
func timedRun(_ executable: String, _ arguments: [String], output: String) throws -> Double {
    guard FileManager.default.createFile(atPath: output, contents: nil) else { throw MaterialError.failed("cannot create \(output)") }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
    let before = childrenCPUSeconds()
    try p.run()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { throw MaterialError.failed("\(executable) exited \(p.terminationStatus)") }
    return childrenCPUSeconds() - before
}

/// The whole-process comparison: `ivr detect --jsonl FILE` against the spandsp runner (`spandsp-detect FILE`, C,
/// libsndfile, dtmf_rx on 1 s chunks) on one `minutes`-long 8 kHz 16-bit WAV, each run `runs` times alternately in
/// this one run; prints the best CPU time of each and the ratio.
func wholeProcess(minutes: Int, runs: Int) throws {
    let dir = NSTemporaryDirectory() + "ivr-dtmf-bench"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let wav = "\(dir)/mix-\(minutes)min.wav"
    if !FileManager.default.fileExists(atPath: wav) {
        try SoundFile.writeWAV(try longMix(minutes: minutes, seed: 7).samples, to: wav)
    }
    let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
    let ivr = ProcessInfo.processInfo.environment["IVR_BINARY"] ?? "\(here)/../../../../.build/release/ivr"
    let spandsp = "\(here)/spandsp-detect"
    for binary in [ivr, spandsp] where !FileManager.default.isExecutableFile(atPath: binary) {
        throw MaterialError.failed("\(binary) missing: run `swift build -c release --product ivr` in the repository root (or set IVR_BINARY)")
    }
    var best = (ivr: Double.infinity, spandsp: Double.infinity)
    for _ in 0..<runs {
        best.ivr = min(best.ivr, try timedRun(ivr, ["detect", "--jsonl", wav], output: "\(dir)/ivr.jsonl"))
        best.spandsp = min(best.spandsp, try timedRun(spandsp, [wav], output: "\(dir)/spandsp.jsonl"))
    }
    func lines(_ path: String) -> Int { ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").count }
    print(String(format: "whole process, %d-minute 8 kHz WAV, best of %d (CPU s, user+sys): ivr detect --jsonl %.3f s (%d digits), spandsp-detect %.3f s (%d digits)",
                 minutes, runs, best.ivr, lines("\(dir)/ivr.jsonl"), best.spandsp, lines("\(dir)/spandsp.jsonl")))
    print(String(format: "ratio: ivr detect uses %.2fx spandsp's CPU time (%.2fx its throughput); the goal is at most 0.33x",
                 best.ivr / best.spandsp, best.spandsp / best.ivr))
}

/// Every event the detector reports on a `minutes`-long mix (`seed`), fed in chunks of 8192, 160, 37 and 1
/// samples: prints them (one line each, to diff against another build's) and whether all chunkings agree.
func events(minutes: Int, seed: UInt64) throws {
    let (samples, _) = try longMix(minutes: minutes, seed: seed)
    func run(chunk: Int) -> [String] {
        var lines: [String] = []
        var detector = DTMFDetector()
        let record = { (e: DTMFEvent) in
            lines.append("\(e.kind) \(e.digit) \(e.startSample) \(e.endSample.map(String.init) ?? "-") \(e.reportedAtSample)")
        }
        samples.withUnsafeBufferPointer { all in
            var i = 0
            while i < all.count {
                let n = min(chunk, all.count - i)
                detector.process(UnsafeBufferPointer(rebasing: all[i..<(i + n)]), onEvent: record)
                i += n
            }
        }
        detector.finish().forEach(record)
        return lines
    }
    let reference = run(chunk: 8192)
    reference.forEach { print($0) }
    for chunk in [160, 37, 1] {
        let other = run(chunk: chunk)
        print(other == reference ? "chunks of \(chunk): the same \(other.count) events" : "chunks of \(chunk): DIFFERENT (\(other.count) events)")
    }
    print("\(reference.count) events, \(reference.filter { $0.hasPrefix("end") }.count) digits, \(samples.count) samples (seed \(seed))")
}

/// Row 6 edge cases that fail: digit, signs, levels, what was found.
func edgeMisses(trials: Int) {
    var rng = WhiteNoise(seed: 77)
    var misses = 0
    for _ in 0..<trials {
        let d = DTMFBattery.randomDigit(&rng)
        let fl = DTMFDigit.lowFrequenciesHz[d.row], fh = DTMFDigit.highFrequenciesHz[d.column]
        var g = DTMFGenerator(lowLevelDBm0: Double.random(in: -26 ... 0, using: &rng), twistDB: Double.random(in: -4...4, using: &rng))
        g.lowFrequencyError = (Bool.random(using: &rng) ? 1 : -1) * (0.015 + 2 / fl)
        g.highFrequencyError = (Bool.random(using: &rng) ? 1 : -1) * (0.015 + 2 / fh)
        let x = DTMFBattery.single(d, onSamples: DTMFBattery.ms(40), generator: g, rng: &rng)
        let found = DTMFBattery.ours()(x)
        if found.count != 1 || found[0].digit != d.character {
            misses += 1
            print(String(format: "miss %@ low %+.2f%% high %+.2f%% level %.1f twist %.1f found %@", String(d.character), g.lowFrequencyError * 100,
                         g.highFrequencyError * 100, g.lowLevelDBm0, g.twistDB, "\(found)"))
        }
    }
    print("\(misses) misses in \(trials)")
}

switch mode {
case "edges": edgeMisses(trials: number ?? 2000)
case "process": try wholeProcess(minutes: number ?? 60, runs: arguments.dropFirst(2).first.flatMap(Int.init) ?? 5)
case "hard": try hardTalkOff(scale: arguments.dropFirst().first.flatMap(Double.init) ?? 1, explain: arguments.contains("--explain"))
case "timing": timing()
case "talk": try talkOff()
case "talkdown":
    talkDownStudy(seeds: number ?? 20, overDB: arguments.dropFirst(2).first.flatMap(Double.init) ?? 10,
                  onlyOverActiveSpeech: arguments.contains("active"))
case "echo":
    echoStudy(seeds: number ?? 40, lossDB: arguments.dropFirst(2).first.flatMap(Double.init) ?? 20,
              layout: arguments.dropFirst(3).first.flatMap(EchoLayout.init) ?? .grid)
case "micro": micro()
case "battery": battery(trials: number ?? 200, only: arguments.dropFirst(2).first)
case "speed": try speed(minutes: number ?? 60)
case "events": try events(minutes: number ?? 60, seed: arguments.dropFirst(2).first.flatMap(UInt64.init) ?? 7)
default:
    print("usage: dtmf-bench battery [TRIALS] [ROW] | hard [SCALE] [--explain] | process [MINUTES] [RUNS] | speed [MINUTES] | events [MINUTES] [SEED] | talk | echo [SEEDS] [LOSS_DB] [grid|jitter|random] | talkdown [SEEDS] [OVER_DB] [active] | micro | timing")
}
