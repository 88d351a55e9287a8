import DSP
import Foundation

// dtmf-bench: `battery [TRIALS]` prints every battery row for this detector and spandsp side by side;
// `speed [MINUTES]` decodes one long mixed file with both and prints ns/sample and the ratio.
let arguments = Array(CommandLine.arguments.dropFirst())
let mode = arguments.first ?? "all"
let number = arguments.dropFirst().first.flatMap(Int.init)

struct Row {
    let name: String
    let requirement: String
    let measure: (DigitDetector, inout WhiteNoise) -> String
}

func pct(_ x: Double) -> String { String(format: "%.2f%%", 100 * x) }

func battery(trials: Int) {
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
            for e in [-0.06, -0.045, -0.037, -0.035, -0.03, -0.025, -0.02, 0.02, 0.025, 0.03, 0.035, 0.037, 0.045, 0.06] {
                let accept = abs(e * f) <= 0.015 * f + 2, reject = abs(e) >= 0.035
                rows.append(Row(name: String(format: "6 freq %4.0f Hz %+.1f%%", f, e * 100), requirement: accept ? "100%" : reject ? "0" : "-") { d, r in
                    pct(DTMFBattery.frequency(d, row: gi == 0 ? fi : nil, column: gi == 1 ? fi : nil, error: e, trials: trials / 4, rng: &r))
                })
            }
        }
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
    for f in [350.0, 1000, 2000, 3000] {
        rows.append(Row(name: "10 third tone \(Int(f)) Hz +0 dB", requirement: "100%") { d, r in pct(DTMFBattery.thirdTone(d, frequencyHz: f, overDB: 0, trials: trials, rng: &r)) })
    }
    for row in rows {
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

switch mode {
case "battery": battery(trials: number ?? 200)
default:
    print("usage: dtmf-bench battery [TRIALS] | speed [MINUTES] | talk [MINUTES]")
}
