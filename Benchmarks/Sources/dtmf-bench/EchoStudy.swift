import DSP
import DTMFTestSupport
import Foundation

/// Where row 14's digits go on each prompt: the battery's fixed 400 ms grid from 100 ms (`grid`), that grid with
/// each digit moved by 0–127 samples (`jitter`: random block alignment), or the grid started at a random point
/// of its first 400 ms on each prompt (`random`: digits fall on other parts of the prompt).
enum EchoLayout: String { case grid, jitter, random }

/// Row 14 with many seeds, scored per placed digit (the right digit overlapping its time; extras are not hits)
/// and paired: both detectors hear the same stimuli, so the difference is judged on the digits only one of them
/// hears (McNemar), with a 95 % interval. Seed 0 is the battery's stimulus.
func echoStudy(seeds: Int, lossDB: Double, layout: EchoLayout) {
    let dir = NSTemporaryDirectory() + "ivr-dtmf-bench"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let speech = ((try? DTMFBattery.espeakSpeech(speeds: [130, 175], directory: dir)) ?? []).map(\.samples)
    let cmn = speech.indices.filter { DTMFBattery.speechScripts[$0 / 2].voice == "cmn" }.map { speech[$0] }
        + DTMFBattery.projectPrompts().map(\.samples)
    let ours = DTMFBattery.ours(), theirs = spandspDetector()
    var both = 0, onlyOurs = 0, onlyTheirs = 0, total = 0, extraOurs = 0, extraTheirs = 0
    var perSeed: [String] = []
    for seed in 0..<seeds {
        var rng = WhiteNoise(seed: 42 &+ UInt64(seed) &* 7919)
        var hitO = 0, hitT = 0, placedHere = 0
        for x in cmn {
            var mix = DTMFBattery.scaled(x, gainDB: -lossDB).map(Double.init)
            var placed: [(digit: DTMFDigit, at: Int)] = []
            var at = layout == .random ? Int.random(in: 800..<4000, using: &rng) : 800
            while at + 2000 < mix.count {
                let d = DTMFBattery.randomDigit(&rng)
                let position = layout == .jitter ? at + Int.random(in: 0..<128, using: &rng) : at
                Samples.mix(&mix, DTMFGenerator(lowLevelDBm0: -25, twistDB: 0).tone(d, samples: 640, using: &rng), at: position)
                placed.append((d, position))
                at += 3200
            }
            let q = Samples.quantize(mix)
            let o = ours(q), t = theirs(q)
            func heard(_ found: [DetectedDigit], _ p: (digit: DTMFDigit, at: Int)) -> Bool {
                found.contains { $0.digit == p.digit.character && $0.start < p.at + 800 && $0.end > p.at - 160 }
            }
            func extras(_ found: [DetectedDigit]) -> Int {
                found.filter { f in !placed.contains { $0.digit.character == f.digit && f.start < $0.at + 800 && f.end > $0.at - 160 } }.count
            }
            extraOurs += extras(o)
            extraTheirs += extras(t)
            for p in placed {
                let a = heard(o, p), b = heard(t, p)
                total += 1; placedHere += 1
                if a { hitO += 1 }
                if b { hitT += 1 }
                if a && b { both += 1 } else if a { onlyOurs += 1 } else if b { onlyTheirs += 1 }
            }
        }
        perSeed.append(String(format: "%.2f/%.2f", 100 * Double(hitO) / Double(placedHere), 100 * Double(hitT) / Double(placedHere)))
    }
    let n = Double(total), b = Double(onlyOurs), c = Double(onlyTheirs)
    let se = (b + c) / (n * n) - (b - c) * (b - c) / (n * n * n)
    print(String(format: "row 14, -25 dBm0 digits under echo at -%.0f dB, layout %@, %d seeds, %d placed digits", lossDB, layout.rawValue, seeds, total))
    print(String(format: "heard: ivr %.3f%%  spandsp %.3f%%; extra digits: ivr %d, spandsp %d",
                 100 * Double(both + onlyOurs) / n, 100 * Double(both + onlyTheirs) / n, extraOurs, extraTheirs))
    print(String(format: "paired: both %d, only ivr %d, only spandsp %d, neither %d; ivr - spandsp = %+.3f %% +- %.3f %% (95 %%)",
                 both, onlyOurs, onlyTheirs, total - both - onlyOurs - onlyTheirs, 100 * (b - c) / n, 196 * se.squareRoot()))
    print("per seed (ivr/spandsp %):", perSeed.joined(separator: " "))
}

/// Row 13 (talk-down) with many seeds: the same stimuli for both detectors per seed (seed 0 is the battery's).
func talkDownStudy(seeds: Int, overDB: Double, onlyOverActiveSpeech: Bool) {
    let dir = NSTemporaryDirectory() + "ivr-dtmf-bench"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let speech = ((try? DTMFBattery.espeakSpeech(speeds: [130, 175], directory: dir)) ?? []).map(\.samples)
    var sums: [(hit: Int, total: Int)] = [(0, 0), (0, 0)]
    var perSeed: [String] = []
    for seed in 0..<seeds {
        var rates: [Double] = []
        for (k, detector) in [DTMFBattery.ours(), spandspDetector()].enumerated() {
            var rng = WhiteNoise(seed: 42 &+ UInt64(seed) &* 7919)
            var hit = 0, total = 0
            for x in speech {
                let t = DTMFBattery.talkDown(detector, speech: x, overDB: overDB, onlyOverActiveSpeech: onlyOverActiveSpeech, rng: &rng)
                hit += t.detected
                total += t.total
            }
            sums[k].hit += hit
            sums[k].total += total
            rates.append(Double(hit) / Double(max(total, 1)))
        }
        perSeed.append(String(format: "%.1f/%.1f", 100 * rates[0], 100 * rates[1]))
    }
    func line(_ name: String, _ s: (hit: Int, total: Int)) -> String {
        let p = Double(s.hit) / Double(s.total)
        return String(format: "%@ %.2f%% +- %.2f%% (%d of %d)", name, 100 * p, 196 * (p * (1 - p) / Double(s.total)).squareRoot(), s.hit, s.total)
    }
    print(String(format: "row 13 talk-down +%.0f dB%@, %d seeds:", overDB, onlyOverActiveSpeech ? " on active speech" : "", seeds),
          line("ivr", sums[0]), "|", line("spandsp", sums[1]))
    print("per seed (ivr/spandsp %):", perSeed.joined(separator: " "))
}
