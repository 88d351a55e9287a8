public import Foundation
internal import GRDB
public import IVREngine
import WorkingDays

/// PIN lockout across calls: an ID (counted by its keyed hash, whether or not a person has it) that fails
/// ``SQLiteTicketStore/pinFailureLimit`` checks within ``SQLiteTicketStore/pinFailureWindow`` is locked until the
/// next local calendar day of the failing call's "now". The counters are the append-only `identity_audit` table
/// (failures, locks, refusals, successes and unlocks, with the actor), so they survive restarts and are their own
/// audit trail. A success or an unlock starts the count again; so does a lock (after it ends, a fresh count).
extension SQLiteTicketStore {
    /// Failed checks that lock an ID.
    public static let pinFailureLimit = 5
    /// The window in which failed checks are counted.
    public static let pinFailureWindow: TimeInterval = 24 * 3600

    /// Checks an ID number and PIN at the call's `now` (never the wall clock), counting failures per ID.
    ///
    /// - Returns: `.verified` with the facts; `.mismatch` (no such ID, or a wrong PIN: the caller is not told which);
    ///   `.locked` when this failure reached the limit or the ID is locked until the next day (the PIN is not even
    ///   checked then).
    /// - Throws: ``TicketStorageError`` when the store cannot be read or written, or the person's PIN is stored in
    ///   the old one-pass format that the seeding code could not upgrade.
    public func verifyIdentity(idNumber: String, pin: String, at now: Date) throws -> IdentityCheckResult {
        guard let id = ChineseIDNumber.normalized(idNumber), (4...12).contains(pin.count),
              pin.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return .mismatch  // the machine never sends these: a typo is re-asked, not checked
        }
        let idHash = PINHash.idHash(key: key, idNumber: id)
        let person: DemoPersonRecord?
        do {
            if try pool.read({ db in try Self.activeLock(db, idHash: idHash, now: now) }) != nil {
                try record(idHash: idHash, event: .refused, at: now)
                return .locked
            }
            person = try pool.read { db in
                try DemoPersonRecord.fetchOne(db, sql: "SELECT * FROM demo_person WHERE id_hash = ?", arguments: [idHash])
            }
        } catch let error as TicketStorageError {
            throw error
        } catch {
            throw storageError(error, path: databasePath, action: "cannot read the identity records")
        }
        // The slow derivation runs outside the write lock, and also for an unknown ID (same cost, no hint).
        var matched = false
        if let person {
            let stored = person.pinHash
            guard PINHash.isCurrent(stored) else {
                throw TicketStorageError(.failure, path: databasePath, message: "a person's PIN is stored in the old one-pass HMAC format, which a copied folder gives away; set the PIN again (demo persons are upgraded when the store opens)")
            }
            matched = PINHash.matches(pin: pin, salt: Array(person.pinSalt), stored: stored)
        } else {
            _ = PINHash.stored(pin: pin, salt: PINHash.newSalt())
        }
        var outcome = IdentityAuditEvent.failure
        try write(action: "cannot record an identity check") { db in
            if try Self.activeLock(db, idHash: idHash, now: now) != nil {
                outcome = .refused  // locked by another call while this one derived
            } else if matched {
                outcome = .verified
            } else {
                try self.insert(db, idHash: idHash, event: .failure, at: now)
                let failures = try Self.failureCount(db, idHash: idHash, now: now)
                outcome = failures >= Self.pinFailureLimit ? .locked : .failure
            }
            if outcome != .failure {
                try self.insert(db, idHash: idHash, event: outcome, at: now,
                                until: outcome == .locked ? self.nextLocalDay(after: now) : nil)
            }
        }
        switch outcome {
        case .verified:
            let rawStatus = person!.status
            guard let status = AccountFacts.InsuredStatus(rawValue: rawStatus) else {
                // Never speak a guessed status to the caller: the engine answers a store failure with an apology.
                throw TicketStorageError(.failure, path: databasePath,
                                         message: "demo person has an unknown insured status '\(rawStatus)'; use active, suspended or retired")
            }
            return .verified(AccountFacts(pensionContributionMonths: person!.pensionMonths, pensionBalanceFen: person!.pensionBalanceFen,
                                          medicalBalanceFen: person!.medicalBalanceFen, status: status))
        case .failure: return .mismatch
        default: return .locked
        }
    }

    /// The end of the lock on `idNumber` at `now`, or `nil` when it is not locked.
    public func identityLockedUntil(idNumber: String, at now: Date) throws -> Date? {
        guard let id = ChineseIDNumber.normalized(idNumber) else { return nil }
        let idHash = PINHash.idHash(key: key, idNumber: id)
        do {
            return try pool.read { db in try Self.activeLock(db, idHash: idHash, now: now) }
        } catch {
            throw storageError(error, path: databasePath, action: "cannot read the identity records")
        }
    }

    /// Lifts the lock on `idNumber` and starts its failure count again (audited with `actor` and `note`).
    /// - Returns: whether the ID was locked at `now`.
    @discardableResult
    public func unlockIdentity(idNumber: String, actor: String, note: String = "", at now: Date) throws -> Bool {
        guard let id = ChineseIDNumber.normalized(idNumber) else {
            throw TicketStorageError(.failure, path: databasePath, message: "not a valid ID number (17 digits and a check character)")
        }
        let idHash = PINHash.idHash(key: key, idNumber: id)
        var wasLocked = false
        try write(action: "cannot unlock an ID") { db in
            wasLocked = try Self.activeLock(db, idHash: idHash, now: now) != nil
            try self.insert(db, idHash: idHash, event: .unlocked, at: now, actor: actor, note: note)
        }
        return wasLocked
    }

    /// The identity audit trail of `idNumber`, oldest first.
    public func identityAudit(idNumber: String) throws -> [IdentityAuditEntry] {
        guard let id = ChineseIDNumber.normalized(idNumber) else { return [] }
        let idHash = PINHash.idHash(key: key, idNumber: id)
        do {
            return try pool.read { db in
                try IdentityAuditRecord.fetchAll(db, sql: "SELECT * FROM identity_audit WHERE id_hash = ? ORDER BY id", arguments: [idHash]).map { row in
                    guard let event = IdentityAuditEvent(rawValue: row.event) else {
                        throw TicketStorageError(.failure, path: self.databasePath, message: "identity_audit row \(row.id): unknown event '\(row.event)'")
                    }
                    return IdentityAuditEntry(at: row.at, event: event, actor: row.actor, note: row.note, lockedUntil: row.lockedUntil)
                }
            }
        } catch let error as TicketStorageError {
            throw error
        } catch {
            throw storageError(error, path: databasePath, action: "cannot read the identity audit trail")
        }
    }

    // MARK: - Internals

    /// Local midnight starting the calendar day after `now` (the store's UTC offset).
    func nextLocalDay(after now: Date) -> Date {
        settings.localDateTime(at: now).startOfNextDay.instant
    }

    private func record(idHash: String, event: IdentityAuditEvent, at now: Date) throws {
        try write(action: "cannot record an identity check") { db in try self.insert(db, idHash: idHash, event: event, at: now) }
    }

    private func insert(_ db: Database, idHash: String, event: IdentityAuditEvent, at now: Date, until: Date? = nil,
                        actor: String = "ivr", note: String = "") throws {
        try db.execute(sql: """
            INSERT INTO identity_audit (id_hash, event, at, at_epoch, locked_until, locked_until_epoch, actor, note)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [idHash, event.rawValue, timestamp(now), now.timeIntervalSince1970, until.map(timestamp),
                             until?.timeIntervalSince1970, actor, note])
    }

    /// The newest lock in force at `now` (set at or before `now`, ending after it, not lifted since).
    static func activeLock(_ db: Database, idHash: String, now: Date) throws -> Date? {
        let t = now.timeIntervalSince1970
        let until = try Double.fetchOne(db, sql: """
            SELECT locked_until_epoch FROM identity_audit l
            WHERE l.id_hash = ? AND l.event = 'locked' AND l.at_epoch <= ? AND l.locked_until_epoch > ?
              AND NOT EXISTS (SELECT 1 FROM identity_audit u WHERE u.id_hash = l.id_hash AND u.event = 'unlocked' AND u.id > l.id)
            ORDER BY l.id DESC LIMIT 1
            """, arguments: [idHash, t, t])
        return until.map { Date(timeIntervalSince1970: $0) }
    }

    /// Failures within the window before `now`, since the last success, unlock or lock.
    static func failureCount(_ db: Database, idHash: String, now: Date) throws -> Int {
        let t = now.timeIntervalSince1970
        return try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM identity_audit
            WHERE id_hash = ? AND event = 'failure' AND at_epoch <= ? AND at_epoch > ?
              AND id > COALESCE((SELECT MAX(id) FROM identity_audit WHERE id_hash = ? AND event IN ('verified', 'unlocked', 'locked')), 0)
            """, arguments: [idHash, t, t - pinFailureWindow, idHash]) ?? 0
    }
}

extension Schema {
    /// v2: the identity audit trail that carries the PIN lockout counters.
    static func createIdentityAudit(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE identity_audit (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                id_hash TEXT NOT NULL,                     -- HMAC-SHA256(store key, ID number), hex; never the ID
                event TEXT NOT NULL CHECK (event IN ('failure', 'locked', 'refused', 'verified', 'unlocked')),
                at TEXT NOT NULL,                          -- ISO 8601 local time of the call's injected now
                at_epoch REAL NOT NULL,
                locked_until TEXT,                         -- for 'locked': local midnight of the next day
                locked_until_epoch REAL,
                actor TEXT NOT NULL,                       -- 'ivr' for calls, the operator for unlocks
                note TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX identity_audit_id_hash ON identity_audit(id_hash, id);
            """)
    }
}

/// One kind of identity audit event.
public enum IdentityAuditEvent: String, Sendable, CaseIterable {
    /// A wrong PIN, or an ID no person has.
    case failure
    /// The failure that reached the limit: locked until the next day.
    case locked
    /// A check refused because the ID is locked (the PIN was not checked).
    case refused
    /// A successful check.
    case verified
    /// An operator lifted the lock (`ivr accounts unlock`).
    case unlocked
}

/// One row of an ID's identity audit trail.
public struct IdentityAuditEntry: Sendable, Hashable {
    /// Local time of the event (the call's injected now), ISO 8601 with offset.
    public var at: String
    /// What happened.
    public var event: IdentityAuditEvent
    /// `ivr` for calls, the operator for unlocks.
    public var actor: String
    /// The operator's note (unlocks).
    public var note: String
    /// For `locked`: when the lock ends (local midnight of the next day).
    public var lockedUntil: String?
}
