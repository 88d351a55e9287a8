import Foundation
import Testing

/// `ivr play`, `ivr record`, `ivr convert` and `ivr devices` run as a user runs them, on a real ALSA file PCM.
@Suite("audio commands")
struct AudioCommandTests {
    /// An asound.conf with PCM `ivrtest` over `dir`/out.raw (playback) and `dir`/in.raw (capture).
    static func alsaEnvironment(_ dir: String) throws -> [String: String] {
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
        return ["ALSA_CONFIG_PATH": "/usr/share/alsa/alsa.conf:\(dir)/asound.conf"]
    }

    static func int16(_ data: Data) -> [Int16] {
        data.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
    }

    /// Writes a 16-bit 8 kHz mono WAV by way of `ivr convert` from a raw file made with sox-free code:
    /// a hand-made header is enough for libsndfile.
    static func writeWAV(_ samples: [Int16], to path: String) throws {
        var d = Data()
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        let bytes = UInt32(samples.count * 2)
        d.append(contentsOf: Array("RIFF".utf8)); u32(36 + bytes); d.append(contentsOf: Array("WAVEfmt ".utf8))
        u32(16); u16(1); u16(1); u32(8000); u32(16000); u16(2); u16(16)
        d.append(contentsOf: Array("data".utf8)); u32(bytes)
        samples.withUnsafeBufferPointer { d.append(Data(buffer: $0)) }
        try d.write(to: URL(fileURLWithPath: path))
    }

    @Test func playSendsTheFileSamplesToTheDevice() throws {
        let dir = IVRProcess.temporaryDirectory()
        let env = try Self.alsaEnvironment(dir)
        let signal: [Int16] = (0..<4000).map { Int16(truncatingIfNeeded: $0 &* 53) }
        try Self.writeWAV(signal, to: "\(dir)/sig.wav")
        let r = try IVRProcess.run(["play", "\(dir)/sig.wav", "--device", "ivrtest"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("played 0.50 s"))
        let played = Self.int16(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/out.raw")))
        #expect(played == signal)
    }

    @Test func recordCapturesTheDeviceSamples() throws {
        let dir = IVRProcess.temporaryDirectory()
        let env = try Self.alsaEnvironment(dir)
        let signal: [Int16] = (0..<8000).map { Int16(truncatingIfNeeded: $0 &* 7 &- 3000) }
        try signal.withUnsafeBufferPointer { try Data(buffer: $0).write(to: URL(fileURLWithPath: "\(dir)/in.raw")) }
        let r = try IVRProcess.run(["record", "\(dir)/rec.wav", "--seconds", "1", "--device", "ivrtest"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        // Read the WAV back through `ivr convert` (a no-op conversion) to check the data bytes.
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/rec.wav"))
        #expect(data.count == 44 + 16000)
        #expect(Self.int16(data.subdata(in: 44..<data.count)) == signal)
        let mode = try FileManager.default.attributesOfItem(atPath: "\(dir)/rec.wav")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func unknownDeviceIsOneLineAndExitCode4() throws {
        let dir = IVRProcess.temporaryDirectory()
        let env = try Self.alsaEnvironment(dir)
        try Self.writeWAV([0, 0, 0], to: "\(dir)/s.wav")
        let r = try IVRProcess.run(["play", "\(dir)/s.wav", "--device", "nope_pcm"], environment: env)
        #expect(r.status == 4)
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stderr.contains("'nope_pcm'") && r.stderr.contains("ivr devices"))
        #expect(!r.stderr.contains("Fatal error"))
    }

    @Test func devicesListsTheFilePCM() throws {
        let dir = IVRProcess.temporaryDirectory()
        let r = try IVRProcess.run(["devices"], environment: try Self.alsaEnvironment(dir))
        #expect(r.status == 0)
        #expect(r.stdout.contains("ivrtest\tivr test PCM"))
    }

    @Test func convertRejectsATextFileWithExitCode3() throws {
        let dir = IVRProcess.temporaryDirectory()
        try "not audio".write(toFile: "\(dir)/fake.wav", atomically: true, encoding: .utf8)
        let r = try IVRProcess.run(["convert", "\(dir)/fake.wav", "\(dir)/out.wav"])
        #expect(r.status == 3)
        #expect(r.stderr.contains("\(dir)/fake.wav"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/out.wav"))
    }

    @Test func convertMakesAnEightKilohertzMonoWAV() throws {
        let dir = IVRProcess.temporaryDirectory()
        try Self.writeWAV((0..<800).map { Int16($0) }, to: "\(dir)/in.wav")
        let r = try IVRProcess.run(["convert", "\(dir)/in.wav", "\(dir)/out.wav"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("0.10 s"))
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/out.wav"))
        #expect(Self.int16(data.subdata(in: 44..<data.count)) == (0..<800).map { Int16($0) })
    }

    @Test func versionAndHelpTeach() throws {
        let v = try IVRProcess.run(["--version"])
        #expect(v.status == 0 && !v.stdout.isEmpty)
        let h = try IVRProcess.run(["--help"])
        for word in ["devices", "play", "record", "convert"] { #expect(h.stdout.contains(word)) }
    }
}
