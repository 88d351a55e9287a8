import ArgumentParser
import AudioIO
import DSP
import Foundation

/// `ivr gen …`: makes test audio. A command group; each kind of audio is its own subcommand.
struct Gen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen",
        abstract: "Make test audio (DTMF sequences, ...).",
        subcommands: [GenDTMF.self, GenCall.self])
}

/// `ivr gen dtmf DIGITS -o OUT.wav`: a dialled DTMF sequence as an 8 kHz mono WAV.
struct GenDTMF: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dtmf",
        abstract: "Write DTMF digits to an 8 kHz mono 16-bit WAV.",
        discussion: """
            The file starts with --off ms of silence, then each digit for --on ms followed by --off ms of silence. \
            Tones start at random phases (--seed makes them reproducible). Example: ivr gen dtmf 12333# -o call.wav --on 80 --off 60
            """)

    @Argument(help: "The digits: 0-9, *, #, A-D.") var digits: String
    @Option(name: [.short, .customLong("output")], help: "The WAV file to write.") var output: String
    @Option(help: "Tone duration per digit, in ms.") var on = 100
    @Option(help: "Silence after each digit (and before the first), in ms.") var off = 100
    @Option(help: "Level of the low-group tone, in dBm0.") var level = -10.0
    @Option(help: "Twist: high-group tone level minus low-group tone level, in dB.") var twist = 0.0
    @Option(help: "Add white noise this many dB below each tone (per-tone SNR, in dB).") var snr: Double?
    @Option(help: "Seed for the random phases and the noise.") var seed: UInt64?

    func validate() throws {
        if case .failure(let e) = DTMFGenerator.digits(digits) { throw ValidationError(e.description) }
        if (try? DTMFGenerator.digits(digits).get())?.isEmpty ?? true { throw ValidationError("give at least one digit") }
        guard (1...60_000).contains(on), (0...60_000).contains(off) else { throw ValidationError("--on must be 1...60000 ms and --off 0...60000 ms") }
        guard level <= 3.14, level > -100 else { throw ValidationError("--level must be between -100 and +3.14 dBm0") }
    }

    func run() throws {
        let list = try DTMFGenerator.digits(digits).get()
        var rng = WhiteNoise(seed: seed ?? UInt64.random(in: 0...UInt64.max))
        let generator = DTMFGenerator(lowLevelDBm0: level, twistDB: twist)
        var x = [Double](repeating: 0, count: Telephony.samples(milliseconds: off))
        x += generator.sequence(list, onSamples: Telephony.samples(milliseconds: on),
                                offSamples: Telephony.samples(milliseconds: off), using: &rng)
        if let snr {
            let noise = rng.render(count: x.count, levelDBm0: min(level, level + twist) - snr)
            Samples.mix(&x, noise)
        }
        try withUserErrors {
            try SoundFile.writeWAV(Samples.quantize(x), to: output)
        }
        print(String(format: "wrote %@ (%d digits, %.2f s)", output, list.count, Telephony.seconds(samples: x.count)))
    }
}
