import Hummingbird
import TicketStore

/// What a page or action needs. Each role has a fixed set (see ``StaffRole/permissions``).
enum Permission: String, Sendable, CaseIterable {
    /// The work queue, ticket pages, their voice messages, and ticket actions.
    case tickets
    /// Reports and their figures.
    case reports
    /// QA sampling and scoring.
    case qa
    /// Line state, and switching a line closed or open.
    case line
    /// Listening to prompt and call recordings.
    case recordings
    /// Installing and rolling back prompt recordings.
    case managePrompts
    /// Staff accounts.
    case accounts
}

extension StaffRole {
    /// 咨询员: tickets. 监督员: tickets, reports, QA, line, recordings. 管理员: everything, with accounts and prompts.
    var permissions: Set<Permission> {
        switch self {
        case .agent: [.tickets]
        case .supervisor: [.tickets, .reports, .qa, .line, .recordings]
        case .admin: Set(Permission.allCases)
        }
    }
}

extension ConsoleContext {
    /// The session when its role has `permission`.
    /// - Throws: ``ConsoleError/notLoggedIn`` (GET: a redirect to the login page) or ``ConsoleError/forbidden``.
    func require(_ permission: Permission) throws -> StaffSessionRecord {
        guard let session else { throw ConsoleError.notLoggedIn }
        guard session.role.permissions.contains(permission) else { throw ConsoleError.forbidden }
        return session
    }
}
