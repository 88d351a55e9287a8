import AudioIO
import Foundation
import Testing

@Suite("bad input gives a typed error naming the file")
struct BadInputTests {
    /// A canonical 44-byte PCM WAV header with the given fields, followed by `dataBytes` zero bytes.
    static func wavHeader(channels: UInt16, rate: UInt32, bits: UInt16, dataSize: UInt32, dataBytes: Int) -> Data {
        var d = Data()
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        d.append(contentsOf: Array("RIFF".utf8)); u32(36 + dataSize)
        d.append(contentsOf: Array("WAVE".utf8))
        d.append(contentsOf: Array("fmt ".utf8)); u32(16); u16(1); u16(channels); u32(rate)
        u32(rate &* UInt32(channels) &* UInt32(bits / 8)); u16(channels &* (bits / 8)); u16(bits)
        d.append(contentsOf: Array("data".utf8)); u32(dataSize)
        d.append(Data(count: dataBytes))
        return d
    }

    static let cases: [(String, Data?, AudioFileError.Code)] = [
        ("empty.wav", Data(), .empty),
        ("text.wav", Data("hello, this is not audio\n".utf8), .unrecognisedFormat),
        ("truncated.wav", wavHeader(channels: 1, rate: 8000, bits: 16, dataSize: 16000, dataBytes: 3000), .truncated),
        ("zero-channels.wav", wavHeader(channels: 0, rate: 8000, bits: 16, dataSize: 100, dataBytes: 100), .malformed),
        ("absurd-rate.wav", wavHeader(channels: 1, rate: 4_000_000_000, bits: 16, dataSize: 100, dataBytes: 100), .malformed),
        ("absurd-channels.wav", wavHeader(channels: 5000, rate: 8000, bits: 16, dataSize: 10000, dataBytes: 10000), .malformed),
        ("missing.wav", nil, .unreadable),
    ]

    @Test(arguments: 0..<cases.count)
    func badFileIsATypedError(index: Int) throws {
        let (name, content, expected) = Self.cases[index]
        let dir = TestSignals.temporaryDirectory()
        let path = "\(dir)/\(name)"
        if let content { try content.write(to: URL(fileURLWithPath: path)) }
        let error = #expect(throws: AudioFileError.self) { try SoundFile.read(path) }
        let codes: Set<AudioFileError.Code> = expected == .malformed ? [.malformed, .unrecognisedFormat] : [expected]
        #expect(error.map { codes.contains($0.code) } == true, "\(name): got \(String(describing: error))")
        #expect(error?.path == path)
        #expect(error?.description.hasPrefix(path) == true)
    }

    @Test func truncatedFileCanStillBeRecovered() throws {
        let dir = TestSignals.temporaryDirectory()
        let path = "\(dir)/cut.wav"
        try Self.wavHeader(channels: 1, rate: 8000, bits: 16, dataSize: 16000, dataBytes: 3000).write(to: URL(fileURLWithPath: path))
        let samples = try SoundFileInput(path: path, allowTruncated: true).readToEnd()
        #expect(samples.count == 1500)
    }

    @Test func folderInsteadOfFileIsAnError() {
        let dir = TestSignals.temporaryDirectory()
        #expect(throws: AudioFileError.self) { try SoundFile.read(dir) }
    }

    @Test func unwritableDestinationIsAnError() throws {
        let error = #expect(throws: AudioFileError.self) { try SoundFile.writeWAV([0], to: "/proc/ivr-cannot-write/x.wav") }
        #expect(error?.code == .unwritable)
    }
}
