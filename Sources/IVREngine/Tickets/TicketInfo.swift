public import Foundation
public import WorkingDays

/// A ticket as stored.
public struct TicketInfo: Sendable, Hashable {
    /// Opaque identifier (never spoken).
    public var id: UUID
    /// The number callers hear and type.
    public var number: TicketNumber
    /// What it is about.
    public var kind: TicketKind
    /// Where it stands.
    public var status: TicketStatus
    /// The caller's number, `nil` when unknown.
    public var callerNumber: String?
    /// Node ids on the way to the ticket.
    public var menuPath: [String]
    /// When it was opened.
    public var createdAt: Date
    /// The reply deadline (inclusive).
    public var dueDate: CivilDate
    /// The recording, relative to the data folder (e.g. `voicemail/2025/09/26/100017.wav`), if any.
    public var recordingPath: String?
    /// Extra facts.
    public var details: [String: String]
    /// True when the ticket was rebuilt from a partial recording after a crash.
    public var recovered: Bool

    /// Creates a value.
    public init(id: UUID, number: TicketNumber, kind: TicketKind, status: TicketStatus, callerNumber: String?,
                menuPath: [String], createdAt: Date, dueDate: CivilDate, recordingPath: String?,
                details: [String: String], recovered: Bool) {
        self.id = id
        self.number = number
        self.kind = kind
        self.status = status
        self.callerNumber = callerNumber
        self.menuPath = menuPath
        self.createdAt = createdAt
        self.dueDate = dueDate
        self.recordingPath = recordingPath
        self.details = details
        self.recovered = recovered
    }

    /// Whether the ticket is still open after its due date (`today` is after `dueDate`).
    public func isOverdue(today: CivilDate) -> Bool { status == .open && dueDate < today }
}
