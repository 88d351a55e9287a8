import Logging
import ArgumentParser
import AudioIO
import DSP
import Foundation

/// `ivr devices`: the ALSA PCMs this machine knows.
struct Devices: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List ALSA PCM devices (names to pass as --device).",
        discussion: "Shows what ALSA's configuration declares, like `aplay -L`. 'default' goes through ALSA's plug layer.")

    func run() throws {
        let devices = ALSADevices.list()
        if devices.isEmpty {
            print("no ALSA PCM devices found (no sound card?); `ivr call` runs recorded calls without one")
            return
        }
        for d in devices {
            let io = d.direction.map { " [\($0)]" } ?? ""
            print("\(d.name)\(io)\t\(d.description)")
        }
    }
}

/// `ivr play FILE`: plays an audio file to an ALSA device at 8 kHz mono.
struct Play: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Play an audio file to a sound card, as the line would (8 kHz mono).",
        discussion: "Any format libsndfile reads; it is downmixed and resampled to 8 kHz first. Example: ivr play Prompts/cmn/welcome.wav")

    @Argument(help: "The audio file to play.") var file: String
    @Option(help: "ALSA PCM name (see `ivr devices`).") var device = "default"

    func run() throws {
        try withUserErrors {
            let input = try SoundFileInput(path: file)
            let output = try ALSAPlayback(device: device, logger: Logger(label: "ivr.alsa"))
            var frame = [Int16](repeating: 0, count: Telephony.frameSamples)
            var total = 0
            while true {
                let n = try frame.withUnsafeMutableBufferPointer { try input.read(into: $0) }
                if n == 0 { break }
                try frame.withUnsafeBufferPointer { try output.write(UnsafeBufferPointer(rebasing: $0[0..<n])) }
                total += n
            }
            try output.drain()
            print(String(format: "played %.2f s of %@ to %@ (%d under-runs)", Telephony.seconds(samples: total), file, device, output.pcm.xruns))
        }
    }
}

/// `ivr record OUT.wav --seconds N`: records from an ALSA device.
struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record from a sound card into an 8 kHz mono 16-bit WAV.",
        discussion: "The file is written to a temporary file and renamed when complete; it is owner-only. Example: ivr record test.wav --seconds 5")

    @Argument(help: "The WAV file to write.") var output: String
    @Option(help: "How long to record, in seconds.") var seconds: Double
    @Option(help: "ALSA PCM name (see `ivr devices`).") var device = "default"

    func validate() throws {
        guard seconds > 0, seconds <= 24 * 3600 else { throw ValidationError("--seconds must be between 0 and 86400") }
    }

    func run() throws {
        try withUserErrors {
            let capture = try ALSACapture(device: device, logger: Logger(label: "ivr.alsa"))
            let wav = try WAVFileOutput(path: output, mode: .atomic)
            var frame = [Int16](repeating: 0, count: Telephony.frameSamples)
            var remaining = Int((seconds * Double(Telephony.sampleRate)).rounded())
            while remaining > 0 {
                let want = min(remaining, frame.count)
                let n = try frame.withUnsafeMutableBufferPointer { try capture.read(into: UnsafeMutableBufferPointer(rebasing: $0[0..<want])) }
                try frame.withUnsafeBufferPointer { try wav.write(UnsafeBufferPointer(rebasing: $0[0..<n])) }
                remaining -= n
            }
            try wav.finish()
            print(String(format: "recorded %.2f s from %@ into %@ (%d over-runs)", seconds, device, output, capture.pcm.xruns))
        }
    }
}

/// `ivr convert IN OUT`: any audio file to 8 kHz mono 16-bit WAV.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert any audio file to the line's format: 8 kHz mono 16-bit WAV.",
        discussion: "Channels are averaged, the rate converted with libsamplerate. Example: ivr convert studio.flac welcome.wav")

    @Argument(help: "The input audio file (WAV, FLAC, Ogg, AIFF, µ-law, A-law, ...).") var input: String
    @Argument(help: "The WAV file to write.") var output: String

    func run() throws {
        try withUserErrors {
            let samples = try SoundFile.read(input)
            try SoundFile.writeWAV(samples, to: output)
            print(String(format: "wrote %@ (%.2f s, 8 kHz mono 16-bit)", output, Telephony.seconds(samples: samples.count)))
        }
    }
}
