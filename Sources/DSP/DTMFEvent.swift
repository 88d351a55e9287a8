/// What a ``DTMFDetector`` reports: a digit's onset as soon as it is decided, then its end with the duration.
///
/// Times are sample indices at 8 kHz counted from the first sample given to the detector (or since
/// ``DTMFDetector/reset()``).
public struct DTMFEvent: Sendable, Equatable, CustomStringConvertible {
    /// Onset or end.
    public enum Kind: Sendable, Equatable {
        /// The digit has been decided; ``DTMFEvent/endSample`` is nil.
        case onset
        /// The digit is over; ``DTMFEvent/endSample`` holds where its tone stopped.
        case end
    }

    /// Onset or end.
    public let kind: Kind
    /// The digit.
    public let digit: DTMFDigit
    /// Estimated first sample of the digit's tone pair.
    public let startSample: Int64
    /// Estimated sample just after the tone pair (exclusive); nil in an onset.
    public let endSample: Int64?
    /// How many samples the detector had consumed when it reported this event (latency = this − start).
    public let reportedAtSample: Int64

    /// Creates an event.
    public init(kind: Kind, digit: DTMFDigit, startSample: Int64, endSample: Int64?, reportedAtSample: Int64) {
        self.kind = kind
        self.digit = digit
        self.startSample = startSample
        self.endSample = endSample
        self.reportedAtSample = reportedAtSample
    }

    /// Length of the tone in samples, known at the end.
    public var durationSamples: Int64? { endSample.map { $0 - startSample } }

    public var description: String {
        switch kind {
        case .onset: return "\(digit) on @\(startSample)"
        case .end: return "\(digit) \(startSample)..<\(endSample ?? -1)"
        }
    }
}
