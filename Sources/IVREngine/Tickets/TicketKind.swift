import Foundation
import WorkingDays

/// What a ticket is about.
public enum TicketKind: String, Sendable, CaseIterable, Codable {
    /// A voice message left at node `voicemail` (or from the agent overflow).
    case voicemail
    /// A complaint recorded at `complaints.complaint`.
    case complaint
    /// A document request (fax / SMS / e-mail) from `documents`.
    case document
}

/// Where a ticket stands. "Overdue" is not stored: it is derived from the due date and today.
public enum TicketStatus: String, Sendable, CaseIterable, Codable {
    /// Waiting for the back office.
    case open
    /// The caller has been answered.
    case answered
    /// Done (answered, withdrawn or merged); nothing more to do.
    case closed
}
