import FileSafety
public import Foundation
internal import GRDB
public import IVREngine
public import Logging
public import WorkingDays

/// The ticket store: SQLite (WAL, migrations) through GRDB, plus the voicemail folder, under one data folder.
///
/// Layout of the data folder (all owner-only, folders 0700, files 0600):
/// `ivr.sqlite` (+ `-wal`, `-shm`), `ivr.key` (the per-database secret for keyed hashes),
/// `voicemail/YYYY/MM/DD/<ticket-number>.wav`, `voicemail/partial/` (recordings in progress, see
/// `PartialRecording`), `voicemail/quarantine/` (unreadable leftovers, kept for a person to look at).
///
/// Opening the store recovers what a crash left: partial recordings become tickets marked recovered, and
/// unreadable ones are quarantined with a log line. Several processes may open the same folder at once; ticket
/// numbers are allocated inside the write transaction, so none is lost or given twice.
public final class SQLiteTicketStore: TicketStoring {
    /// The data folder.
    public let dataDirectory: String
    /// The working-day calendar used for recovered tickets' due dates and for "overdue".
    public let calendar: WorkingDayCalendar
    /// Business hours, UTC offset and reply deadlines.
    public let settings: CalendarSettings
    /// What opening the store recovered or quarantined.
    public var recovery: RecoveryReport { recoveryBox.report }

    let pool: DatabasePool
    let key: [UInt8]
    let logger: Logger

    /// The database file's path.
    public var databasePath: String { dataDirectory + "/ivr.sqlite" }

    /// Opens (creating if needed) the store in `dataDirectory`, migrates it, seeds the demo persons into a new
    /// database and recovers partial recordings left by a crash.
    /// - Parameters:
    ///   - now: the injected clock's now, stamped on recovery audit records.
    ///   - logger: receives one line per recovered or quarantined file. Thrown errors are not logged here: the
    ///     caller logs `error.description` once (one clear line for the operator).
    /// - Throws: ``TicketStorageError`` when the folder or database cannot be created or written.
    public init(dataDirectory: String, calendar: WorkingDayCalendar, settings: CalendarSettings = CalendarSettings(),
                now: Date, logger: Logger) throws {
        let dir = dataDirectory.count > 1 && dataDirectory.hasSuffix("/") ? String(dataDirectory.dropLast()) : dataDirectory
        self.dataDirectory = dir
        self.calendar = calendar
        self.settings = settings
        self.logger = logger
        recoveryBox = RecoveryBox()
        let lock: FolderLock
        do {
            try TicketStorageError.mapping { try DurableFiles.makeOwnerOnlyDirectories(dir) }
            lock = try FolderLock(path: dir + "/.ivr.lock")
            key = try SQLiteTicketStore.loadOrCreateKey(path: dir + "/ivr.key")
            let dbPath = dir + "/ivr.sqlite"
            let fd = open(dbPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw TicketStorageError(errno: errno, path: dbPath, action: "cannot open the database") }
            close(fd)
            var config = Configuration()
            config.busyMode = .timeout(30)
            config.label = "ivr.tickets"
            config.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            do {
                pool = try DatabasePool(path: dbPath, configuration: config)
                try Schema.migrator.migrate(pool)
                let k = key
                try pool.write { db in try DemoPersons.seedIfEmpty(db, key: k) }
            } catch {
                throw storageError(error, path: dbPath, action: "cannot open the ticket database")
            }
            for sub in ["voicemail", "voicemail/partial", "voicemail/quarantine"] {
                try TicketStorageError.mapping { try DurableFiles.makeOwnerOnlyDirectories(dir + "/" + sub) }
            }
        } catch {
            throw storageError(error, path: dir, action: "cannot open the ticket store")
        }
        // Recovery runs once every stored property is set (it opens tickets), still under the folder lock.
        defer { lock.release() }
        recoveryBox.report = recoverLeftovers(now: now)
    }

    /// Holds the recovery result, written once during init (recovery needs the finished store, so it cannot be a
    /// `let`). `@unchecked Sendable`: the report is only read or written under `lock`.
    final class RecoveryBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value = RecoveryReport()
        var report: RecoveryReport {
            get { lock.withLock { value } }
            set { lock.withLock { value = newValue } }
        }
    }
    let recoveryBox: RecoveryBox

    private static func loadOrCreateKey(path: String) throws -> [UInt8] {
        if let data = FileManager.default.contents(atPath: path) {
            guard data.count == 32 else {
                throw TicketStorageError(.failure, path: path, message: "the store key must be 32 bytes, found \(data.count); restore it from backup (a new key makes the demo persons unreachable)")
            }
            return Array(data)
        }
        var rng = SystemRandomNumberGenerator()
        let key = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
        try TicketStorageError.mapping { try DurableFiles.writeAtomically(Data(key), to: path) }
        return key
    }

    // MARK: - TicketStoring

    public func openTicket(_ request: TicketRequest) throws -> TicketInfo {
        try openTicket(request, recovered: false, actor: "ivr")
    }

    public func ticket(number: TicketNumber) throws -> TicketInfo? {
        do {
            return try pool.read { db in
                try TicketRow.fetchOne(db, sql: "SELECT * FROM ticket WHERE number = ?", arguments: [number.digits])
            }
        } catch {
            throw storageError(error, path: databasePath, action: "cannot read ticket \(number)")
        }
    }

    public func recordSurvey(callID: String, score: Int?, at: Date) throws {
        if let score { precondition((1...3).contains(score), "survey score must be 1, 2 or 3") }
        try write(action: "cannot store the survey of call \(callID)") { db in
            try db.execute(sql: "INSERT OR REPLACE INTO survey (call_id, score, at) VALUES (?, ?, ?)",
                           arguments: [callID, score, self.timestamp(at)])
        }
    }

    public func recordCallSummary(_ s: CallSummary) throws {
        let numbers = "[" + s.ticketNumbers.map { "\"\($0.digits)\"" }.joined(separator: ",") + "]"
        try write(action: "cannot store the summary of call \(s.callID)") { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO call_summary
                (call_id, caller_number, started_at, duration_seconds, last_node, hangup_by, hangup_reason, ticket_numbers)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [s.callID, s.callerNumber, self.timestamp(s.startedAt), s.durationSeconds, s.lastNode,
                                 s.hangupBy, s.hangupReason, numbers])
        }
    }

    // MARK: - Helpers

    /// ISO 8601 local time with the configured offset.
    func timestamp(_ date: Date) -> String {
        settings.localDateTime(at: date).iso8601
    }

    func write(action: String, _ body: (Database) throws -> Void) throws {
        do {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    try body(db)
                    return .commit
                }
            }
        } catch {
            throw storageError(error, path: databasePath, action: action)
        }
    }
}

/// What opening the store did with leftovers of a crash.
public struct RecoveryReport: Sendable, Hashable {
    /// Tickets made from partial recordings.
    public var recovered: [TicketInfo] = []
    /// Files moved to `voicemail/quarantine/` (paths relative to the data folder), with the reason.
    public var quarantined: [(path: String, reason: String)] { zip(quarantinedPaths, quarantineReasons).map { ($0, $1) } }
    /// Recordings left alone because another process is still writing them.
    public var inProgress: Int = 0
    /// Partial recordings whose ticket was already committed (a crash before their removal): removed, not filed again.
    public var alreadyFiled: Int = 0
    package var quarantinedPaths: [String] = []
    package var quarantineReasons: [String] = []

    /// An empty report.
    public init() {}
}

/// An exclusive advisory lock (flock) on a file, held until ``release()``; released by the kernel if the process dies.
final class FolderLock {
    private var fd: Int32

    /// Blocks until the lock is held.
    init(path: String) throws {
        fd = try TicketStorageError.mapping { try DurableFiles.lockFile(path, create: true, action: "the lock file") }
    }

    func release() {
        if fd >= 0 { close(fd); fd = -1 }
    }

    deinit { release() }
}
