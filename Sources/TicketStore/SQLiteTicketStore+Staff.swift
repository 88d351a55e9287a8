public import Foundation
internal import GRDB
public import IVREngine
public import WorkingDays

extension SQLiteTicketStore: StaffStoring {
    // MARK: - Accounts

    /// Creates a staff account.
    /// - Throws: ``StaffAccountError`` when the name is taken or not acceptable (1–32 letters, digits, `._-` or
    ///   Chinese characters); ``TicketStorageError`` when the store cannot be written.
    public func addStaff(name: String, role: StaffRole, passwordHash: String, at: Date) throws {
        guard StaffAccount.isAcceptableName(name) else { throw StaffAccountError.unacceptable(name) }
        var taken = false
        try write(action: "cannot add staff account \(name)") { db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM staff WHERE name = ?", arguments: [name]) != nil { taken = true; return }
            try db.execute(sql: "INSERT INTO staff (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [name, role.rawValue, passwordHash, self.timestamp(at)])
        }
        if taken { throw StaffAccountError.taken(name) }
    }

    /// Whether `name` can be a login name (``StaffAccount/isAcceptableName(_:)``).
    public static func isAcceptableStaffName(_ name: String) -> Bool { StaffAccount.isAcceptableName(name) }

    /// The account named `name`, or `nil`.
    public func staff(name: String) throws -> StaffAccount? {
        try read(action: "cannot read staff account \(name)") { db in
            try StaffRow.fetchOne(db, sql: "SELECT * FROM staff WHERE name = ?", arguments: [name]).flatMap(Self.account)
        }
    }

    /// Every account, by name.
    public func staffAccounts() throws -> [StaffAccount] {
        try read(action: "cannot list staff accounts") { db in
            try StaffRow.fetchAll(db, sql: "SELECT * FROM staff ORDER BY name").compactMap(Self.account)
        }
    }

    /// Changes an account's password hash; `false` when there is no such account.
    @discardableResult
    public func setStaffPassword(name: String, passwordHash: String) throws -> Bool {
        var changed = false
        try write(action: "cannot change the password of \(name)") { db in
            try db.execute(sql: "UPDATE staff SET password_hash = ? WHERE name = ?", arguments: [passwordHash, name])
            changed = db.changesCount > 0
            // A new password ends every session of the account.
            try db.execute(sql: "DELETE FROM staff_session WHERE staff_name = ?", arguments: [name])
        }
        return changed
    }

    private static func account(_ row: StaffRow) -> StaffAccount? {
        guard let role = StaffRole(rawValue: row.role) else { return nil }
        return StaffAccount(name: row.name, role: role, passwordHash: row.passwordHash, createdAt: row.createdAt,
                            disabled: row.disabled != 0)
    }

    // MARK: - Sessions

    /// Stores a new session (the SHA-256 of its token, never the token).
    public func createSession(tokenHash: String, staffName: String, csrf: String, at: Date, expiresAt: Date) throws {
        try write(action: "cannot start a session for \(staffName)") { db in
            try db.execute(sql: "DELETE FROM staff_session WHERE expires_at <= ?", arguments: [at.timeIntervalSince1970])
            try db.execute(sql: "INSERT INTO staff_session (token_hash, staff_name, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [tokenHash, staffName, csrf, self.timestamp(at), expiresAt.timeIntervalSince1970])
        }
    }

    /// The live session with this token hash at `now`: `nil` when unknown, expired, or its account is disabled.
    public func session(tokenHash: String, now: Date) throws -> StaffSessionRecord? {
        try read(action: "cannot read a session") { db in
            guard let row = try StaffSessionRow.fetchOne(db, sql: """
                SELECT s.staff_name, s.csrf, s.expires_at, a.role FROM staff_session s JOIN staff a ON a.name = s.staff_name
                WHERE s.token_hash = ? AND s.expires_at > ? AND a.disabled = 0
                """, arguments: [tokenHash, now.timeIntervalSince1970]),
                  let role = StaffRole(rawValue: row.role) else { return nil }
            return StaffSessionRecord(staffName: row.staffName, role: role, csrf: row.csrf,
                                      expiresAt: Date(timeIntervalSince1970: row.expiresAt))
        }
    }

    /// Ends a session (logout).
    public func deleteSession(tokenHash: String) throws {
        try write(action: "cannot end a session") { db in
            try db.execute(sql: "DELETE FROM staff_session WHERE token_hash = ?", arguments: [tokenHash])
        }
    }

    // MARK: - Listen audit

    /// Records that `staffName` listened to a recording.
    public func loginFailureCount(key: String, since: Date) throws -> Int {
        var count = 0
        try write(action: "cannot read the failed logins") { db in
            try db.execute(sql: "DELETE FROM login_failure WHERE key = ? AND at < ?", arguments: [key, since.timeIntervalSince1970])
            count = try Int.fetchOne(db, sql: "SELECT count(*) FROM login_failure WHERE key = ?", arguments: [key]) ?? 0
        }
        return count
    }

    public func recordLoginFailure(keys: [String], at: Date, forgettingBefore: Date) throws {
        try write(action: "cannot note a failed login") { db in
            try db.execute(sql: "DELETE FROM login_failure WHERE at < ?", arguments: [forgettingBefore.timeIntervalSince1970])
            for key in keys {
                try db.execute(sql: "INSERT INTO login_failure (key, at) VALUES (?, ?)", arguments: [key, at.timeIntervalSince1970])
            }
        }
    }

    public func clearLoginFailures(keys: [String]) throws {
        try write(action: "cannot clear the failed logins") { db in
            for key in keys { try db.execute(sql: "DELETE FROM login_failure WHERE key = ?", arguments: [key]) }
        }
    }

    public func recordListen(staffName: String, subject: ListenSubject, ref: String, at: Date) throws {
        try write(action: "cannot audit a listen by \(staffName)") { db in
            try db.execute(sql: "INSERT INTO listen_audit (at, staff_name, subject, ref) VALUES (?, ?, ?, ?)",
                           arguments: [self.timestamp(at), staffName, subject.rawValue, ref])
        }
    }

    /// The listen audit, newest first.
    public func listens(limit: Int) throws -> [ListenRecord] {
        try read(action: "cannot read the listen audit") { db in
            try ListenRow.fetchAll(db, sql: "SELECT * FROM listen_audit ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
                ListenRecord(at: $0.at, staffName: $0.staffName, subject: ListenSubject(rawValue: $0.subject) ?? .ticket, ref: $0.ref)
            }
        }
    }

    // MARK: - Work queue

    /// Open tickets due on or before `through`, by due date then number, at most `limit`.
    /// - Parameters:
    ///   - after: only tickets due strictly after this date (`nil`: no lower bound).
    ///   - kind: only this kind.
    public func openTickets(dueAfter after: CivilDate?, through: CivilDate, kind: TicketKind?, limit: Int) throws -> [QueueEntry] {
        var sql = "SELECT number, kind, caller_number, created_at, due_date, assignee FROM ticket WHERE status = 'open' AND due_date <= ?"
        var args: [(any DatabaseValueConvertible)?] = [through.description]
        if let after { sql += " AND due_date > ?"; args.append(after.description) }
        if let kind { sql += " AND kind = ?"; args.append(kind.rawValue) }
        sql += " ORDER BY due_date, seq LIMIT ?"
        args.append(limit)
        let query = sql, arguments = StatementArguments(args)
        return try read(action: "cannot list the work queue") { db in
            try QueueRow.fetchAll(db, sql: query, arguments: arguments).map { row in
                QueueEntry(number: row.number, kind: TicketKind(rawValue: row.kind) ?? .voicemail, callerNumber: row.callerNumber,
                           createdAt: row.createdAt, dueDate: CivilDate(iso: row.dueDate) ?? CivilDate(daysSinceEpoch: 0),
                           assignee: row.assignee)
            }
        }
    }

    /// Counts of open tickets overdue on `today`, due `today`, and due after it through `horizon`, per kind
    /// (nine range counts on the `(status, kind, due_date)` index).
    public func queueCounts(today: CivilDate, horizon: CivilDate) throws -> QueueCounts {
        try read(action: "cannot count the work queue") { db in
            var counts = QueueCounts()
            let sql = "SELECT COUNT(*) FROM ticket WHERE status = 'open' AND kind = ? AND due_date >= ? AND due_date <= ?"
            let day = today.description
            for kind in TicketKind.allCases {
                counts.overdue[kind] = try Int.fetchOne(db, sql: sql, arguments: [kind.rawValue, "", today.adding(days: -1).description]) ?? 0
                counts.dueToday[kind] = try Int.fetchOne(db, sql: sql, arguments: [kind.rawValue, day, day]) ?? 0
                counts.dueSoon[kind] = try Int.fetchOne(db, sql: sql, arguments: [kind.rawValue, today.adding(days: 1).description,
                                                                                   horizon.description]) ?? 0
            }
            return counts
        }
    }

    /// One ticket with its assignee, or `nil`.
    public func queueTicket(number: TicketNumber) throws -> QueueTicket? {
        try read(action: "cannot read ticket \(number)") { db in
            guard let info = try TicketRow.fetchOne(db, sql: "SELECT * FROM ticket WHERE number = ?", arguments: [number.digits]) else {
                return nil
            }
            let assignee = try String.fetchOne(db, sql: "SELECT assignee FROM ticket WHERE number = ?", arguments: [number.digits])
            return QueueTicket(info: info, assignee: assignee)
        }
    }

    /// Assigns a ticket to a staff member and appends the change to its audit trail, in one transaction.
    /// - Returns: `false` when no ticket has that number.
    @discardableResult
    public func assign(number: TicketNumber, to assignee: String, actor: String, at: Date) throws -> Bool {
        var found = false
        try write(action: "cannot reassign ticket \(number)") { db in
            guard let row = try AssignmentRow.fetchOne(db, sql: "SELECT id, status, assignee FROM ticket WHERE number = ?",
                                                       arguments: [number.digits]) else { return }
            found = true
            let id = row.id, status = row.status, before = row.assignee
            try db.execute(sql: "UPDATE ticket SET assignee = ? WHERE id = ?", arguments: [assignee, id])
            try db.execute(sql: "INSERT INTO ticket_event (ticket_id, at, from_status, to_status, note, actor) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [id, self.timestamp(at), status, status,
                                       "reassigned from \(before ?? "nobody") to \(assignee)", actor])
        }
        return found
    }

    func read<T>(action: String, _ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch { throw storageError(error, path: databasePath, action: action) }
    }
}
