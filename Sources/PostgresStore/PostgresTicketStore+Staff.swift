package import Foundation
package import IVREngine
import PostgresNIO
package import TicketStore
package import WorkingDays

/// The console's tables in PostgreSQL: staff accounts, sessions, the listen audit and the work queue, with the
/// same columns and text encodings as the SQLite store, so one console (`ivr console --store postgres://…`) serves
/// the staff of every node's tickets and recordings. Each call here is one statement or one transaction.
extension PostgresTicketStore: StaffStoring {
    // MARK: - Accounts

    package func addStaff(name: String, role: StaffRole, passwordHash: String, at: Date) throws {
        guard StaffAccount.isAcceptableName(name) else { throw StaffAccountError.unacceptable(name) }
        let stamp = timestamp(at)
        let inserted: Bool
        do {
            inserted = try link.query("""
                INSERT INTO staff (name, role, password_hash, created_at) VALUES (\(name), \(role.rawValue), \(passwordHash), \(stamp))
                ON CONFLICT (name) DO NOTHING RETURNING name
                """).first(where: { _ in true }) != nil
        } catch {
            throw postgresError(error, url: link.url, action: "cannot add staff account \(name)")
        }
        if !inserted { throw StaffAccountError.taken(name) }
    }

    package func staff(name: String) throws -> StaffAccount? {
        do {
            return try link.query("SELECT name, role, password_hash, created_at, disabled FROM staff WHERE name = \(name)")
                .compactMap(Self.account).first
        } catch {
            throw postgresError(error, url: link.url, action: "cannot read staff account \(name)")
        }
    }

    package func staffAccounts() throws -> [StaffAccount] {
        do {
            // COLLATE "C": names in code point order, as SQLite's BINARY collation sorts them.
            return try link.query("SELECT name, role, password_hash, created_at, disabled FROM staff ORDER BY name COLLATE \"C\"")
                .compactMap(Self.account)
        } catch {
            throw postgresError(error, url: link.url, action: "cannot list staff accounts")
        }
    }

    @discardableResult
    package func setStaffPassword(name: String, passwordHash: String) throws -> Bool {
        do {
            return try link.transaction { c -> Bool in
                let changed = try c.query("UPDATE staff SET password_hash = \(passwordHash) WHERE name = \(name) RETURNING name", logger: logger)
                    .waitBounded().first(where: { _ in true }) != nil
                // A new password ends every session of the account.
                _ = try c.query("DELETE FROM staff_session WHERE staff_name = \(name)", logger: logger).waitBounded()
                return changed
            }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot change the password of \(name)")
        }
    }

    private static func account(_ row: PostgresRow) throws -> StaffAccount? {
        let (name, role, hash, created, disabled) = try row.decode((String, String, String, String, Int).self)
        guard let r = StaffRole(rawValue: role) else { return nil }
        return StaffAccount.make(name: name, role: r, passwordHash: hash, createdAt: created, disabled: disabled != 0)
    }

    // MARK: - Sessions

    package func createSession(tokenHash: String, staffName: String, csrf: String, at: Date, expiresAt: Date) throws {
        let stamp = timestamp(at), now = at.timeIntervalSince1970, expiry = expiresAt.timeIntervalSince1970
        do {
            try link.transaction { c in
                _ = try c.query("DELETE FROM staff_session WHERE expires_at <= \(now)", logger: logger).waitBounded()
                _ = try c.query("""
                    INSERT INTO staff_session (token_hash, staff_name, csrf, created_at, expires_at)
                    VALUES (\(tokenHash), \(staffName), \(csrf), \(stamp), \(expiry))
                    """, logger: logger).waitBounded()
            }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot start a session for \(staffName)")
        }
    }

    package func session(tokenHash: String, now: Date) throws -> StaffSessionRecord? {
        let t = now.timeIntervalSince1970
        do {
            guard let row = try link.query("""
                SELECT s.staff_name, s.csrf, s.expires_at, a.role FROM staff_session s JOIN staff a ON a.name = s.staff_name
                WHERE s.token_hash = \(tokenHash) AND s.expires_at > \(t) AND a.disabled = 0
                """).first(where: { _ in true }) else { return nil }
            let (name, csrf, expires, role) = try row.decode((String, String, Double, String).self)
            guard let r = StaffRole(rawValue: role) else { return nil }
            return StaffSessionRecord.make(staffName: name, role: r, csrf: csrf, expiresAt: Date(timeIntervalSince1970: expires))
        } catch {
            throw postgresError(error, url: link.url, action: "cannot read a session")
        }
    }

    package func deleteSession(tokenHash: String) throws {
        do {
            _ = try link.query("DELETE FROM staff_session WHERE token_hash = \(tokenHash)")
        } catch {
            throw postgresError(error, url: link.url, action: "cannot end a session")
        }
    }

    // MARK: - Listen audit

    package func loginFailureCount(key: String, since: Date) throws -> Int {
        let cut = since.timeIntervalSince1970
        do {
            return try link.transaction { c in
                _ = try c.query("DELETE FROM login_failure WHERE key = \(key) AND at < \(cut)", logger: logger).waitBounded()
                return try c.query("SELECT count(*) FROM login_failure WHERE key = \(key)", logger: logger).waitBounded()
                    .first(where: { _ in true })?.decode(Int.self) ?? 0
            }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot read the failed logins")
        }
    }

    package func recordLoginFailure(keys: [String], at: Date, forgettingBefore: Date) throws {
        let stamp = at.timeIntervalSince1970, cut = forgettingBefore.timeIntervalSince1970
        do {
            try link.transaction { c in
                _ = try c.query("DELETE FROM login_failure WHERE at < \(cut)", logger: logger).waitBounded()
                for key in keys { _ = try c.query("INSERT INTO login_failure (key, at) VALUES (\(key), \(stamp))", logger: logger).waitBounded() }
            }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot note a failed login")
        }
    }

    package func clearLoginFailures(keys: [String]) throws {
        do {
            try link.transaction { c in
                for key in keys { _ = try c.query("DELETE FROM login_failure WHERE key = \(key)", logger: logger).waitBounded() }
            }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot clear the failed logins")
        }
    }

    package func recordListen(staffName: String, subject: ListenSubject, ref: String, at: Date) throws {
        let stamp = timestamp(at)
        do {
            _ = try link.query("INSERT INTO listen_audit (at, staff_name, subject, ref) VALUES (\(stamp), \(staffName), \(subject.rawValue), \(ref))")
        } catch {
            throw postgresError(error, url: link.url, action: "cannot audit a listen by \(staffName)")
        }
    }

    package func listens(limit: Int) throws -> [ListenRecord] {
        do {
            return try link.query("SELECT at, staff_name, subject, ref FROM listen_audit ORDER BY id DESC LIMIT \(limit)").map { row in
                let (at, name, subject, ref) = try row.decode((String, String, String, String).self)
                return ListenRecord.make(at: at, staffName: name, subject: ListenSubject(rawValue: subject) ?? .ticket, ref: ref)
            }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot read the listen audit")
        }
    }

    // MARK: - Work queue

    package func openTickets(dueAfter after: CivilDate?, through: CivilDate, kind: TicketKind?, limit: Int) throws -> [QueueEntry] {
        do {
            return try link.query("""
                SELECT number, kind, caller_number, created_at, due_date, assignee FROM ticket
                WHERE status = 'open' AND due_date <= \(through.description)
                  AND (\(after?.description)::text IS NULL OR due_date > \(after?.description))
                  AND (\(kind?.rawValue)::text IS NULL OR kind = \(kind?.rawValue))
                ORDER BY due_date, seq LIMIT \(limit)
                """).map { row in
                let (number, kind, caller, created, due, assignee) = try row.decode((String, String, String?, String, String, String?).self)
                return QueueEntry.make(number: number, kind: TicketKind(rawValue: kind) ?? .voicemail, callerNumber: caller, createdAt: created,
                                       dueDate: CivilDate(iso: due) ?? CivilDate(daysSinceEpoch: 0), assignee: assignee)
            }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot list the work queue")
        }
    }

    package func queueCounts(today: CivilDate, horizon: CivilDate) throws -> QueueCounts {
        let day = today.description, yesterday = today.adding(days: -1).description
        let tomorrow = today.adding(days: 1).description, end = horizon.description
        do {
            // One pass over the open tickets up to the horizon, counted per kind and band.
            let rows = try link.query("""
                SELECT kind,
                       count(*) FILTER (WHERE due_date <= \(yesterday)),
                       count(*) FILTER (WHERE due_date = \(day)),
                       count(*) FILTER (WHERE due_date >= \(tomorrow))
                FROM ticket WHERE status = 'open' AND due_date <= \(end) GROUP BY kind
                """)
            var counts = QueueCounts()
            for kind in TicketKind.allCases {
                counts.overdue[kind] = 0
                counts.dueToday[kind] = 0
                counts.dueSoon[kind] = 0
            }
            for row in rows {
                let (kind, overdue, dueToday, dueSoon) = try row.decode((String, Int, Int, Int).self)
                guard let k = TicketKind(rawValue: kind) else { continue }
                counts.overdue[k] = overdue
                counts.dueToday[k] = dueToday
                counts.dueSoon[k] = dueSoon
            }
            return counts
        } catch {
            throw postgresError(error, url: link.url, action: "cannot count the work queue")
        }
    }

    package func queueTicket(number: TicketNumber) throws -> QueueTicket? {
        do {
            // The ticket's columns decode as one tuple; the assignee is read by the same transaction.
            return try link.transaction { c -> QueueTicket? in
                guard let row = try c.query("SELECT \(unescaped: PostgresRowMapping.ticketColumns) FROM ticket WHERE number = \(number.digits)",
                                            logger: logger).waitBounded().first(where: { _ in true }) else { return nil }
                let info = try PostgresRowMapping.ticket(row)
                let assignee = try c.query("SELECT assignee FROM ticket WHERE number = \(number.digits)", logger: logger).waitBounded()
                    .first(where: { _ in true })?.decode(String?.self) ?? nil
                return QueueTicket.make(info: info, assignee: assignee)
            }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot read ticket \(number)")
        }
    }

    @discardableResult
    package func assign(number: TicketNumber, to assignee: String, actor: String, at: Date) throws -> Bool {
        let stamp = timestamp(at)
        do {
            return try link.transaction { c -> Bool in
                guard let row = try c.query("SELECT id, status, assignee FROM ticket WHERE number = \(number.digits) FOR UPDATE", logger: logger)
                    .waitBounded().first(where: { _ in true }) else { return false }
                let (id, status, before) = try row.decode((String, String, String?).self)
                _ = try c.query("UPDATE ticket SET assignee = \(assignee) WHERE id = \(id)", logger: logger).waitBounded()
                let note = "reassigned from \(before ?? "nobody") to \(assignee)"
                _ = try c.query("""
                    INSERT INTO ticket_event (ticket_id, at, from_status, to_status, note, actor)
                    VALUES (\(id), \(stamp), \(status), \(status), \(note), \(actor))
                    """, logger: logger).waitBounded()
                return true
            }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot reassign ticket \(number)")
        }
    }
}
