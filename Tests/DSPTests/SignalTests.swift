import DSP
import Testing

@Suite("G.711, level meter, generators") struct SignalTests {
    @Test("G.711: every code decodes and re-encodes to itself", arguments: ["µ", "A"])
    func codesRoundTrip(law: String) {
        for code in 0...255 {
            let c = UInt8(code)
            if law == "µ" {
                if c == 0x7F { continue }   // µ-law's negative zero encodes back as positive zero
                #expect(G711.muLawEncode(G711.muLawDecode(c)) == c, "µ-law \(code)")
            } else {
                #expect(G711.aLawEncode(G711.aLawDecode(c)) == c, "A-law \(code)")
            }
        }
    }

    @Test("G.711: quantisation error stays within half a step (SNR > 30 dB on a −10 dBm0 sine)", arguments: ["µ", "A"])
    func quantisationNoise(law: String) {
        var g = ToneGenerator(frequencyHz: 1004, levelDBm0: -10)
        let x = g.renderPCM(count: 8000)
        let y = law == "µ" ? G711.muLawDecode(G711.muLawEncode(x)) : G711.aLawDecode(G711.aLawEncode(x))
        let signal = Samples.meanSquare(x)
        let noise = Samples.meanSquare(zip(x, y).map { Double($0) - Double($1) })
        #expect(Level.decibels(powerRatio: signal / noise) > 30)
        #expect(G711.muLawDecode(G711.muLawEncode(0)) == 0)
        #expect(abs(Int(G711.aLawDecode(G711.aLawEncode(32767)))) > 30_000)
    }

    @Test("a generated tone has its level in dBm0 and its frequency", arguments: [(1000.0, 0.0), (450, -10), (1633, -30)])
    func toneLevel(frequencyHz: Double, levelDBm0: Double) {
        var g = ToneGenerator(frequencyHz: frequencyHz, levelDBm0: levelDBm0)
        let x = g.renderPCM(count: 80_000)
        #expect(abs(Level.dBm0(meanSquare: Samples.meanSquare(x)) - levelDBm0) < 0.05)
        var crossings = 0
        for i in 1..<x.count where x[i - 1] < 0 && x[i] >= 0 { crossings += 1 }
        #expect(abs(Double(crossings) / 10 - frequencyHz) <= 0.2)
    }

    @Test("a full-scale sine is +3.14 dBm0")
    func fullScale() {
        #expect(abs(Level.sinePeak(dBm0: 3.14) - 32767) < 1)
        #expect(abs(Level.dBm0(meanSquare: 32767.0 * 32767 / 2) - 3.14) < 0.001)
    }

    @Test("white noise has its level")
    func noiseLevel() {
        var n = WhiteNoise(seed: 1)
        let x = n.render(count: 80_000, levelDBm0: -20)
        #expect(abs(Level.dBm0(meanSquare: Samples.meanSquare(x)) + 20) < 0.1)
    }

    @Test("call-progress tones: the busy cadence is 350 ms on, 350 ms off")
    func busyCadence() {
        let x = CallProgressTone.busy.render(seconds: 1.4)
        let frame = Telephony.frameSamples
        let on = stride(from: 0, to: x.count, by: frame).map { Samples.meanSquare(x[$0..<min($0 + frame, x.count)]) > 0 }
        #expect(on.prefix(17).allSatisfy { $0 })      // 0–340 ms
        #expect(on[18..<35].allSatisfy { !$0 })        // 360–700 ms
    }

    @Test("level meter: speech with hangover, then silent frames counted")
    func levelMeter() {
        var meter = LevelMeter(speechThresholdDBm0: -40, hangoverFrames: 3)
        var tone = ToneGenerator(frequencyHz: 500, levelDBm0: -20)
        let loud = meter.measure(tone.renderPCM(count: 160))
        #expect(loud)
        #expect(abs(meter.lastLevelDBm0 + 20) < 0.2)
        let silence = [Int16](repeating: 0, count: 160)
        for _ in 0..<3 {
            let held = meter.measure(silence)   // hangover
            #expect(held)
        }
        let quiet = meter.measure(silence)
        #expect(!quiet)
        #expect(meter.silentFrames == 1)
        #expect(meter.lastLevelDBm0 == -.infinity)
    }

    @Test("DTMF digits parse from keypad characters; bad characters are named")
    func parse() {
        #expect((try? DTMFGenerator.digits("12 3-*#abcd").get())?.map(\.character) == ["1", "2", "3", "*", "#", "A", "B", "C", "D"])
        guard case .failure(let e) = DTMFGenerator.digits("12x") else { Issue.record("accepted x"); return }
        #expect(e.character == "x")
        #expect(DTMFDigit(row: 3, column: 2) == .pound)
        #expect(DTMFDigit.star.lowFrequencyHz == 941 && DTMFDigit.star.highFrequencyHz == 1209)
    }

    @Test("Telephony: 20 ms frames at 8 kHz")
    func telephony() {
        #expect(Telephony.samples(milliseconds: 20) == Telephony.frameSamples)
        #expect(Telephony.seconds(samples: 12_000) == 1.5)
    }
}
