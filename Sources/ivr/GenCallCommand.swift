import CallTestSupport
import FileSafety
import ArgumentParser
import AudioIO
import DSP
import Foundation
import IVREngine

/// `ivr gen call SCRIPT.yaml -o CALLER.wav`: renders a scripted caller into a caller recording.
struct GenCall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Render a caller script (wait, keys, say, clip, hangup) into a caller WAV.",
        discussion: """
        The script is YAML: `seed`, optional `noise` (dBm0), `defaults` for key tones, and `steps`, e.g.
          steps:
            - wait: 9.5
            - keys: "6"
            - say: "我的电话是一三八"     # espeak-ng, at generation time
            - keys: "#"
            - hangup
        The same script always renders the same samples. Example: ivr gen call voicemail.yaml -o voicemail.wav
        """)

    @Argument(help: "The caller script (YAML).") var script: String
    @Option(name: [.short, .customLong("output")], help: "The caller WAV to write.") var output: String

    func run() throws {
        let text: String
        do { text = try String(contentsOfFile: script, encoding: .utf8) } catch {
            printError("\(script): cannot read the script: \(error.localizedDescription)")
            throw ExitCode.failure
        }
        do {
            let parsed = try CallScript.parse(text, path: script)
            let samples = try CallScriptRenderer.render(parsed, relativeTo: DurableFiles.directory(of: script))
            try withUserErrors { try SoundFile.writeWAV(samples, to: output) }
            print(String(format: "wrote %@ (%.2f s, %d steps)", output, Telephony.seconds(samples: samples.count), parsed.steps.count))
        } catch let error as CallScript.ParseError {
            printError(error.description)
            throw ExitCode.failure
        } catch let error as CallScriptRenderer.Failure {
            printError("\(script): \(error.message)")
            throw ExitCode.failure
        }
    }
}

/// Turns a ``CallScript`` into caller samples with the DSP generators, espeak-ng and libsndfile.
enum CallScriptRenderer {
    /// A step that could not be rendered.
    struct Failure: Error {
        let message: String
    }

    static func render(_ script: CallScript, relativeTo folder: String) throws -> [Int16] {
        var rng = WhiteNoise(seed: script.seed)
        var x: [Double] = []
        steps: for (index, step) in script.steps.enumerated() {
            switch step {
            case .wait(let seconds):
                x += [Double](repeating: 0, count: Int((seconds * Double(Telephony.sampleRate)).rounded()))
            case .keys(let keys, let tone):
                let digits = try DTMFGenerator.digits(keys).get()
                let generator = DTMFGenerator(lowLevelDBm0: tone.levelDBm0, twistDB: tone.twistDB)
                var segment = generator.sequence(digits, onSamples: Telephony.samples(milliseconds: tone.onMilliseconds),
                                                 offSamples: Telephony.samples(milliseconds: tone.offMilliseconds), using: &rng)
                if let snr = tone.snrDB {
                    Samples.mix(&segment, rng.render(count: segment.count, levelDBm0: min(tone.levelDBm0, tone.levelDBm0 + tone.twistDB) - snr))
                }
                x += segment
            case .say(let text, let voice, let level):
                x += normalised(try speak(text, voice: voice, step: index + 1), to: level)
            case .clip(let path, let level):
                let full = path.hasPrefix("/") ? path : "\(folder)/\(path)"
                let clip = try SoundFile.read(full).map(Double.init)
                x += level.map { normalised(clip, to: $0) } ?? clip
            case .hangup:
                break steps
            }
        }
        if let noise = script.noiseDBm0 {
            var background = WhiteNoise(seed: script.seed &+ 0x9E37_79B9)
            Samples.mix(&x, background.render(count: x.count, levelDBm0: noise))
        }
        return Samples.quantize(x)
    }

    /// Scales a clip so its mean level is `dBm0`.
    static func normalised(_ x: [Double], to dBm0: Double) -> [Double] {
        let ms = Samples.meanSquare(x)
        guard ms > 0 else { return x }
        let gain = (Level.meanSquare(dBm0: dBm0) / ms).squareRoot()
        return x.map { $0 * gain }
    }

    /// Speech from espeak-ng (a generation-time tool, not a runtime dependency), at 8 kHz.
    static func speak(_ text: String, voice: String, step: Int) throws -> [Double] {
        let wav = NSTemporaryDirectory() + "ivr-say-\(UUID().uuidString).wav"
        defer { unlink(wav) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["espeak-ng", "-v", voice, "-s", "160", "-w", wav, text]
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            throw Failure(message: "step \(step): cannot run espeak-ng (\(error.localizedDescription)); install it with Scripts/setup.sh")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(message: "step \(step): espeak-ng failed for voice \(voice); list voices with `espeak-ng --voices`")
        }
        return try SoundFile.read(wav).map(Double.init)
    }
}
