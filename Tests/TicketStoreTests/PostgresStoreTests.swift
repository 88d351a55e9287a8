import Foundation
import IVREngine
import Logging
import PostgresStore
import PostgresTestServer
import Testing
@testable import TicketStore
import WorkingDays

/// What only the shared PostgreSQL store has to show: nodes starting together, gap-free numbers across
/// connections, an ambiguous commit retried, and what the SQLite-only tests check in SQLite's files (no ID number
/// or PIN in the database, PINs under a slow salted KDF). A server outage and its end are in `ClusterTests`.
struct PostgresStoreTests {
    func open(_ dir: String, url: PostgresURL? = nil, retry: Double? = nil, logger: Logger? = nil) throws -> PostgresTicketStore {
        try PostgresTicketStore(url: url ?? TestPostgres.database(for: dir), dataDirectory: dir, calendar: shippedCalendar, now: fridayMorning,
                                retryInterval: retry, logger: logger ?? Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
    }

    func psql(_ url: PostgresURL, _ sql: String) -> (Int32, String) {
        runCapturing(["psql", "-h", url.host, "-p", String(url.port), "-U", url.user, "-d", url.database, "-v", "ON_ERROR_STOP=1", "-tAc", sql])
    }

    @Test func addressesAreParsedAndPasswordsNeverPrinted() throws {
        let url = try PostgresURL("postgres://ivr:s%40cret@db.example:6543/tickets", environment: [:])
        #expect(url.host == "db.example" && url.port == 6543 && url.user == "ivr" && url.password == "s@cret" && url.database == "tickets")
        #expect(url.redacted == "postgres://ivr:***@db.example:6543/tickets")
        #expect(!"\(url)".contains("cret"))
        #expect(try PostgresURL("postgresql://ivr@127.0.0.1/ivr", environment: ["PGPASSWORD": "pw"]).password == "pw")
        for bad in ["postgres://127.0.0.1/ivr", "postgres://ivr@127.0.0.1", "mysql://ivr@h/db", "postgres://ivr:pw@/db"] {
            let e = #expect(throws: TicketStorageError.self) { try PostgresURL(bad, environment: [:]) }
            #expect(e?.description.contains("pw@") != true, "\(String(describing: e))")
        }
    }

    /// Nodes that start together: one applies the migrations and seeds, the others wait on the advisory lock
    /// and find the work done.
    @Test func storesOpenedConcurrentlyMigrateAndSeedOnce() throws {
        let dirs = (0..<4).map { _ in temporaryFolder("pgnode") }
        let url = try TestPostgres.database(for: dirs[0])
        let box = Locked2<[PostgresTicketStore]>([])
        let errors = Locked2<[String]>([])
        DispatchQueue.concurrentPerform(iterations: dirs.count) { i in
            do {
                let s = try open(dirs[i], url: url)
                box.mutate { $0.append(s) }
            } catch {
                errors.mutate { $0.append("\(error)") }
            }
        }
        #expect(errors.value.isEmpty, "\(errors.value)")
        let stores = box.value
        #expect(stores.count == 4)
        #expect(stores.filter { !$0.migrationsApplied.isEmpty }.count == 1)
        #expect(stores.filter(\.seededDemoPersons).count == 1)
        #expect(psql(url, "SELECT count(*) FROM ivr_migration").1.trimmingCharacters(in: .whitespacesAndNewlines) == "\(PostgresSchema.migrationCount)")
        #expect(psql(url, "SELECT count(*) FROM demo_person").1.trimmingCharacters(in: .whitespacesAndNewlines) == "4")
        // Every node verifies the same person (one shared secret).
        for s in stores {
            #expect(try s.verifyIdentity(idNumber: "11010519870412006X", pin: "958473", at: fridayMorning) != .mismatch)
        }
    }

    /// Guesses spread over nodes count together: 5 failures on two nodes lock the ID on both.
    @Test func pinGuessesSpreadOverNodesLockTheIDEverywhere() throws {
        let dirs = [temporaryFolder("pgnode"), temporaryFolder("pgnode")]
        let url = try TestPostgres.database(for: dirs[0])
        let nodes = try dirs.map { try open($0, url: url) }
        for i in 0..<4 {
            #expect(try nodes[i % 2].verifyIdentity(idNumber: "11010519870412006X", pin: "00000\(i)", at: fridayMorning) == .mismatch)
        }
        #expect(try nodes[0].verifyIdentity(idNumber: "11010519870412006X", pin: "000009", at: fridayMorning) == .locked)
        #expect(try nodes[1].verifyIdentity(idNumber: "11010519870412006X", pin: "958473", at: fridayMorning) == .locked)
        #expect(try nodes[1].identityLockedUntil(idNumber: "11010519870412006X", at: fridayMorning) != nil)
    }

    /// After failed and locked checks the whole database (a data dump) holds no ID number and no PIN, and each
    /// demo PIN is a PBKDF2-HMAC-SHA256 hash of at least 100 000 rounds with a salt of its own.
    @Test func theDatabaseHoldsNoIDOrPINAndPINsUseASlowSaltedKDF() throws {
        let dir = temporaryFolder("pgsecret")
        let url = try TestPostgres.database(for: dir)
        let store = try open(dir, url: url)
        for _ in 0..<6 { _ = try store.verifyIdentity(idNumber: LockoutTests.demoID, pin: "246801", at: fridayMorning) }
        _ = try store.verifyIdentity(idNumber: LockoutTests.demoID, pin: LockoutTests.demoPIN, at: fridayMorning)
        let (status, dump) = runCapturing(["/usr/lib/postgresql/15/bin/pg_dump", "-h", url.host, "-p", String(url.port), "-U", url.user,
                                           "--data-only", url.database])
        #expect(status == 0, "pg_dump: \(dump.prefix(500))")
        #expect(dump.contains("identity_audit") && dump.contains("demo_person"), "the dump must cover the identity tables")
        for secret in [LockoutTests.demoID, "110105198704120", "246801", LockoutTests.demoPIN] {
            #expect(!dump.contains(secret), "\(secret) found in the database")
        }
        let (ok, rows) = psql(url, "SELECT pin_hash || ' ' || encode(pin_salt, 'hex') FROM demo_person")
        #expect(ok == 0)
        let pairs = rows.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(pairs.count == DemoPersons.all.count)
        for pair in pairs {
            let parsed = try #require(PINHash.parse(pair[0]))
            #expect(parsed.rounds >= 100_000)
            #expect(pair[1].count == 32)
        }
        #expect(Set(pairs.map { $0[1] }).count == pairs.count)
    }

    /// A server that does not answer in time (here: another session holds the ticket counter's row for 4 s) fails
    /// the operation within the time limit with one line saying so, instead of hanging the call; the pool then
    /// works again.
    @Test func anOperationPastItsTimeLimitFailsAndTheStoreRecovers() throws {
        let dir = temporaryFolder("pgslow")
        let url = try TestPostgres.database(for: dir)
        let store = try PostgresTicketStore(url: url, dataDirectory: dir, calendar: shippedCalendar, now: fridayMorning, retryInterval: nil,
                                            operationTimeout: 1, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        defer { store.close() }
        let holder = Thread {
            _ = runCapturing(["psql", "-h", url.host, "-p", String(url.port), "-U", url.user, "-d", url.database, "-v", "ON_ERROR_STOP=1",
                              "-c", "BEGIN; SELECT last_seq FROM ticket_counter FOR UPDATE; SELECT pg_sleep(4); COMMIT;"])
        }
        holder.start()
        try waitUntil(timeout: 10) { psql(url, "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'ticket_counter' AND l.mode = 'RowShareLock' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())").1.trimmingCharacters(in: .whitespacesAndNewlines) != "0" }
        let started = Date()
        let error = #expect(throws: TicketStorageError.self) { try store.openTicket(voicemailRequest()) }
        let took = Date().timeIntervalSince(started)
        #expect(took < 3, "the operation must end at its 1 s limit, took \(took) s")
        #expect(error?.description.contains("no answer from PostgreSQL") == true && error?.description.contains("within 1 s") == true,
                "\(String(describing: error))")
        // The lock goes with the other session; the store works again and the number is the first one (no gap).
        try waitUntil(timeout: 15) { (try? store.openTicket(voicemailRequest())) != nil }
        #expect(try store.tickets().map(\.number.sequence) == [10001])
    }

    /// A server that stops answering altogether (SIGSTOP: a hung host, or a network partition that drops packets)
    /// never hangs the caller: an operation on a pooled connection and one that must connect anew both fail at the
    /// time limit; once the server answers again the store works, numbers without a gap. A server of its own (the
    /// shared test server cannot be stopped under the other tests).
    @Test func aServerThatStopsAnsweringFailsEachOperationAtItsLimit() throws {
        let dir = temporaryFolder("pghung")
        chmod(dir, 0o755)
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let script = root.appendingPathComponent("Scripts/postgres.sh").path
        let (started, out) = runCapturing(["bash", script, "start", dir + "/pg", "\(Self.freeTCPPort())"])
        try #require(started == 0, "postgres.sh: \(out)")
        defer { _ = runCapturing(["bash", script, "stop", dir + "/pg"]) }
        let url = try PostgresURL(try #require(out.split(separator: "\n").last { $0.hasPrefix("postgres://") }.map(String.init)))
        let store = try PostgresTicketStore(url: url, dataDirectory: dir + "/var", calendar: shippedCalendar, now: fridayMorning, retryInterval: nil,
                                            operationTimeout: 1, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        defer { store.close() }
        _ = try store.openTicket(voicemailRequest())
        // Every process of the server: the postmaster (first line of its pid file) and its children.
        let postmaster = try #require(Int32((try String(contentsOfFile: dir + "/pg/postmaster.pid", encoding: .utf8)).split(separator: "\n").first ?? ""))
        let children = runCapturing(["pgrep", "-P", "\(postmaster)"]).1.split(separator: "\n").compactMap { Int32($0) }
        let server = [postmaster] + children
        for pid in server { kill(pid, SIGSTOP) }
        var resumed = false
        defer { if !resumed { for pid in server { kill(pid, SIGCONT) } } }
        for attempt in ["a pooled connection", "a new connection"] {
            let began = Date()
            let error = #expect(throws: TicketStorageError.self) { try store.openTicket(voicemailRequest()) }
            let took = Date().timeIntervalSince(began)
            #expect(took < 3, "\(attempt): the operation must end at its 1 s limit, took \(took) s")
            #expect(error?.description.contains("within 1 s") == true, "\(attempt): \(String(describing: error))")
        }
        for pid in server { kill(pid, SIGCONT) }
        resumed = true
        try waitUntil(timeout: 20) { (try? store.openTicket(voicemailRequest())) != nil }
        #expect(try store.tickets().map(\.number.sequence) == [10001, 10002])
    }

    /// A TCP port nothing listens on now.
    static func freeTCPPort() -> Int {
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(s) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Polls `condition` every 0.1 s until it holds.
    func waitUntil(timeout: Double, _ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            guard Date() < deadline else { throw TicketStorageError(.failure, path: "", message: "condition not met in \(timeout) s") }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    /// A ticket whose transaction fails gives its number back: the next one takes it (no gap), unlike a SEQUENCE.
    @Test func aRolledBackTicketLeavesNoGap() throws {
        let dir = temporaryFolder()
        let store = try open(dir)
        let url = try TestPostgres.database(for: dir)
        _ = try store.openTicket(voicemailRequest())
        // Make the next insert fail inside the ticket's transaction, after the counter moved.
        #expect(psql(url, "ALTER TABLE ticket ADD CONSTRAINT test_refuse CHECK (details NOT LIKE '%refuse%')").0 == 0)
        var refused = voicemailRequest(samples: tone(seconds: 1))
        refused.details = ["note": "refuse"]
        let error = #expect(throws: TicketStorageError.self) { try store.openTicket(refused) }
        #expect(error?.description.contains("no ticket was opened") == true)
        #expect(error?.description.contains("23514") == true, "\(String(describing: error))")
        #expect(psql(url, "ALTER TABLE ticket DROP CONSTRAINT test_refuse").0 == 0)
        let next = try store.openTicket(voicemailRequest(samples: tone(seconds: 1)))
        #expect(try store.tickets().map(\.number.sequence) == [10001, 10002])
        #expect(next.number.sequence == 10002)
        #expect(psql(url, "SELECT count(*) FROM recording").1.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    /// A commit whose answer was lost (the connection dropped during COMMIT) leaves the partial recording on disk;
    /// filing it again returns the ticket already committed instead of a second one.
    @Test func aRecordingFiledTwiceGivesOneTicket() throws {
        let dir = temporaryFolder()
        let store = try open(dir)
        let wav = PartialRecording.audioPath(dataDirectory: dir, callID: "call-twice")
        let bytes = Data(WAVBytes.make(tone(seconds: 1.5)))
        try bytes.write(to: URL(fileURLWithPath: wav))
        var r = voicemailRequest()
        r.recording = .file(path: wav)
        let first = try store.openTicket(r)
        #expect(!FileManager.default.fileExists(atPath: wav))
        try bytes.write(to: URL(fileURLWithPath: wav))  // as if the unlink never happened
        let again = try open(dir)
        #expect(again.recovery.recovered.map(\.number) == [first.number])
        #expect(try again.tickets().count == 1)
        #expect(!FileManager.default.fileExists(atPath: wav))
    }
}

/// A value behind a lock (test helper).
final class Locked2<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.lock(); defer { lock.unlock() }; return stored }
    func mutate(_ body: (inout Value) -> Void) { lock.lock(); body(&stored); lock.unlock() }
}
