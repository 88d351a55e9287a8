/// A failed ALSA call, with the device, the operation and what to try.
public struct ALSAError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The PCM name as given (`default`, `hw:0,0`, `plughw:1`, a name from an asound.conf).
    public let device: String
    /// The ALSA function that failed, e.g. `snd_pcm_open`.
    public let operation: String
    /// The negative errno ALSA returned.
    public let code: Int32
    /// `snd_strerror(code)`.
    public let reason: String
    /// One line of advice.
    public let hint: String

    /// Creates an error from an ALSA return code.
    public init(device: String, operation: String, code: Int32, reason: String, hint: String) {
        self.device = device
        self.operation = operation
        self.code = code
        self.reason = reason
        self.hint = hint
    }

    public var description: String {
        "audio device '\(device)': \(operation) failed: \(reason). \(hint)"
    }
}
