import AudioIO
import Foundation
import Prompts

/// Shared test material: the repository's Prompts folder, temporary copies, synthetic recordings.
enum Fixtures {
    /// The repository root (two levels above this file's folder).
    static let repositoryRoot: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }()

    /// The shipped `Prompts/` folder.
    static var promptsDirectory: String { repositoryRoot + "/Prompts" }

    /// The shipped manifest.
    static func shippedManifest() throws -> PromptManifest { try PromptManifest.load(directory: promptsDirectory) }

    /// A fresh temporary folder.
    static func temporaryDirectory(_ label: String) -> String {
        let path = NSTemporaryDirectory() + "ivr-prompts-\(label)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A small prompt folder: the shipped manifest and the cmn recordings of `ids` copied into a temporary folder.
    static func promptFolder(copying ids: [String], label: String) throws -> String {
        let dir = temporaryDirectory(label)
        try FileManager.default.createDirectory(atPath: dir + "/cmn", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: promptsDirectory + "/prompts.yaml", toPath: dir + "/prompts.yaml")
        for id in ids {
            try FileManager.default.copyItem(atPath: promptsDirectory + "/cmn/\(id).wav", toPath: dir + "/cmn/\(id).wav")
        }
        return dir
    }

    /// Speech-like test audio: `syllables` bursts of a 200 Hz buzz with harmonics, 180 ms each with 70 ms gaps,
    /// after `leadingSilence` seconds of silence and before as much trailing silence, with peak `peak` (0…1).
    static func speechLike(rate: Int, syllables: Int = 8, leadingSilence: Double = 0.5, peak: Float = 0.5) -> [Float] {
        var out = [Float](repeating: 0, count: Int(leadingSilence * Double(rate)))
        let burst = Int(0.18 * Double(rate)), gap = Int(0.07 * Double(rate))
        for s in 0..<syllables {
            let f0 = 180.0 + Double(s % 4) * 20
            for i in 0..<burst {
                let t = Double(i) / Double(rate)
                let env = sin(Double.pi * Double(i) / Double(burst))
                var v = 0.0
                for h in 1...6 { v += sin(2 * .pi * f0 * Double(h) * t) / Double(h) }
                out.append(Float(env * v / 1.8) * peak)
            }
            out += [Float](repeating: 0, count: gap)
        }
        out += [Float](repeating: 0, count: Int(leadingSilence * Double(rate)))
        return out
    }

    /// Writes mono `samples` as `channels` identical channels in `format`.
    static func write(_ samples: [Float], rate: Int, channels: Int, format: AudioFileFormat, to path: String) throws {
        var interleaved: [Float] = []
        interleaved.reserveCapacity(samples.count * channels)
        for s in samples { for _ in 0..<channels { interleaved.append(s) } }
        try SoundFile.write(interleaved: interleaved, channels: channels, sampleRate: rate, format: format, to: path)
    }
}
