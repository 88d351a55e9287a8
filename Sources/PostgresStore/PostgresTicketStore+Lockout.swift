package import Foundation
package import IVREngine
import PostgresNIO
package import TicketStore
import WorkingDays

/// PIN lockout across calls and nodes, as in the SQLite store (`SQLiteTicketStore+Lockout`): the append-only
/// `identity_audit` table in the shared database carries the counters, so a caller cannot spread guesses over
/// nodes. The decision for one ID is serialized across nodes by a transaction-scoped advisory lock on its hash.
extension PostgresTicketStore {
    /// Failed checks that lock an ID (the SQLite store's limit).
    package static var pinFailureLimit: Int { SQLiteTicketStore.pinFailureLimit }
    /// The window in which failed checks are counted.
    package static var pinFailureWindow: TimeInterval { SQLiteTicketStore.pinFailureWindow }

    package func verifyIdentity(idNumber: String, pin: String, at now: Date) throws -> IdentityCheckResult {
        guard let id = ChineseIDNumber.normalized(idNumber), (4...12).contains(pin.count),
              pin.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return .mismatch
        }
        let idHash = PINHash.idHash(key: key, idNumber: id)
        let person: (Data, String, Int, Int64, Int64, String)?
        do {
            if try link.withConnection({ c in try activeLock(c, idHash: idHash, now: now) }) != nil {
                try link.transaction { c in try insert(c, idHash: idHash, event: .refused, at: now) }
                return .locked
            }
            person = try link.query("""
                SELECT pin_salt, pin_hash, pension_months, pension_balance_fen, medical_balance_fen, status
                FROM demo_person WHERE id_hash = \(idHash)
                """).first(where: { _ in true }).map { try $0.decode((Data, String, Int, Int64, Int64, String).self) }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot read the identity records")
        }
        // The slow derivation runs outside any transaction, and also for an unknown ID (same cost, no hint).
        var matched = false
        if let person {
            guard PINHash.isCurrent(person.1) else {
                throw TicketStorageError(.failure, path: link.url.redacted, message: "a person's PIN is stored in an old format; set the PIN again")
            }
            matched = PINHash.matches(pin: pin, salt: Array(person.0), stored: person.1)
        } else {
            _ = PINHash.stored(pin: pin, salt: PINHash.newSalt())
        }
        let limit = Self.pinFailureLimit
        let outcome: IdentityAuditEvent
        do {
            outcome = try link.transaction { c -> IdentityAuditEvent in
                // One decision at a time per ID, across every node.
                _ = try c.query("SELECT pg_advisory_xact_lock(hashtext(\(idHash)))", logger: logger).waitBounded()
                var outcome = IdentityAuditEvent.failure
                if try activeLock(c, idHash: idHash, now: now) != nil {
                    outcome = .refused
                } else if matched {
                    outcome = .verified
                } else {
                    try insert(c, idHash: idHash, event: .failure, at: now)
                    outcome = try failureCount(c, idHash: idHash, now: now) >= limit ? .locked : .failure
                }
                if outcome != .failure {
                    try insert(c, idHash: idHash, event: outcome, at: now, until: outcome == .locked ? nextLocalDay(after: now) : nil)
                }
                return outcome
            }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot record an identity check")
        }
        switch outcome {
        case .verified:
            let (_, _, months, pension, medical, rawStatus) = person!
            guard let status = AccountFacts.InsuredStatus(rawValue: rawStatus) else {
                throw TicketStorageError(.failure, path: link.url.redacted,
                                         message: "demo person has an unknown insured status '\(rawStatus)'; use active, suspended or retired")
            }
            return .verified(AccountFacts(pensionContributionMonths: months, pensionBalanceFen: pension, medicalBalanceFen: medical, status: status))
        case .failure: return .mismatch
        default: return .locked
        }
    }

    package func identityLockedUntil(idNumber: String, at now: Date) throws -> Date? {
        guard let id = ChineseIDNumber.normalized(idNumber) else { return nil }
        let idHash = PINHash.idHash(key: key, idNumber: id)
        do {
            return try link.withConnection { c in try activeLock(c, idHash: idHash, now: now) }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot read the identity records")
        }
    }

    @discardableResult
    package func unlockIdentity(idNumber: String, actor: String, note: String, at now: Date) throws -> Bool {
        guard let id = ChineseIDNumber.normalized(idNumber) else {
            throw TicketStorageError(.failure, path: link.url.redacted, message: "not a valid ID number (17 digits and a check character)")
        }
        let idHash = PINHash.idHash(key: key, idNumber: id)
        do {
            return try link.transaction { c -> Bool in
                _ = try c.query("SELECT pg_advisory_xact_lock(hashtext(\(idHash)))", logger: logger).waitBounded()
                let wasLocked = try activeLock(c, idHash: idHash, now: now) != nil
                try insert(c, idHash: idHash, event: .unlocked, at: now, actor: actor, note: note)
                return wasLocked
            }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot unlock an ID")
        }
    }

    package func identityAudit(idNumber: String) throws -> [IdentityAuditEntry] {
        guard let id = ChineseIDNumber.normalized(idNumber) else { return [] }
        let idHash = PINHash.idHash(key: key, idNumber: id)
        do {
            return try link.query("""
                SELECT id, at, event, actor, note, locked_until FROM identity_audit WHERE id_hash = \(idHash) ORDER BY id
                """).map { row in
                let (rowID, at, raw, actor, note, until) = try row.decode((Int64, String, String, String, String, String?).self)
                guard let event = IdentityAuditEvent(rawValue: raw) else {
                    throw TicketStorageError(.failure, path: link.url.redacted, message: "identity_audit row \(rowID): unknown event '\(raw)'")
                }
                return IdentityAuditEntry.make(at: at, event: event, actor: actor, note: note, lockedUntil: until)
            }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot read the identity audit trail")
        }
    }

    // MARK: - Internals

    /// Local midnight starting the calendar day after `now` (the store's UTC offset).
    func nextLocalDay(after now: Date) -> Date {
        settings.localDateTime(at: now).startOfNextDay.instant
    }

    private func insert(_ c: PostgresConnection, idHash: String, event: IdentityAuditEvent, at now: Date, until: Date? = nil,
                        actor: String = "ivr", note: String = "") throws {
        _ = try c.query("""
            INSERT INTO identity_audit (id_hash, event, at, at_epoch, locked_until, locked_until_epoch, actor, note)
            VALUES (\(idHash), \(event.rawValue), \(timestamp(now)), \(now.timeIntervalSince1970), \(until.map(timestamp)),
                    \(until?.timeIntervalSince1970), \(actor), \(note))
            """, logger: logger).waitBounded()
    }

    /// The newest lock in force at `now` (set at or before `now`, ending after it, not lifted since).
    private func activeLock(_ c: PostgresConnection, idHash: String, now: Date) throws -> Date? {
        let t = now.timeIntervalSince1970
        return try c.query("""
            SELECT locked_until_epoch FROM identity_audit l
            WHERE l.id_hash = \(idHash) AND l.event = 'locked' AND l.at_epoch <= \(t) AND l.locked_until_epoch > \(t)
              AND NOT EXISTS (SELECT 1 FROM identity_audit u WHERE u.id_hash = l.id_hash AND u.event = 'unlocked' AND u.id > l.id)
            ORDER BY l.id DESC LIMIT 1
            """, logger: logger).waitBounded().first(where: { _ in true }).map { Date(timeIntervalSince1970: try $0.decode(Double.self)) }
    }

    /// Failures within the window before `now`, since the last success, unlock or lock.
    private func failureCount(_ c: PostgresConnection, idHash: String, now: Date) throws -> Int {
        let t = now.timeIntervalSince1970
        let from = t - Self.pinFailureWindow
        return try c.query("""
            SELECT count(*) FROM identity_audit
            WHERE id_hash = \(idHash) AND event = 'failure' AND at_epoch <= \(t) AND at_epoch > \(from)
              AND id > COALESCE((SELECT max(id) FROM identity_audit WHERE id_hash = \(idHash) AND event IN ('verified', 'unlocked', 'locked')), 0)
            """, logger: logger).waitBounded().first(where: { _ in true })?.decode(Int.self) ?? 0
    }
}
