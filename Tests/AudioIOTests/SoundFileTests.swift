import AudioIO
import DSP
import Foundation
import Testing

@Suite("libsndfile round trips and conversion")
struct SoundFileTests {
    /// Worst sample error allowed after a round trip, per format (in 16-bit LSB).
    static let tolerance: [AudioFileFormat: Int] = [
        .wav16: 0, .wav24: 0, .wav32: 0, .wavFloat: 0, .flac: 0, .aiff: 0,
        .wavU8: 129,          // 8 bits keep the top byte only
        .wavMuLaw: 1100,      // G.711 step at half scale is 1024 LSB
        .wavALaw: 1100,
    ]

    @Test("8 kHz mono round trip", arguments: AudioFileFormat.allCases)
    func roundTrip(format: AudioFileFormat) throws {
        let dir = TestSignals.temporaryDirectory()
        let path = "\(dir)/tone.\(format == .flac ? "flac" : format == .ogg ? "ogg" : format == .aiff ? "aiff" : "wav")"
        let source = TestSignals.sine(1000, rate: 8000, seconds: 1, amplitude: 0.5)
        try SoundFile.write(interleaved: source, channels: 1, sampleRate: 8000, format: format, to: path)
        let back = try SoundFile.read(path)
        let expected = source.map { Int16(($0 * 32768).rounded()) }
        if format == .ogg {
            // Lossy: same length, same pitch, similar level.
            #expect(abs(back.count - expected.count) <= 1)
            #expect(abs(TestSignals.frequency(of: back, rate: 8000) - 1000) < 1)
            let level = TestSignals.rms(back[800..<7200]) / TestSignals.rms(expected[800..<7200])
            #expect(level > 0.9 && level < 1.1)
        } else {
            #expect(back.count == expected.count)
            let worst = zip(back, expected).map { abs(Int($0) - Int($1)) }.max() ?? .max
            #expect(worst <= Self.tolerance[format]!, "worst error \(worst) LSB")
        }
    }

    @Test func stereo44kTo8kMonoKeepsToneAndRemovesAliases() throws {
        let dir = TestSignals.temporaryDirectory()
        let low = TestSignals.interleave(TestSignals.sine(1000, rate: 44_100, seconds: 3), channels: 2)
        try SoundFile.write(interleaved: low, channels: 2, sampleRate: 44_100, format: .wav16, to: "\(dir)/low.wav")
        let lowOut = try SoundFile.read("\(dir)/low.wav")
        #expect(abs(lowOut.count - 24_000) <= 2)
        let f = TestSignals.frequency(of: Array(lowOut[800..<23_000]), rate: 8000)
        #expect(abs(f - 1000) < 1, "1 kHz came out at \(f) Hz")

        let high = TestSignals.interleave(TestSignals.sine(5000, rate: 44_100, seconds: 3), channels: 2)
        try SoundFile.write(interleaved: high, channels: 2, sampleRate: 44_100, format: .wav16, to: "\(dir)/high.wav")
        let highOut = try SoundFile.read("\(dir)/high.wav")
        let inputRMS = 0.5 / 2.0.squareRoot()
        let attenuation = 20 * log10(max(TestSignals.rms(highOut[800..<23_000]), 1e-9) / inputRMS)
        #expect(attenuation <= -60, "5 kHz attenuated by only \(-attenuation) dB")
    }

    @Test func channelsAreAveraged() throws {
        let dir = TestSignals.temporaryDirectory()
        // Left carries the tone, right is silent: the mono mix is the tone at half level.
        let tone = TestSignals.sine(500, rate: 8000, seconds: 1, amplitude: 0.8)
        let stereo: [Float] = tone.flatMap { [$0, Float(0)] }
        try SoundFile.write(interleaved: stereo, channels: 2, sampleRate: 8000, format: .wav16, to: "\(dir)/lr.wav")
        let mono = try SoundFile.read("\(dir)/lr.wav")
        let ratio = TestSignals.rms(mono[...]) / (0.8 / 2.0.squareRoot())
        #expect(abs(ratio - 0.5) < 0.01)
    }

    @Test func eightKilohertzMono16BitIsReadExactlyOnTheDirectPath() throws {
        // The direct path (sf_read_short) must give every sample back bit for bit, full scale included.
        let dir = TestSignals.temporaryDirectory()
        var rng = SystemRandomNumberGenerator()
        let samples = (0..<20_011).map { _ in Int16.random(in: .min ... .max, using: &rng) } + [.min, .max, 0, -1, 1]
        try SoundFile.writeWAV(samples, to: "\(dir)/direct.wav")
        #expect(try SoundFile.read("\(dir)/direct.wav") == samples)
        for size in [1, 7, 160, 8192] {
            let input = try SoundFileInput(path: "\(dir)/direct.wav")
            var got: [Int16] = []
            while true {
                let chunk = try input.read(maxSamples: size)
                if chunk.isEmpty { break }
                got += chunk
            }
            #expect(got == samples, "buffer size \(size)")
        }
    }

    @Test func streamingReadIsIdenticalForAnyBufferSize() throws {
        let dir = TestSignals.temporaryDirectory()
        let source = TestSignals.interleave(TestSignals.sine(700, rate: 22_050, seconds: 1.3), channels: 3)
        try SoundFile.write(interleaved: source, channels: 3, sampleRate: 22_050, format: .wav24, to: "\(dir)/x.wav")
        let whole = try SoundFile.read("\(dir)/x.wav")
        for size in [1, 7, 160, 5000] {
            let input = try SoundFileInput(path: "\(dir)/x.wav")
            var got: [Int16] = []
            while true {
                let chunk = try input.read(maxSamples: size)
                if chunk.isEmpty { break }
                got += chunk
            }
            #expect(got == whole, "buffer size \(size)")
        }
    }

    @Test func writtenWAVIsOwnerOnlyAndAtomic() throws {
        let dir = TestSignals.temporaryDirectory()
        let path = "\(dir)/sub/out.wav"
        try SoundFile.writeWAV([1, 2, 3, -4], to: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let dirMode = try FileManager.default.attributesOfItem(atPath: "\(dir)/sub")[.posixPermissions] as? Int
        #expect(dirMode == 0o700)
        #expect(try SoundFile.read(path) == [1, 2, 3, -4])
        // No temporary files are left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/sub") == ["out.wav"])
    }

    @Test func abandonedAtomicWriteLeavesThePreviousFile() throws {
        let dir = TestSignals.temporaryDirectory()
        let path = "\(dir)/keep.wav"
        try SoundFile.writeWAV([7, 7, 7], to: path)
        let out = try WAVFileOutput(path: path, mode: .atomic)
        try out.write([1, 1, 1, 1, 1])
        out.abandon()
        #expect(try SoundFile.read(path) == [7, 7, 7])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["keep.wav"])
    }

    @Test func streamingWAVIsReadableBeforeFinish() throws {
        let dir = TestSignals.temporaryDirectory()
        let path = "\(dir)/partial.wav"
        let out = try WAVFileOutput(path: path, mode: .streaming)
        try out.write([Int16](repeating: 100, count: 8000))
        // As if the process died now: another reader sees a valid WAV with what was written.
        let seen = try SoundFile.read(path)
        #expect(seen.count == 8000)
        try out.finish()
    }
}
