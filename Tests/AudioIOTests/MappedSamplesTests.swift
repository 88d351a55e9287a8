import AudioIO
import Foundation
import Testing

/// `SoundFileInput.withMappedSamples` (the mapped path of `ivr detect`) against `read(into:)` (libsndfile) on
/// the same files.
@Suite("mapped WAV samples")
struct MappedSamplesTests {
    /// Samples with full scale and a seeded random body.
    static func samples(_ count: Int, seed: UInt64) -> [Int16] {
        var state = seed
        var out: [Int16] = [.min, .max, 0, -1, 1]
        while out.count < count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            out.append(Int16(truncatingIfNeeded: state >> 48))
        }
        return out
    }

    /// A RIFF chunk: id, little-endian size, body and the pad byte of an odd body.
    static func chunk(_ id: String, _ body: [UInt8]) -> [UInt8] {
        let n = UInt32(body.count)
        return Array(id.utf8) + [UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 24)] + body
            + (body.count % 2 == 1 ? [0] : [])
    }

    /// An 8 kHz mono 16-bit WAV with `extra` chunks between `fmt ` and `data`.
    static func wav(_ samples: [Int16], extra: [[UInt8]]) -> Data {
        let rate: UInt32 = 8000, byteRate: UInt32 = 16000
        func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
        let fmt = chunk("fmt ", [1, 0, 1, 0] + le32(rate) + le32(byteRate) + [2, 0, 16, 0])
        let data = chunk("data", samples.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] })
        let body = Array("WAVE".utf8) + fmt + extra.flatMap { $0 } + data
        return Data(Array("RIFF".utf8) + le32(UInt32(body.count)) + body)
    }

    /// What the mapped path gives (nil when it declines) and what libsndfile reads, from two fresh inputs.
    static func bothPaths(_ path: String) throws -> (mapped: [Int16]?, read: [Int16]) {
        let mapped = try SoundFileInput(path: path).withMappedSamples { Array($0) }
        let input = try SoundFileInput(path: path)
        var read: [Int16] = []
        var buffer = [Int16](repeating: 0, count: 1000)
        while true {
            let n = try buffer.withUnsafeMutableBufferPointer { try input.read(into: $0) }
            if n == 0 { break }
            read += buffer[0..<n]
        }
        return (mapped, read)
    }

    @Test("a plain WAV: the mapped samples are the ones read(into:) gives")
    func plain() throws {
        let dir = TestSignals.temporaryDirectory()
        let samples = Self.samples(40_007, seed: 1)
        try SoundFile.writeWAV(samples, to: "\(dir)/plain.wav")
        let (mapped, read) = try Self.bothPaths("\(dir)/plain.wav")
        #expect(read == samples)
        #expect(mapped == samples)
    }

    @Test("chunks before data (LIST, fact, an odd-sized chunk and its pad byte, junk): mapped from the right offset")
    func extraChunks() throws {
        let dir = TestSignals.temporaryDirectory()
        let samples = Self.samples(12_345, seed: 2)
        let extra = [Self.chunk("LIST", Array("INFOISFT".utf8) + [4, 0, 0, 0] + Array("ivr\0".utf8)),
                     Self.chunk("fact", [0x39, 0x30, 0, 0]), Self.chunk("note", Array("odd!!".utf8)),
                     Self.chunk("junk", [UInt8](repeating: 0xAB, count: 999))]
        let path = "\(dir)/chunks.wav"
        try Self.wav(samples, extra: extra).write(to: URL(fileURLWithPath: path))
        let (mapped, read) = try Self.bothPaths(path)
        #expect(read == samples)
        #expect(mapped == samples)
    }

    @Test("data past the first 4 KiB, another rate, stereo, FLAC, reading begun: no mapping; read(into:) still reads")
    func declines() throws {
        let dir = TestSignals.temporaryDirectory()
        let samples = Self.samples(8000, seed: 3)
        // The data chunk's header lies beyond the 4 KiB the mapped path inspects: it declines, libsndfile reads on.
        let far = "\(dir)/far.wav"
        try Self.wav(samples, extra: [Self.chunk("junk", [UInt8](repeating: 0, count: 5000))]).write(to: URL(fileURLWithPath: far))
        let (mapped, read) = try Self.bothPaths(far)
        #expect(mapped == nil)
        #expect(read == samples)

        let tone = TestSignals.sine(1000, rate: 16_000, seconds: 0.5)
        try SoundFile.write(interleaved: tone, channels: 1, sampleRate: 16_000, format: .wav16, to: "\(dir)/16k.wav")
        try SoundFile.write(interleaved: TestSignals.interleave(TestSignals.sine(1000, rate: 8000, seconds: 0.5), channels: 2),
                            channels: 2, sampleRate: 8000, format: .wav16, to: "\(dir)/stereo.wav")
        try SoundFile.write(interleaved: TestSignals.sine(1000, rate: 8000, seconds: 0.5), channels: 1, sampleRate: 8000,
                            format: .flac, to: "\(dir)/mono.flac")
        for name in ["16k.wav", "stereo.wav", "mono.flac"] {
            let (mapped, read) = try Self.bothPaths("\(dir)/\(name)")
            #expect(mapped == nil, "\(name)")
            #expect(read.count >= 3990 && read.count <= 4010, "\(name): \(read.count) samples")
        }

        // Once reading has begun, the mapped path declines rather than hand out samples already read.
        let input = try SoundFileInput(path: "\(dir)/far.wav")
        #expect(try input.read(maxSamples: 10) == Array(samples[0..<10]))
        #expect(input.withMappedSamples { Array($0) } == nil)
    }
}
