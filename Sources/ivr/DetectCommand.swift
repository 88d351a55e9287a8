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
                    // One write for the file's lines (print per line costs more than detecting them).
                    var out: [UInt8] = []
                    out.reserveCapacity(48 * digits.count)
                    for d in digits { Self.appendJSONLine(d, to: &out) }
                    print(String(decoding: out, as: UTF8.self), terminator: "")
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

    /// Appends `{"digit":"5","start":1.230,"end":1.330}` and a newline to `out`.
    static func appendJSONLine(_ d: Digit, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"digit":""#.utf8)
        out.append(d.digit.character.asciiValue!)
        out.append(contentsOf: #"","start":"#.utf8)
        appendSeconds(samples: d.start, rate: Telephony.sampleRate, to: &out)
        out.append(contentsOf: #","end":"#.utf8)
        appendSeconds(samples: d.end, rate: Telephony.sampleRate, to: &out)
        out.append(contentsOf: "}\n".utf8)
    }

    /// Appends `samples / rate` seconds with three decimals: the same text as
    /// `String(format: "%.3f", Double(samples) / Double(rate))`, without Foundation's formatting (which cost more
    /// than the detection). Like printf, it rounds the Double's exact value to the nearest millisecond, and an
    /// exact half to even. Only a value exactly halfway between two milliseconds in decimal can round either way:
    /// then the Double lies just above or below it (or on it), which the exact remainder
    /// `Double(samples) - d·rate` (one fused multiply-add) tells.
    static func appendSeconds(samples: Int64, rate: Int, to out: inout [UInt8]) {
        precondition(samples >= 0 && rate > 0 && samples < Int64(1) << 40, "seconds out of range")
        let r = Int64(rate)
        let scaled = samples * 1000
        var milliseconds = scaled / r
        let remainder = 2 * (scaled % r)
        if remainder > r {
            milliseconds += 1
        } else if remainder == r {
            let d = Double(samples) / Double(rate)
            let below = Double(samples).addingProduct(-d, Double(rate))   // exact: samples − d·rate
            if below < 0 || (below == 0 && milliseconds % 2 == 1) { milliseconds += 1 }
        }
        appendDecimal(milliseconds / 1000, to: &out)
        let fraction = Int(milliseconds % 1000)
        out.append(UInt8(ascii: "."))
        out.append(UInt8(ascii: "0") + UInt8(fraction / 100))
        out.append(UInt8(ascii: "0") + UInt8(fraction / 10 % 10))
        out.append(UInt8(ascii: "0") + UInt8(fraction % 10))
    }

    /// Appends the decimal digits of `value` (≥ 0).
    private static func appendDecimal(_ value: Int64, to out: inout [UInt8]) {
        if value >= 10 { appendDecimal(value / 10, to: &out) }
        out.append(UInt8(ascii: "0") + UInt8(value % 10))
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
