public import Foundation
public import IVREngine
public import WorkingDays

/// What the staff console keeps in the ticket store: staff accounts, their sessions, the audit of every listen to
/// a recording, and the work queue with its assignments. Conformed to by ``SQLiteTicketStore`` (one machine) and
/// by `PostgresStore.PostgresTicketStore` (the console of a cluster sees every node's tickets). Each call is one
/// transaction; failures are thrown as ``TicketStorageError`` (or ``StaffAccountError`` for a refused account).
public protocol StaffStoring: Sendable {
    /// Creates a staff account.
    /// - Throws: ``StaffAccountError`` when the name is taken or not acceptable (``StaffAccount/isAcceptableName(_:)``).
    func addStaff(name: String, role: StaffRole, passwordHash: String, at: Date) throws
    /// The account named `name`, or `nil`.
    func staff(name: String) throws -> StaffAccount?
    /// Every account, by name.
    func staffAccounts() throws -> [StaffAccount]
    /// Changes an account's password hash and ends its sessions; `false` when there is no such account.
    @discardableResult
    func setStaffPassword(name: String, passwordHash: String) throws -> Bool

    /// Stores a new session (the SHA-256 of its token, never the token); sessions expired at `at` are removed.
    func createSession(tokenHash: String, staffName: String, csrf: String, at: Date, expiresAt: Date) throws
    /// The live session with this token hash at `now`: `nil` when unknown, expired, or its account is disabled.
    func session(tokenHash: String, now: Date) throws -> StaffSessionRecord?
    /// Ends a session (logout).
    func deleteSession(tokenHash: String) throws

    /// Failed logins noted for `key` (an account name or a client address) at or after `since`; older ones are
    /// forgotten. Kept in the store, so every console on it counts the same failures.
    func loginFailureCount(key: String, since: Date) throws -> Int
    /// Notes one failed login for each of `keys`, and forgets every key's failures before `forgettingBefore`.
    func recordLoginFailure(keys: [String], at: Date, forgettingBefore: Date) throws
    /// Forgets the failed logins of `keys` (after a successful login).
    func clearLoginFailures(keys: [String]) throws

    /// Records that `staffName` listened to a recording.
    func recordListen(staffName: String, subject: ListenSubject, ref: String, at: Date) throws
    /// The listen audit, newest first, at most `limit` entries.
    func listens(limit: Int) throws -> [ListenRecord]

    /// Open tickets due on or before `through` (and strictly after `after` when given), of `kind` when given, by
    /// due date then number, at most `limit`.
    func openTickets(dueAfter after: CivilDate?, through: CivilDate, kind: TicketKind?, limit: Int) throws -> [QueueEntry]
    /// Counts of open tickets overdue on `today`, due `today`, and due after it through `horizon`, per kind.
    func queueCounts(today: CivilDate, horizon: CivilDate) throws -> QueueCounts
    /// One ticket with its assignee, or `nil`.
    func queueTicket(number: TicketNumber) throws -> QueueTicket?
    /// Assigns a ticket to a staff member and appends the change to its audit trail, in one transaction.
    /// - Returns: `false` when no ticket has that number.
    @discardableResult
    func assign(number: TicketNumber, to assignee: String, actor: String, at: Date) throws -> Bool
}

extension StaffStoring {
    /// The listen audit, newest first (the latest 200).
    public func listens() throws -> [ListenRecord] { try listens(limit: 200) }
}

extension StaffAccount {
    /// Whether `name` can be a login name: 1–32 ASCII letters, digits, `.`, `_`, `-` or CJK unified ideographs.
    public static func isAcceptableName(_ name: String) -> Bool {
        (1...32).contains(name.count) && name.unicodeScalars.allSatisfy {
            ($0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)))
                || (0x4E00...0x9FFF).contains($0.value)
        }
    }

    /// An account as read from a store (for other store backends).
    package static func make(name: String, role: StaffRole, passwordHash: String, createdAt: String, disabled: Bool) -> StaffAccount {
        StaffAccount(name: name, role: role, passwordHash: passwordHash, createdAt: createdAt, disabled: disabled)
    }
}

extension StaffSessionRecord {
    /// A session as read from a store (for other store backends).
    package static func make(staffName: String, role: StaffRole, csrf: String, expiresAt: Date) -> StaffSessionRecord {
        StaffSessionRecord(staffName: staffName, role: role, csrf: csrf, expiresAt: expiresAt)
    }
}

extension ListenRecord {
    /// A listen audit entry as read from a store (for other store backends).
    package static func make(at: String, staffName: String, subject: ListenSubject, ref: String) -> ListenRecord {
        ListenRecord(at: at, staffName: staffName, subject: subject, ref: ref)
    }
}

extension QueueEntry {
    /// A work queue row as read from a store (for other store backends).
    package static func make(number: String, kind: TicketKind, callerNumber: String?, createdAt: String, dueDate: CivilDate,
                             assignee: String?) -> QueueEntry {
        QueueEntry(number: number, kind: kind, callerNumber: callerNumber, createdAt: createdAt, dueDate: dueDate, assignee: assignee)
    }
}

extension QueueTicket {
    /// A ticket with its assignee (for other store backends).
    package static func make(info: TicketInfo, assignee: String?) -> QueueTicket { QueueTicket(info: info, assignee: assignee) }
}

extension StaffAccountError {
    /// The name is not acceptable as a login name.
    package static func unacceptable(_ name: String) -> StaffAccountError {
        StaffAccountError(description: "staff name '\(name)' is not acceptable: use 1-32 letters, digits, '.', '_' or '-'")
    }

    /// An account with that name exists.
    package static func taken(_ name: String) -> StaffAccountError {
        StaffAccountError(description: "a staff account named '\(name)' already exists")
    }
}
