import Foundation
import DSP
import Testing
@testable import ivr

@Suite("ivr detect --jsonl number format") struct DetectOutputTests {
    /// What the lines were printed with before: Foundation's `%.3f` (glibc's printf underneath).
    private static func printf(_ samples: Int64, rate: Int) -> String {
        String(format: "%.3f", Double(samples) / Double(rate))
    }

    private static func seconds(_ samples: Int64, rate: Int) -> String {
        var out: [UInt8] = []
        Detect.appendSeconds(samples: samples, rate: rate, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test("seconds are the same text as %.3f: every 8 kHz sample of the first 25 s, every halfway case of 10 h, random ones")
    func sameAsPrintf() {
        var mismatches: [String] = []
        func check(_ s: Int64, _ rate: Int) {
            let mine = Self.seconds(s, rate: rate), theirs = Self.printf(s, rate: rate)
            if mine != theirs, mismatches.count < 10 { mismatches.append("\(s)@\(rate): \(mine) != \(theirs)") }
        }
        for s in Int64(0)..<200_000 { check(s, 8000) }
        // Samples exactly halfway between two milliseconds in decimal (s ≡ 4 mod 8): where the Double decides.
        for s in stride(from: Int64(4), to: 8000 * 36_000, by: 8 * 97) { check(s, 8000) }
        // Halfway values the Double holds exactly (s/8000 = k/16 … k/64): printf rounds them to even.
        for s in stride(from: Int64(500), to: 8000 * 3600, by: 500) { check(s, 8000) }
        var rng = SplitMix(state: 12333)
        for _ in 0..<100_000 { check(Int64.random(in: 0..<(8000 * 3600 * 24 * 30), using: &rng), 8000) }
        for rate in [11025, 16000, 44100, 48000] {
            for _ in 0..<20_000 { check(Int64.random(in: 0..<(Int64(rate) * 3600 * 24), using: &rng), rate) }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        // And halfway cases really occur above: both directions of rounding.
        #expect(Self.seconds(500, rate: 8000) == "0.062" && Self.seconds(1500, rate: 8000) == "0.188")
    }

    @Test("one JSON line per digit, exact shape")
    func line() {
        var out: [UInt8] = []
        Detect.appendJSONLine(.init(digit: .pound, start: 9_840, end: 10_644), to: &out)
        Detect.appendJSONLine(.init(digit: .dA, start: 0, end: 28_800_000), to: &out)
        #expect(String(decoding: out, as: UTF8.self)
            == "{\"digit\":\"#\",\"start\":1.230,\"end\":1.331}\n{\"digit\":\"A\",\"start\":0.000,\"end\":3600.000}\n")
    }
}

/// A seeded generator (SplitMix64), so that a failure repeats.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
