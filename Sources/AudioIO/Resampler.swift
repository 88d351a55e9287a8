internal import CSampleRate

/// A streaming mono sample-rate converter (libsamplerate, sinc medium quality: about 97 dB of stop-band
/// attenuation, so tones above the new Nyquist frequency vanish).
final class Resampler {
    private let state: OpaquePointer
    private var scratch = [Float](repeating: 0, count: 8192)
    /// Output rate divided by input rate.
    let ratio: Double

    /// Creates a converter from `inputRate` to `outputRate` (Hz).
    /// The corresponding C function is `src_new`.
    init(inputRate: Int, outputRate: Int) throws {
        var error: Int32 = 0
        guard let s = src_new(Int32(SRC_SINC_MEDIUM_QUALITY), 1, &error) else {
            throw AudioFileError(.unsupported, path: "", message: "libsamplerate: \(String(cString: src_strerror(error)))")
        }
        state = s
        ratio = Double(outputRate) / Double(inputRate)
    }

    deinit { src_delete(state) }

    /// Converts `input` and appends the result to `output`; pass `endOfInput` with the last block to flush
    /// the filter's tail. The corresponding C function is `src_process`.
    func process(_ input: UnsafeBufferPointer<Float>, endOfInput: Bool, into output: inout [Float]) throws {
        var offset = 0
        while true {
            var produced = 0
            var used = 0
            let status: Int32 = scratch.withUnsafeMutableBufferPointer { outBuf in
                var data = SRC_DATA()
                data.data_in = input.baseAddress.map { UnsafePointer($0 + offset) }
                data.input_frames = input.count - offset
                data.data_out = outBuf.baseAddress
                data.output_frames = outBuf.count
                data.end_of_input = endOfInput ? 1 : 0
                data.src_ratio = ratio
                let rc = src_process(state, &data)
                produced = data.output_frames_gen
                used = data.input_frames_used
                return rc
            }
            if status != 0 {
                throw AudioFileError(.unsupported, path: "", message: "libsamplerate: \(String(cString: src_strerror(status)))")
            }
            output.append(contentsOf: scratch[0..<produced])
            offset += used
            if offset >= input.count {
                if !endOfInput || produced == 0 { return }
            } else if produced == 0 && used == 0 {
                return
            }
        }
    }
}
