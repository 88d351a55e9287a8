import AudioIO
import DSP
import Foundation
import Prompts
import Testing

/// Level measurement and the install processing (trim, normalise, limit) on synthetic signals.
struct AudioPolicyTests {
    let policy = PromptAudioPolicy()

    @Test(arguments: [-6.0, -20.0, -35.0])
    func activeLevelOfASineIgnoresPauses(levelDBov: Double) {
        let tone = NeutralTone.sine(frequencyHz: 440, milliseconds: 1000, levelDBov: levelDBov)
        let padded = [Int16](repeating: 0, count: 8000) + tone + [Int16](repeating: 0, count: 16000)
        let m = AudioMeasurement(padded)
        #expect(abs(m.activeLevelDBFS - levelDBov) < 0.3, "\(m.activeLevelDBFS)")
        #expect(abs(m.activeSeconds - 1.0) < 0.05)
        #expect(m.durationSeconds == 4.0)
        #expect(m.clippedRuns == 0)
    }

    @Test func clippingIsCounted() {
        var s = NeutralTone.sine(frequencyHz: 200, milliseconds: 500, levelDBov: 0)  // overdriven, flattened tops
        s = s.map { max(-32768, min(32767, $0)) }
        #expect(AudioMeasurement(s).clippedRuns > 10)
    }

    @Test func prepareReachesTheTargetAndTrims() throws {
        let input = Fixtures.speechLike(rate: 8000, peak: 0.05).map { Int16($0 * 32767) }
        let out = try policy.prepare(input, kind: .sentence, source: "x.wav")
        let m = AudioMeasurement(out)
        #expect(abs(m.activeLevelDBFS - policy.targetLevelDBov) < 0.5, "\(m.activeLevelDBFS)")
        #expect(m.peakDBFS <= policy.peakCeilingDBFS + 0.01)
        #expect(policy.problems(m, kind: .sentence).isEmpty)
        // 0.5 s of silence at each end trimmed to the 80 ms margin: 8 × 0.25 s − the last gap + 2 × 0.08 s.
        #expect(abs(m.durationSeconds - (8 * 0.25 - 0.07 + 0.16)) < 0.03, "\(m.durationSeconds)")
    }

    @Test(arguments: [
        ([Int16](repeating: 0, count: 16000), "silent"),
        (NeutralTone.sine(frequencyHz: 300, milliseconds: 800, levelDBov: 0).map { max(-32768, min(32767, $0)) }, "clipped"),
        (NeutralTone.sine(frequencyHz: 300, milliseconds: 2000, levelDBov: -20), "too long"),
        (NeutralTone.sine(frequencyHz: 300, milliseconds: 70, levelDBov: -20), "too short"),
    ])
    func rejects(input: [Int16], reason: String) {
        #expect {
            try policy.prepare(input, kind: .word, source: "in.wav")
        } throws: { error in
            (error as? PromptError)?.code == .rejectedAudio && "\(error)".contains(reason) && "\(error)".hasPrefix("in.wav")
        }
    }

    @Test func problemsNameLevelAndDuration() {
        let quiet = NeutralTone.sine(frequencyHz: 440, milliseconds: 500, levelDBov: -40)
        let problems = policy.problems(AudioMeasurement(quiet), kind: .sentence)
        #expect(problems.count == 1 && problems[0].hasPrefix("level -40.") && problems[0].hasSuffix("outside -29…-23 dBov"), "\(problems)")
        let long = NeutralTone.sine(frequencyHz: 440, milliseconds: 2000, levelDBov: -26)
        #expect(policy.problems(AudioMeasurement(long), kind: .word).first?.contains("duration 2.00 s") == true)
    }

    @Test func wavFormatIsReadFromTheHeader() throws {
        let dir = Fixtures.temporaryDirectory("fmt")
        try Fixtures.write([0, 0.1, 0], rate: 48000, channels: 2, format: .wav24, to: dir + "/a.wav")
        #expect(WAVFormat.read(dir + "/a.wav") == WAVFormat(encoding: 1, channels: 2, sampleRate: 48000, bitsPerSample: 24))
        #expect(WAVFormat.read(Fixtures.promptsDirectory + "/cmn/welcome.wav")?.isTelephony == true)
        #expect(WAVFormat.read(Fixtures.promptsDirectory + "/prompts.yaml") == nil)
    }
}
