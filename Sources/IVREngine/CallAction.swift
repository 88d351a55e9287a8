/// What the recorder should record and when it stops on its own.
public struct RecordingRequest: Hashable, Sendable {
    /// What the message is for.
    public var kind: TicketKind
    /// Longest message, in seconds.
    public var maxSeconds: Int
    /// Silence that ends the message, in seconds.
    public var silenceSeconds: Int

    /// Creates a request.
    public init(kind: TicketKind, maxSeconds: Int, silenceSeconds: Int) {
        self.kind = kind
        self.maxSeconds = maxSeconds
        self.silenceSeconds = silenceSeconds
    }
}

/// An output of ``CallMachine``: what the session must do, in order.
public enum CallAction: Hashable, Sendable {
    /// Play this; report its end with `promptFinished(playback.id)`.
    case play(Playback)
    /// Stop the current playback at once (barge-in); no `promptFinished` follows.
    case stopPlayback
    /// Use this prompt set (language) from now on.
    case setLanguage(String)
    /// Start recording the caller; report the end with `recordingEnded`.
    case startRecording(RecordingRequest)
    /// Stop the recording now (end key, or the caller hung up); `recordingEnded` follows.
    case stopRecording
    /// Ask the store to open a ticket for the last recording or request; answer with `storeResult`. The session
    /// completes it as a ``TicketRequest`` (the caller, the time, the due date, the recording's file).
    /// - kind, details, menuPath: as in ``TicketRequest`` (details: `document`, `contact`, `delivery` for documents).
    /// - node: the node that asked for it (full node id).
    /// - recordingSeconds: seconds of recorded message (voicemail and complaints), counted in samples by the
    ///   recorder; `nil` when the ticket has no recording.
    case openTicket(kind: TicketKind, node: String, details: [String: String] = [:], recordingSeconds: Double? = nil,
                    menuPath: [String])
    /// Ask the store whether the ID number and PIN match; the raw values are never logged.
    case verifyIdentity(IdentityCredentials)
    /// Ask the store for an account item of the verified person.
    case queryAccount(AccountItem)
    /// Ask the store for a ticket's status by number (already validated by its check digit).
    case lookupTicket(TicketNumber)
    /// Store the satisfaction rating (1, 2, 3; nil = no key) with the call.
    case recordSurvey(score: Int?)
    /// Put the call in the agent queue (the IVR's part of a transfer).
    case transfer(queue: String)
    /// Write one event to the call's event log.
    case log(LoggedEvent)
    /// Hang up the line.
    case hangup(reason: String)
}
