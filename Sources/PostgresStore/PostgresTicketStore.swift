import FileSafety
package import Foundation
package import IVREngine
package import Logging
import PostgresNIO
package import TicketStore
package import WorkingDays

/// The ticket store on a shared PostgreSQL server, for several `ivr serve` nodes behind a dispatcher.
///
/// Same contract as ``TicketStore/SQLiteTicketStore``: every call is one transaction, failures are thrown as
/// ``TicketStorageError`` and not logged here. What differs:
/// - Recordings live in the database (`recording.wav`, bytea) and commit in the ticket's own transaction, so
///   every node and the console see them and a ticket never exists without its audio (or the reverse).
/// - Ticket numbers come from one counter row, `UPDATE ticket_counter … RETURNING` inside the ticket's
///   transaction: a rolled-back ticket gives its number back, so numbers are unique and gap-free across nodes
///   (a `SEQUENCE` would leave gaps on rollback). The row lock serializes ticket commits, briefly.
/// - Migrations and the one-time seeding (the keyed-hash secret, the demo persons) run under
///   `pg_advisory_lock`: nodes that start together migrate once.
/// - Recordings in progress stay on the node's own disk (`<data>/voicemail/partial/`, with their sidecars, as
///   with SQLite). Opening the store files what a crash or a store outage left there, and a timer retries every
///   few seconds, so messages recorded while the server was away are filed when it returns.
///
/// `@unchecked Sendable`: its stored properties are constants except the recovery report and the retry timer,
/// which live in `state` (read and written only under its lock).
package final class PostgresTicketStore: ManagedTicketStore, @unchecked Sendable {
    /// The node's own data folder (recordings in progress, quarantine).
    package let dataDirectory: String
    /// The working-day calendar used for recovered tickets' due dates.
    package let calendar: WorkingDayCalendar
    /// Business hours, UTC offset and reply deadlines.
    package let settings: CalendarSettings
    /// The server address (password hidden).
    package var location: String { link.url.redacted }
    /// What opening the store recovered or quarantined.
    package var recovery: RecoveryReport { state.withLock { $0.report } }
    /// The migrations this store's start applied (empty when another node had already done them).
    package let migrationsApplied: [String]
    /// Whether this store's start seeded the demo persons (only the first node ever does).
    package let seededDemoPersons: Bool
    /// The node's name (default: the host name) written on the tickets it opens and the calls it indexes.
    package let node: String

    let link: PostgresLink
    let key: [UInt8]
    let logger: Logger
    let state = Locked(State())

    struct State {
        var report = RecoveryReport()
        /// The retry timer while running (see `retryInterval`).
        var timer: (any DispatchSourceTimer)?
    }

    /// Connects, migrates (once across nodes), seeds the demo persons (once) and files recordings left in
    /// `<dataDirectory>/voicemail/partial/`.
    /// - Parameters:
    ///   - url: `postgres://user[:password]@host[:port]/database`.
    ///   - dataDirectory: the node's own data folder.
    ///   - now: the injected clock's now, stamped on recovery records.
    ///   - retryInterval: how often to retry filing leftovers while running (seconds; `nil`: only at open).
    ///   - operationTimeout: how long one statement or transaction may take before its connection is dropped
    ///     and it fails (seconds).
    ///   - node: this node's name on its tickets and calls (default: the host name).
    /// - Throws: ``TicketStorageError`` with one line naming the server and the fix.
    package init(url: PostgresURL, dataDirectory: String, calendar: WorkingDayCalendar, settings: CalendarSettings = CalendarSettings(),
                now: Date, retryInterval: Double? = 5, operationTimeout: Double = 10, node: String? = nil, logger: Logger) throws {
        let dir = dataDirectory.count > 1 && dataDirectory.hasSuffix("/") ? String(dataDirectory.dropLast()) : dataDirectory
        self.dataDirectory = dir
        self.calendar = calendar
        self.settings = settings
        self.logger = logger
        self.node = node ?? ProcessInfo.processInfo.hostName
        var quiet = logger
        quiet.logLevel = .critical  // postgres-nio's own lines; failures are thrown as TicketStorageError
        let link = PostgresLink(url: url, operationTimeout: .nanoseconds(Int64(operationTimeout * 1e9)), logger: quiet)
        self.link = link
        let start: PostgresSchema.StartReport
        do {
            start = try PostgresSchema.prepare(link, logger: logger)
        } catch {
            link.shutdown()
            throw postgresError(error, url: url, action: "cannot open the ticket database")
        }
        key = start.key
        migrationsApplied = start.applied
        seededDemoPersons = start.seeded
        for sub in ["voicemail", "voicemail/partial", "voicemail/quarantine"] {
            try TicketStorageError.mapping { try DurableFiles.makeOwnerOnlyDirectories(dir + "/" + sub) }
        }
        let report = fileLeftovers(now: now)
        state.withLock { $0.report = report }
        if let retryInterval { startRetrying(every: retryInterval) }
    }

    /// Convenience: parses `url` first.
    package convenience init(url: String, dataDirectory: String, calendar: WorkingDayCalendar, settings: CalendarSettings = CalendarSettings(),
                            now: Date, retryInterval: Double? = 5, logger: Logger) throws {
        try self.init(url: PostgresURL(url), dataDirectory: dataDirectory, calendar: calendar, settings: settings, now: now,
                      retryInterval: retryInterval, logger: logger)
    }

    /// Stops the retry timer and closes the connections.
    package func close() {
        state.withLock { $0.timer?.cancel(); $0.timer = nil }
        link.shutdown()
    }

    deinit { close() }

    // MARK: - TicketStoring

    package func openTicket(_ request: TicketRequest) throws -> TicketInfo {
        try openTicket(request, recovered: false, actor: "ivr")
    }

    package func ticket(number: TicketNumber) throws -> TicketInfo? {
        do {
            return try link.query("SELECT \(unescaped: PostgresRowMapping.ticketColumns) FROM ticket WHERE number = \(number.digits)")
                .first(where: { _ in true }).map(PostgresRowMapping.ticket)
        } catch {
            throw postgresError(error, url: link.url, action: "cannot read ticket \(number)")
        }
    }

    package func recordSurvey(callID: String, score: Int?, at: Date) throws {
        if let score { precondition((1...3).contains(score), "survey score must be 1, 2 or 3") }
        let stamp = timestamp(at)
        do {
            _ = try link.query("""
                INSERT INTO survey (call_id, score, at) VALUES (\(callID), \(score), \(stamp))
                ON CONFLICT (call_id) DO UPDATE SET score = EXCLUDED.score, at = EXCLUDED.at
                """)
        } catch {
            throw postgresError(error, url: link.url, action: "cannot store the survey of call \(callID)")
        }
    }

    package func recordCallSummary(_ s: CallSummary) throws {
        let numbers = "[" + s.ticketNumbers.map { "\"\($0.digits)\"" }.joined(separator: ",") + "]"
        let started = timestamp(s.startedAt)
        do {
            _ = try link.query("""
                INSERT INTO call_summary (call_id, caller_number, started_at, duration_seconds, last_node, hangup_by, hangup_reason, ticket_numbers)
                VALUES (\(s.callID), \(s.callerNumber), \(started), \(s.durationSeconds), \(s.lastNode), \(s.hangupBy), \(s.hangupReason), \(numbers))
                ON CONFLICT (call_id) DO UPDATE SET caller_number = EXCLUDED.caller_number, started_at = EXCLUDED.started_at,
                    duration_seconds = EXCLUDED.duration_seconds, last_node = EXCLUDED.last_node, hangup_by = EXCLUDED.hangup_by,
                    hangup_reason = EXCLUDED.hangup_reason, ticket_numbers = EXCLUDED.ticket_numbers
                """)
        } catch {
            throw postgresError(error, url: link.url, action: "cannot store the summary of call \(s.callID)")
        }
    }

    // MARK: - Helpers

    /// ISO 8601 local time with the configured offset.
    func timestamp(_ date: Date) -> String {
        settings.localDateTime(at: date).iso8601
    }

    private func startRetrying(every seconds: Double) {
        let t = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "ivr.tickets.retry"))
        t.schedule(deadline: .now() + seconds, repeating: seconds)
        t.setEventHandler { [weak self] in
            guard let self else { return }
            // The injected clock is not known here: recovery records are stamped with the wall clock.
            let more = self.fileLeftovers(now: Date(), quiet: true)
            if !more.recovered.isEmpty || !more.quarantinedPaths.isEmpty {
                self.state.withLock { s in
                    s.report.recovered += more.recovered
                    s.report.quarantinedPaths += more.quarantinedPaths
                    s.report.quarantineReasons += more.quarantineReasons
                }
            }
        }
        t.resume()
        state.withLock { $0.timer = t }
    }
}

/// A value behind a lock. `@unchecked Sendable`: the value is only reached through ``withLock(_:)``.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
