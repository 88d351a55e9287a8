public import DSP

/// Why a recording ended (the event log's `record_end.reason`).
public enum RecordingEndReason: String, Hashable, Sendable {
    /// The caller pressed the end key (#).
    case dtmf
    /// The silence limit passed.
    case silence
    /// The length limit passed.
    case maxtime
    /// The caller hung up (the message is kept).
    case hangup
}

/// An input to ``CallMachine``: what happened on the line, at a sample position.
public enum CallEvent: Hashable, Sendable {
    /// The line answered the call.
    case answered(CallFacts)
    /// The onset of a key (0-9 * # A-D), in-band or out-of-band.
    case digitStarted(DTMFDigit)
    /// One frame of audio passed (the session sends one per 20 ms frame).
    case tick
    /// The playback with this id played to its end (not sent for a playback the machine stopped).
    case promptFinished(String)
    /// The recorder finished a recording: why, how long (seconds counted in samples), and whether it held speech.
    case recordingEnded(RecordingEndReason, seconds: Double, hasSpeech: Bool)
    /// The store answered the last request.
    case storeResult(StoreResult)
    /// The agent queue reports how many callers wait ahead of this one (spoken with the busy announcement).
    case queuePosition(callersAhead: Int)
    /// An agent picked up the queued call.
    case agentAnswered
    /// The transfer asked for with ``CallAction/transfer(queue:)`` reached an agent (e.g. a SIP REFER's NOTIFY 2xx).
    case transferAnswered
    /// The transfer failed or was not answered in time: the overflow path.
    case transferFailed
    /// The caller hung up.
    case hangup
}
