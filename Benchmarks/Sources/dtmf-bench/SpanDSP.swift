import DTMFTestSupport
import SpanDSPHarness

/// spandsp's `dtmf_rx` with default parameters, fed in 102-sample chunks (its block size, so that onset/end
/// positions are exact to the block).
func spandspDetector(chunk: Int = 102) -> DigitDetector {
    { samples in
        var out = [span_harness_digit_t](repeating: span_harness_digit_t(), count: max(16, samples.count / 400))
        let n = samples.withUnsafeBufferPointer { s in
            out.withUnsafeMutableBufferPointer { o in
                span_harness_detect(s.baseAddress, s.count, Int32(chunk), o.baseAddress, Int32(o.count))
            }
        }
        return out.prefix(Int(n)).map {
            DetectedDigit(digit: Character(Unicode.Scalar(UInt8(bitPattern: $0.digit))), start: $0.start - 102 * 3,
                          end: $0.end)
        }
    }
}

/// Digits only, the fastest way to run spandsp over a long buffer.
func spandspDigits(_ samples: [Int16], chunk: Int) -> String {
    var out = [CChar](repeating: 0, count: max(16, samples.count / 400))
    let n = samples.withUnsafeBufferPointer { s in
        out.withUnsafeMutableBufferPointer { o in span_harness_digits(s.baseAddress, s.count, Int32(chunk), o.baseAddress, Int32(o.count)) }
    }
    return String(out.prefix(Int(n)).map { Character(Unicode.Scalar(UInt8(bitPattern: $0))) })
}
