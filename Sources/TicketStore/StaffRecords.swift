public import Foundation
public import IVREngine
public import WorkingDays

/// A staff role of the console. What each may do is decided by the console; the store only keeps the role.
public enum StaffRole: String, Sendable, CaseIterable, Codable {
    /// 咨询员: answers tickets.
    case agent
    /// 监督员: reports, QA, line state, recordings (and tickets).
    case supervisor
    /// 管理员: accounts and prompts (and everything else).
    case admin

    /// The role's Chinese name, as staff read it.
    public var chineseName: String {
        switch self {
        case .agent: "咨询员"
        case .supervisor: "监督员"
        case .admin: "管理员"
        }
    }

    /// Parses `agent`/`supervisor`/`admin` or the Chinese name.
    public init?(parsing text: String) {
        if let r = StaffRole(rawValue: text) { self = r; return }
        guard let r = StaffRole.allCases.first(where: { $0.chineseName == text }) else { return nil }
        self = r
    }
}

/// A staff account as stored (the password only as a bcrypt hash).
public struct StaffAccount: Sendable, Hashable {
    /// The login name.
    public var name: String
    /// The role.
    public var role: StaffRole
    /// The bcrypt hash of the password.
    public var passwordHash: String
    /// When it was created (ISO 8601 local time).
    public var createdAt: String
    /// A disabled account cannot log in.
    public var disabled: Bool
}

/// A live console session: whose it is and its CSRF token.
public struct StaffSessionRecord: Sendable, Hashable {
    /// The staff member.
    public var staffName: String
    /// Their role (read with the session, so a role change applies at once).
    public var role: StaffRole
    /// The session's CSRF token, put in every form.
    public var csrf: String
    /// When the session ends.
    public var expiresAt: Date
}

/// What was listened to.
public enum ListenSubject: String, Sendable, CaseIterable {
    /// A ticket's voice message (ref: the ticket number).
    case ticket
    /// A call recording (ref: the call id).
    case call
    /// A prompt recording (ref: `lang/id`).
    case prompt
}

/// One entry of the listen audit: who listened to what, and when.
public struct ListenRecord: Sendable, Hashable {
    /// When (ISO 8601 local time with offset).
    public var at: String
    /// Who.
    public var staffName: String
    /// What kind of recording.
    public var subject: ListenSubject
    /// Which one.
    public var ref: String
}

/// An open ticket of the work queue, with whom it is assigned to.
public struct QueueTicket: Sendable, Hashable {
    /// The ticket.
    public var info: TicketInfo
    /// The staff member it is assigned to, if any.
    public var assignee: String?
}

/// One row of the work queue: only what the queue shows (no JSON columns decoded, so a page of rows is cheap).
public struct QueueEntry: Sendable, Hashable {
    /// The ticket number (check digit included).
    public var number: String
    /// The kind.
    public var kind: TicketKind
    /// The caller's number as stored (pages mask it).
    public var callerNumber: String?
    /// When it was opened, ISO 8601 local time with offset, as stored.
    public var createdAt: String
    /// The due date.
    public var dueDate: CivilDate
    /// The staff member it is assigned to, if any.
    public var assignee: String?
}

/// Counts of open tickets by deadline band and kind, for the work queue's summary.
public struct QueueCounts: Sendable, Hashable {
    /// Open tickets past their due date, per kind.
    public var overdue: [TicketKind: Int] = [:]
    /// Open tickets due today, per kind.
    public var dueToday: [TicketKind: Int] = [:]
    /// Open tickets due after today up to the horizon, per kind.
    public var dueSoon: [TicketKind: Int] = [:]

    /// Empty counts.
    public init() {}
}

/// A staff name already exists, or a name or role is not acceptable.
public struct StaffAccountError: Error, CustomStringConvertible, Sendable {
    /// One line for the operator.
    public var description: String
}
