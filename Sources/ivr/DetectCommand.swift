import ArgumentParser
import AudioIO
import DSP
import Foundation

/// `ivr detect [--jsonl] FILE...`: the DTMF digits in audio files.
struct Detect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Detect DTMF digits in audio files (any format and rate; converted to 8 kHz mono).",
        discussion: """
            Prints the digit string of each file (one file: the digits alone; several: FILE<TAB>DIGITS). With \
            --jsonl, prints one JSON object per digit instead, in file order: {"digit":"5","start":1.230,"end":1.330} \
            (seconds from the start of the file). An unreadable file gets an error line on stderr; the others are \
            still decoded and the exit status is non-zero.
            """)

    @Flag(help: "One JSON object per detected digit: {\"digit\":\"5\",\"start\":1.230,\"end\":1.330}.") var jsonl = false
    @Option(help: "Detector profile: att (default), etsi or ntt.") var profile: DetectorProfile = .att
    @Argument(help: "Audio files to scan.") var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one audio file") }
    }

    func run() throws {
        var failures = 0
        for file in files {
            do {
                let digits = try Self.detect(path: file, configuration: profile.configuration)
                if jsonl {
                    for d in digits { print(Self.jsonLine(d)) }
                } else if files.count == 1 {
                    print(String(digits.map { $0.digit.character }))
                } else {
                    print("\(file)\t\(String(digits.map { $0.digit.character }))")
                }
            } catch let error as AudioFileError {
                printError(error.description)
                failures += 1
            }
        }
        if failures == files.count { throw ExitCode(ExitCodes.audioFile) }
        if failures > 0 { throw ExitCode(ExitCodes.partial) }
    }

    /// One detected digit with its start and end in samples.
    struct Digit {
        let digit: DTMFDigit
        let start: Int64
        let end: Int64
    }

    /// Streams `path` through a detector and returns its digits.
    static func detect(path: String, configuration: DTMFConfiguration) throws -> [Digit] {
        let input = try SoundFileInput(path: path)
        var detector = DTMFDetector(configuration: configuration)
        var digits: [Digit] = []
        var buffer = [Int16](repeating: 0, count: 8192)
        let collect: (DTMFEvent) -> Void = { event in
            if event.kind == .end, let end = event.endSample {
                digits.append(Digit(digit: event.digit, start: event.startSample, end: end))
            }
        }
        // An 8 kHz mono 16-bit WAV is mapped and detected in place; anything else is read (and converted) in chunks.
        let mapped: Void? = input.withMappedSamples { detector.process($0, onEvent: collect) }
        while mapped == nil {
            let n = try buffer.withUnsafeMutableBufferPointer { try input.read(into: $0) }
            if n == 0 { break }
            buffer.withUnsafeBufferPointer { detector.process(UnsafeBufferPointer(rebasing: $0[0..<n]), onEvent: collect) }
        }
        detector.finish().forEach(collect)
        return digits
    }

    /// `{"digit":"5","start":1.230,"end":1.330}`.
    static func jsonLine(_ d: Digit) -> String {
        let rate = Double(Telephony.sampleRate)
        return String(format: "{\"digit\":\"%@\",\"start\":%.3f,\"end\":%.3f}",
                      String(d.digit.character), Double(d.start) / rate, Double(d.end) / rate)
    }
}

/// The detector profiles selectable on the command line.
enum DetectorProfile: String, ExpressibleByArgument, CaseIterable {
    case att, etsi, ntt

    var configuration: DTMFConfiguration {
        switch self {
        case .att: return .att
        case .etsi: return .etsi
        case .ntt: return .ntt
        }
    }
}
