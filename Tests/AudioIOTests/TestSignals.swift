import Foundation

/// Signals and measurements shared by the AudioIO tests.
enum TestSignals {
    /// A sine of `frequency` Hz, `amplitude` of full scale, `seconds` long at `rate`.
    static func sine(_ frequency: Double, rate: Int, seconds: Double, amplitude: Float = 0.5) -> [Float] {
        let n = Int(Double(rate) * seconds)
        return (0..<n).map { amplitude * Float(sin(2 * Double.pi * frequency * Double($0) / Double(rate))) }
    }

    /// Interleaves one mono signal into `channels` identical channels.
    static func interleave(_ mono: [Float], channels: Int) -> [Float] {
        mono.flatMap { Array(repeating: $0, count: channels) }
    }

    /// Frequency from interpolated upward zero crossings (accurate to far below 1 Hz over a second or more).
    static func frequency(of x: [Int16], rate: Int) -> Double {
        var crossings: [Double] = []
        for i in 1..<x.count where x[i - 1] < 0 && x[i] >= 0 {
            let a = Double(x[i - 1]), b = Double(x[i])
            crossings.append(Double(i - 1) + (-a) / (b - a))
        }
        guard let first = crossings.first, let last = crossings.last, crossings.count > 1 else { return 0 }
        return Double(crossings.count - 1) * Double(rate) / (last - first)
    }

    /// Root mean square in full-scale units.
    static func rms(_ x: ArraySlice<Int16>) -> Double {
        guard !x.isEmpty else { return 0 }
        let sum = x.reduce(0.0) { $0 + Double($1) * Double($1) }
        return (sum / Double(x.count)).squareRoot() / 32768
    }

    /// A fresh temporary folder for one test.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "ivr-audioio-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
