public import Foundation
public import WorkingDays

/// The audio of a voicemail or complaint ticket (8 kHz mono 16-bit): stores receive finished files only (the
/// session writes them through AudioIO; recovery hands over repaired partial recordings).
public enum TicketRecording: Sendable {
    /// A finished WAV file (e.g. the call's `voicemail/partial/<call-id>.wav`): the store fsyncs it and renames
    /// it into place in the same step as the ticket row, and removes its sidecar. Must be on the data volume.
    case file(path: String)
}

/// Everything needed to open a ticket. The engine computes the due date with `WorkingDayCalendar.dueDate`.
public struct TicketRequest: Sendable {
    /// What the ticket is about.
    public var kind: TicketKind
    /// The caller's number (caller ID), `nil` when unknown.
    public var callerNumber: String?
    /// The node ids the call went through to get here, e.g. `["main", "voicemail"]`.
    public var menuPath: [String]
    /// When the ticket was opened (the injected clock's now).
    public var createdAt: Date
    /// The reply deadline (inclusive).
    public var dueDate: CivilDate
    /// The recording, if any.
    public var recording: TicketRecording?
    /// Extra facts, e.g. `["document": "2", "fax": "01088886666"]`. Never an ID number or PIN.
    public var details: [String: String]
    /// The call that opened it (for joining with the call summary and events).
    public var callID: String?
    /// The partial recording this message was streamed to (``PartialRecording/partialID``): stored with the
    /// ticket so that recovery never files the same message twice.
    public var partialID: String?

    /// Creates a request.
    public init(kind: TicketKind, callerNumber: String?, menuPath: [String], createdAt: Date, dueDate: CivilDate,
                recording: TicketRecording? = nil, details: [String: String] = [:], callID: String? = nil,
                partialID: String? = nil) {
        self.partialID = partialID
        self.kind = kind
        self.callerNumber = callerNumber
        self.menuPath = menuPath
        self.createdAt = createdAt
        self.dueDate = dueDate
        self.recording = recording
        self.details = details
        self.callID = callID
    }
}
