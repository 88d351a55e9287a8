public import AudioIO
public import DSP

extension CallSession {
    /// The thin driver loop for audio streams (a recording for `ivr call` and `ivr batch`, ALSA for `ivr line`):
    /// reads one 20 ms frame, pushes it, writes the line's frame, until the call is over.
    /// - Parameters:
    ///   - input: caller audio; end of stream = the caller hung up (a short last frame is padded with silence).
    ///   - output: what the line plays.
    ///   - keys: keys typed beside the audio (the demo line's terminal), polled once per frame.
    ///   - shouldStop: polled once per frame; true ends the call as a caller hang-up (Ctrl-C on the demo line).
    /// - Returns: how the call ended.
    /// - Throws: audio errors of the input or output (a device failing); store failures are handled in-call.
    public func run(input: any AudioInput, output: any AudioOutput, keys: () -> [DTMFDigit] = { [] },
                    shouldStop: () -> Bool = { false }) throws -> CallOutcome {
        var step = start()
        var inFrame = [Int16](repeating: 0, count: Telephony.frameSamples)
        var outFrame = [Int16](repeating: 0, count: Telephony.frameSamples)
        while !step.isFinished {
            let n = try inFrame.withUnsafeMutableBufferPointer { try input.read(into: $0) }
            if n == 0 || shouldStop() {
                _ = callerHungUp()
                break
            }
            for i in n..<inFrame.count { inFrame[i] = 0 }
            for digit in keys() {
                step = pushDigit(digit, startSample: sample)
                if step.isFinished { break }
            }
            if step.isFinished { break }
            step = inFrame.withUnsafeBufferPointer { inBuf in
                outFrame.withUnsafeMutableBufferPointer { process(input: inBuf, output: $0) }
            }
            try outFrame.withUnsafeBufferPointer { try output.write($0) }
        }
        return outcome
    }
}
