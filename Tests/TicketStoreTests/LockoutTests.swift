import Foundation
internal import GRDB
import IVREngine
import Testing
@testable import TicketStore
import WorkingDays

/// PIN lockout across calls and the slow PIN hash (issue 11, security); the lockout on both store backends
/// (on PostgreSQL the counters are shared by every node).
struct LockoutTests {
    static let demoID = "11010519870412006X"
    static let demoPIN = "958473"
    static let facts = AccountFacts(pensionContributionMonths: 156, pensionBalanceFen: 8_642_137, medicalBalanceFen: 312_058, status: .active)

    static func at(_ iso: String) -> Date { LocalDateTime(iso8601: iso)!.instant }

    @Test(arguments: Backend.allCases) func fiveFailuresInADayLockTheIDUntilTheNextLocalDay(backend: Backend) throws {
        let store = try openStore(temporaryFolder(), backend: backend)
        let times = ["2025-09-26T10:00:00+08:00", "2025-09-26T10:01:00+08:00", "2025-09-26T12:00:00+08:00",
                     "2025-09-26T18:00:00+08:00"]
        for t in times { #expect(try store.verifyIdentity(idNumber: Self.demoID, pin: "000000", at: Self.at(t)) == .mismatch) }
        // The fifth failure locks: the caller hears the mismatch sentence and where to get help.
        #expect(try store.verifyIdentity(idNumber: Self.demoID, pin: "111111", at: Self.at("2025-09-26T20:00:00+08:00")) == .locked)
        // Even the right PIN is refused until local midnight …
        #expect(try store.verifyIdentity(idNumber: Self.demoID, pin: Self.demoPIN, at: Self.at("2025-09-26T23:59:59+08:00")) == .locked)
        #expect(try store.identityLockedUntil(idNumber: Self.demoID, at: Self.at("2025-09-26T21:00:00+08:00"))
                == Self.at("2025-09-27T00:00:00+08:00"))
        // … and accepted on the next day.
        #expect(try store.verifyIdentity(idNumber: Self.demoID, pin: Self.demoPIN, at: Self.at("2025-09-27T00:00:00+08:00")) == .verified(Self.facts))
        let events = try store.identityAudit(idNumber: Self.demoID).map(\.event)
        #expect(events == [.failure, .failure, .failure, .failure, .failure, .locked, .refused, .verified])
        let lock = try #require(try store.identityAudit(idNumber: Self.demoID).first { $0.event == .locked })
        #expect(lock.lockedUntil == "2025-09-27T00:00:00+08:00")
        #expect(lock.at == "2025-09-26T20:00:00+08:00")
    }

    @Test(arguments: Backend.allCases) func failuresOlderThan24HoursDoNotCount(backend: Backend) throws {
        let store = try openStore(temporaryFolder(), backend: backend)
        for t in ["2025-09-25T09:00:00+08:00", "2025-09-25T09:01:00+08:00", "2025-09-25T09:02:00+08:00", "2025-09-25T09:03:00+08:00"] {
            #expect(try store.verifyIdentity(idNumber: Self.demoID, pin: "000000", at: Self.at(t)) == .mismatch)
        }
        // More than 24 h after all four: they no longer count; four new failures do not lock, the fifth does.
        for t in ["2025-09-26T09:04:00+08:00", "2025-09-26T09:05:00+08:00", "2025-09-26T09:06:00+08:00", "2025-09-26T09:07:00+08:00"] {
            #expect(try store.verifyIdentity(idNumber: Self.demoID, pin: "000000", at: Self.at(t)) == .mismatch)
        }
        #expect(try store.verifyIdentity(idNumber: Self.demoID, pin: "000000", at: Self.at("2025-09-26T09:08:00+08:00")) == .locked)
    }

    /// Five failures spread over two calendar days but within 24 hours lock.
    @Test(arguments: Backend.allCases) func failuresAcrossMidnightWithin24HoursCount(backend: Backend) throws {
        let store = try openStore(temporaryFolder(), backend: backend)
        for t in ["2025-09-25T22:00:00+08:00", "2025-09-25T23:00:00+08:00", "2025-09-26T01:00:00+08:00", "2025-09-26T08:00:00+08:00"] {
            #expect(try store.verifyIdentity(idNumber: Self.demoID, pin: "000000", at: Self.at(t)) == .mismatch)
        }
        #expect(try store.verifyIdentity(idNumber: Self.demoID, pin: "000000", at: Self.at("2025-09-26T21:59:00+08:00")) == .locked)
        #expect(try store.identityLockedUntil(idNumber: Self.demoID, at: Self.at("2025-09-26T22:00:00+08:00")) == Self.at("2025-09-27T00:00:00+08:00"))
    }

    @Test(arguments: Backend.allCases) func aSuccessStartsTheCountAgain(backend: Backend) throws {
        let store = try openStore(temporaryFolder(), backend: backend)
        for _ in 0..<4 { #expect(try store.verifyIdentity(idNumber: Self.demoID, pin: "000000", at: fridayMorning) == .mismatch) }
        #expect(try store.verifyIdentity(idNumber: Self.demoID, pin: Self.demoPIN, at: fridayMorning) == .verified(Self.facts))
        for _ in 0..<4 { #expect(try store.verifyIdentity(idNumber: Self.demoID, pin: "000000", at: fridayMorning) == .mismatch) }
        #expect(try store.verifyIdentity(idNumber: Self.demoID, pin: "000000", at: fridayMorning) == .locked)
    }

    /// An ID no person has counts and locks the same way: the caller cannot learn whether it exists.
    @Test(arguments: Backend.allCases) func anUnknownIDLocksTheSameWay(backend: Backend) throws {
        let store = try openStore(temporaryFolder(), backend: backend)
        let unknown = "110105199001011232"
        #expect(ChineseIDNumber.normalized(unknown) != nil)
        for _ in 0..<4 { #expect(try store.verifyIdentity(idNumber: unknown, pin: "123456", at: fridayMorning) == .mismatch) }
        #expect(try store.verifyIdentity(idNumber: unknown, pin: "123456", at: fridayMorning) == .locked)
        #expect(try store.verifyIdentity(idNumber: unknown, pin: "123456", at: fridayMorning.addingTimeInterval(60)) == .locked)
        // Other IDs are not affected.
        #expect(try store.verifyIdentity(idNumber: Self.demoID, pin: Self.demoPIN, at: fridayMorning) == .verified(Self.facts))
    }

    /// The counters are rows in the database: a restart (a new store on the same folder) keeps them.
    @Test(arguments: Backend.allCases) func countersSurviveARestart(backend: Backend) throws {
        let dir = temporaryFolder()
        for i in 0..<4 {
            let store = try openStore(dir, backend: backend)
            #expect(try store.verifyIdentity(idNumber: Self.demoID, pin: "00000\(i)", at: fridayMorning) == .mismatch)
        }
        #expect(try openStore(dir, backend: backend).verifyIdentity(idNumber: Self.demoID, pin: "999999", at: fridayMorning) == .locked)
        #expect(try openStore(dir, backend: backend).verifyIdentity(idNumber: Self.demoID, pin: Self.demoPIN, at: fridayMorning) == .locked)
    }

    @Test(arguments: Backend.allCases) func anUnlockLiftsTheLockAndIsAudited(backend: Backend) throws {
        let store = try openStore(temporaryFolder(), backend: backend)
        for _ in 0..<5 { _ = try store.verifyIdentity(idNumber: Self.demoID, pin: "000000", at: fridayMorning) }
        #expect(try store.unlockIdentity(idNumber: Self.demoID.lowercased(), actor: "li", note: "caller came to the window", at: fridayMorning))
        #expect(try store.identityLockedUntil(idNumber: Self.demoID, at: fridayMorning) == nil)
        #expect(try store.verifyIdentity(idNumber: Self.demoID, pin: Self.demoPIN, at: fridayMorning) == .verified(Self.facts))
        let unlock = try #require(try store.identityAudit(idNumber: Self.demoID).first { $0.event == .unlocked })
        #expect(unlock.actor == "li" && unlock.note == "caller came to the window")
        #expect(try !store.unlockIdentity(idNumber: Self.demoID, actor: "li", at: fridayMorning))
    }

    /// The audit trail holds keyed hashes only: no ID number and no PIN in any file.
    @Test func theAuditTrailHoldsNoIDOrPIN() throws {
        let dir = temporaryFolder()
        let store = try openStore(dir)
        for _ in 0..<6 { _ = try store.verifyIdentity(idNumber: Self.demoID, pin: "246801", at: fridayMorning) }
        var bytes = Data()
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) where name.hasPrefix("ivr.sqlite") {
            bytes += FileManager.default.contents(atPath: dir + "/" + name) ?? Data()
        }
        for secret in [Self.demoID, "110105198704120", "246801"] {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) found in the database")
        }
    }

    /// PINs are stored with PBKDF2-HMAC-SHA256, ≥ 100 000 rounds, salted per person.
    @Test func pinsAreStoredWithASlowSaltedKDF() throws {
        let dir = temporaryFolder()
        _ = try openStore(dir)
        let queue = try DatabaseQueue(path: dir + "/ivr.sqlite")
        let rows = try queue.read { db in try Row.fetchAll(db, sql: "SELECT pin_salt, pin_hash FROM demo_person") }
        #expect(rows.count == DemoPersons.all.count)
        for row in rows {
            let stored: String = row["pin_hash"]
            let parsed = try #require(PINHash.parse(stored))
            #expect(parsed.rounds >= 100_000)
            #expect((row["pin_salt"] as Data).count == 16)
        }
        #expect(Set(rows.map { $0["pin_salt"] as Data }).count == rows.count)
    }

    /// A store made before the KDF (one HMAC pass) is upgraded when it opens: the demo persons are re-hashed.
    @Test func oldFormatDemoRowsAreUpgradedAtOpen() throws {
        let dir = temporaryFolder()
        _ = try openStore(dir)
        let queue = try DatabaseQueue(path: dir + "/ivr.sqlite")
        try queue.write { db in try db.execute(sql: "UPDATE demo_person SET pin_hash = ?", arguments: [String(repeating: "ab", count: 32)]) }
        let store = try openStore(dir)
        #expect(try store.verifyIdentity(idNumber: Self.demoID, pin: Self.demoPIN, at: fridayMorning) == .verified(Self.facts))
        let hashes = try queue.read { db in try String.fetchAll(db, sql: "SELECT pin_hash FROM demo_person") }
        #expect(hashes.allSatisfy(PINHash.isCurrent))
    }

    /// An old-format row that is no demo person cannot be upgraded (its PIN is unknown): a clear error, never a match.
    @Test func anOldFormatRowThatCannotBeUpgradedIsAClearError() throws {
        let dir = temporaryFolder()
        let store = try openStore(dir)
        let other = "110105199001011232"
        let queue = try DatabaseQueue(path: dir + "/ivr.sqlite")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO demo_person (id_hash, pin_salt, pin_hash, pension_months, pension_balance_fen, medical_balance_fen, status)
                VALUES (?, ?, ?, 1, 1, 1, 'active')
                """, arguments: [store.testIDHash(other), Data(count: 16), String(repeating: "cd", count: 32)])
        }
        #expect {
            _ = try store.verifyIdentity(idNumber: other, pin: "123456", at: fridayMorning)
        } throws: { error in
            (error as? TicketStorageError)?.message.contains("old one-pass HMAC format") == true
        }
    }

    /// Known PBKDF2-HMAC-SHA256 answers (computed with Python's hashlib.pbkdf2_hmac).
    @Test(arguments: [
        ("password", "salt", 1, "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"),
        ("password", "salt", 2, "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"),
        ("password", "salt", 4096, "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"),
    ])
    func pbkdf2Vectors(password: String, salt: String, rounds: Int, hex: String) {
        #expect(PINHash.hex(PINHash.pbkdf2(password: Array(password.utf8), salt: Array(salt.utf8), rounds: rounds)) == hex)
    }

    /// The keyed hash of ID numbers is HMAC-SHA256(key, "id:" + ID) (expected value from Python's hmac module).
    @Test func idHashIsHMACSHA256() {
        #expect(PINHash.idHash(key: Array("Jefe".utf8), idNumber: Self.demoID) == "21ef515fe4f26c09c9a92fbd119f0c9960c40d380d32dadc962487ec01c9a4cc")
    }
}

extension SQLiteTicketStore {
    /// The keyed hash of an ID in this store (tests only).
    func testIDHash(_ id: String) -> String { PINHash.idHash(key: key, idNumber: id) }
}
