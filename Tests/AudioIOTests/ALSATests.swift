import AudioIO
import DSP
import Foundation
import Logging
import Testing

/// Real ALSA with no sound card: a `type file` PCM whose playback lands in a raw file and whose capture
/// reads one. ALSA reads `ALSA_CONFIG_PATH` when a PCM is opened, so these tests run one at a time.
@Suite("ALSA through a file PCM", .serialized)
struct ALSATests {
    /// Writes an asound.conf defining PCM `ivrtest` over `dir`/out.raw and `dir`/in.raw and points ALSA at it.
    static func useFilePCM(in dir: String) throws {
        let conf = """
        pcm.ivrtest {
            type file
            slave.pcm null
            file "\(dir)/out.raw"
            infile "\(dir)/in.raw"
            format "raw"
            hint.description "ivr test PCM"
        }
        """
        try conf.write(toFile: "\(dir)/asound.conf", atomically: true, encoding: .utf8)
        setenv("ALSA_CONFIG_PATH", "/usr/share/alsa/alsa.conf:\(dir)/asound.conf", 1)
    }

    static func rawInt16(_ data: Data) -> [Int16] {
        data.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }.map { Int16(littleEndian: $0) }
    }

    @Test func playbackWritesExactlyTheSamples() throws {
        let dir = TestSignals.temporaryDirectory()
        try Self.useFilePCM(in: dir)
        let signal: [Int16] = (0..<1600).map { Int16(truncatingIfNeeded: $0 &* 37 &- 20_000) }
        let out = try ALSAPlayback(device: "ivrtest", logger: alsaTestLogger)
        #expect(out.pcm.periodFrames == Telephony.frameSamples)
        #expect(out.pcm.bufferFrames <= Telephony.frameSamples * 3)
        for start in stride(from: 0, to: signal.count, by: Telephony.frameSamples) {
            try out.write(Array(signal[start..<start + Telephony.frameSamples]))
        }
        try out.drain()
        let written = Self.rawInt16(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/out.raw")))
        #expect(written == signal)
        #expect(out.pcm.xruns == 0)
    }

    @Test func captureReturnsExactlyTheInfile() throws {
        let dir = TestSignals.temporaryDirectory()
        let signal: [Int16] = (0..<2400).map { Int16(truncatingIfNeeded: $0 &* 101) }
        let bytes = signal.withUnsafeBufferPointer { Data(buffer: $0) }
        try bytes.write(to: URL(fileURLWithPath: "\(dir)/in.raw"))
        try Self.useFilePCM(in: dir)
        let input = try ALSACapture(device: "ivrtest", logger: alsaTestLogger)
        var got: [Int16] = []
        while got.count < signal.count { got += try input.read(maxSamples: Telephony.frameSamples) }
        #expect(got == signal)
    }

    @Test func deviceListIncludesConfiguredPCM() throws {
        let dir = TestSignals.temporaryDirectory()
        try Self.useFilePCM(in: dir)
        #expect(ALSADevices.list().contains { $0.name == "ivrtest" && $0.description == "ivr test PCM" })
    }

    @Test func unknownDeviceIsAClearError() throws {
        let dir = TestSignals.temporaryDirectory()
        try Self.useFilePCM(in: dir)
        let error = #expect(throws: ALSAError.self) { try ALSAPlayback(device: "no_such_ivr_pcm", logger: alsaTestLogger) }
        #expect(error?.device == "no_such_ivr_pcm")
        #expect(error?.description.contains("'no_such_ivr_pcm'") == true)
        #expect(error?.description.contains("ivr devices") == true)
        #expect(throws: ALSAError.self) { try ALSACapture(device: "no_such_ivr_pcm", logger: alsaTestLogger) }
    }
}

/// The logger the ALSA tests hand to the devices (libraries never build their own).
let alsaTestLogger = Logger(label: "test.alsa")
