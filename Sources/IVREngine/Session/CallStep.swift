import DSP

/// What one push into a ``CallSession`` produced: the events logged, a transfer to start, and whether the call
/// is over. A driver (file, ALSA, RTP) acts on it; the session itself does no I/O beyond its injected ports.
public struct CallStep: Sendable {
    /// The event-log entries written during this step, in order (also handed to the session's event sink).
    public var events: [LoggedEvent] = []
    /// Set when the machine put the call in an agent queue: a driver that can transfer (SIP REFER) starts the
    /// transfer to this queue and reports back with ``CallSession/transferAnswered()`` or
    /// ``CallSession/transferFailed()``. A driver that cannot transfer ignores it (the queue's wait tone plays).
    public var transfer: String?
    /// Who ended the call, once it is over (nil while it goes on). After that the session takes no more input.
    public var ended: HangupSide?

    /// Creates an empty step.
    public init() {}

    /// Whether the call is over.
    public var isFinished: Bool { ended != nil }
}

/// Where a session writes its event log as the call runs (``EventLogFile``, or a collector in memory).
public protocol CallEventSink: AnyObject {
    /// One entry, in call order.
    func append(_ event: LoggedEvent)
}

/// An optional per-call listener to the audio, for QA recordings: called once per frame with what the caller
/// said and what the line played, from the same position.
///
/// The session never writes a recording itself. `secret` is true while an ID number or PIN is being collected:
/// a recording must not keep the caller's audio then (the keys could be decoded from it).
public protocol CallAudioTap: AnyObject {
    /// One frame: the caller's audio, the line's audio, the sample position of the frame's first sample, and
    /// whether a secret was being collected at any time during the frame.
    func frame(caller: UnsafeBufferPointer<Int16>, line: UnsafeBufferPointer<Int16>, sample: Int, secret: Bool)
    /// The recording notice (the welcome node's `notice` prompt, "本次通话可能将被录音") played to its end, at
    /// `sample`: a QA recording starts there.
    func recordingNoticeFinished(at sample: Int)
}

/// Where a key came from, for the dedup of a key reported both in-band and out-of-band.
public enum DigitSource: Sendable, Hashable {
    /// The in-band detector on the caller's audio.
    case inBand
    /// Signalled beside the audio: RFC 4733 telephone-events, or keys typed on the demo line's terminal.
    case outOfBand
}
