import Foundation
import IVREngine
import Logging
import PostgresNIO
import TicketStore

/// The PostgreSQL schema as ordered migrations (never edit a shipped one: add a new one), applied under a
/// session advisory lock so that nodes starting together migrate once, then seed once.
package enum PostgresSchema {
    /// The advisory lock key for migrations and seeding (any constant shared by every node).
    static let migrationLock: Int64 = 0x1_2333_0014
    /// The first ticket sequence value (as in the SQLite store: the first number is `100017`).
    static let firstSequence = 10001

    /// A migration: an id and its statements (one statement each: the extended protocol takes no batches).
    struct Migration {
        var id: String
        var statements: [String]
    }

    static let migrations: [Migration] = [
        Migration(id: "v1: tickets, recordings, audit trail, calls, surveys, demo persons, secret, counter", statements: [
            """
            CREATE TABLE ticket_counter (
                id integer PRIMARY KEY CHECK (id = 1),
                last_seq bigint NOT NULL                  -- the last sequence given; UPDATE … RETURNING in the ticket's transaction
            )
            """,
            "INSERT INTO ticket_counter (id, last_seq) VALUES (1, \(firstSequence - 1))",
            """
            CREATE TABLE ticket (
                id text PRIMARY KEY,                      -- UUID, opaque
                seq bigint NOT NULL UNIQUE,
                number text NOT NULL UNIQUE,              -- seq + Damm check digit
                kind text NOT NULL CHECK (kind IN ('voicemail', 'complaint', 'document')),
                status text NOT NULL CHECK (status IN ('open', 'answered', 'closed')),
                caller_number text,
                menu_path text NOT NULL,                  -- JSON array of node ids
                created_at text NOT NULL,                 -- ISO 8601 local time with offset
                due_date text NOT NULL,                   -- YYYY-MM-DD, inclusive
                recording_path text UNIQUE,               -- the recording's name, e.g. voicemail/2025/09/26/100017.wav
                details text NOT NULL DEFAULT '{}',
                call_id text,
                recovered boolean NOT NULL DEFAULT false,
                node text                                 -- the host that opened it
            )
            """,
            "CREATE INDEX ticket_status_due ON ticket (status, due_date)",
            """
            CREATE TABLE recording (
                path text PRIMARY KEY,                    -- = ticket.recording_path
                ticket_id text NOT NULL UNIQUE REFERENCES ticket (id),
                source_key text UNIQUE,                   -- partial file + content hash: a retried commit files it once
                wav bytea NOT NULL
            )
            """,
            """
            CREATE TABLE ticket_event (
                id bigserial PRIMARY KEY,
                ticket_id text NOT NULL REFERENCES ticket (id),
                at text NOT NULL,
                from_status text,
                to_status text NOT NULL,
                note text NOT NULL DEFAULT '',
                actor text NOT NULL
            )
            """,
            "CREATE INDEX ticket_event_ticket ON ticket_event (ticket_id)",
            """
            CREATE TABLE call_summary (
                call_id text PRIMARY KEY,
                caller_number text,
                started_at text NOT NULL,
                duration_seconds double precision NOT NULL,
                last_node text NOT NULL,
                hangup_by text NOT NULL,
                hangup_reason text NOT NULL,
                ticket_numbers text NOT NULL DEFAULT '[]'
            )
            """,
            """
            CREATE TABLE survey (
                call_id text PRIMARY KEY,
                score integer CHECK (score IS NULL OR score IN (1, 2, 3)),
                at text NOT NULL
            )
            """,
            """
            CREATE TABLE demo_person (
                id_hash text PRIMARY KEY,                 -- HMAC-SHA256(store secret, ID number), hex
                pin_salt bytea NOT NULL,
                pin_hash text NOT NULL,                   -- pbkdf2-sha256$<rounds>$<hex> (TicketStore.PINHash)
                pension_months integer NOT NULL,
                pension_balance_fen bigint NOT NULL,
                medical_balance_fen bigint NOT NULL,
                status text NOT NULL
            )
            """,
            """
            CREATE TABLE identity_audit (
                id bigserial PRIMARY KEY,
                id_hash text NOT NULL,                    -- HMAC-SHA256(store secret, ID number), hex; never the ID
                event text NOT NULL CHECK (event IN ('failure', 'locked', 'refused', 'verified', 'unlocked')),
                at text NOT NULL,                         -- ISO 8601 local time of the call's injected now
                at_epoch double precision NOT NULL,
                locked_until text,
                locked_until_epoch double precision,
                actor text NOT NULL,
                note text NOT NULL DEFAULT ''
            )
            """,
            "CREATE INDEX identity_audit_id_hash ON identity_audit (id_hash, id)",
            """
            CREATE TABLE store_secret (
                id integer PRIMARY KEY CHECK (id = 1),
                key bytea NOT NULL CHECK (length(key) = 32)   -- the keyed-hash secret shared by every node
            )
            """,
        ]),
        Migration(id: "v2: the partial recording a ticket was filed from", statements: [
            "ALTER TABLE ticket ADD COLUMN partial_id text",
            "CREATE UNIQUE INDEX ticket_partial_id ON ticket (partial_id) WHERE partial_id IS NOT NULL",
        ]),
        // The supervision tables of the SQLite store (TicketStore/SupervisionSchema), shared by every node and the console.
        Migration(id: "v3: call index, QA samples and scores, line state, recording purges", statements: [
            """
            CREATE TABLE call_index (
                call_id text PRIMARY KEY,
                started_at text NOT NULL,                 -- ISO 8601 local time with offset, as logged
                day text NOT NULL,                        -- YYYY-MM-DD local
                hour integer NOT NULL,
                duration_seconds double precision NOT NULL,
                caller_number text,                       -- as received; masked in every report
                language text NOT NULL,
                path text NOT NULL,                       -- node ids in order, space-separated
                topic text NOT NULL,
                hangup_by text NOT NULL,
                hangup_reason text NOT NULL,
                tickets text NOT NULL DEFAULT '',         -- number:kind:due, space-separated
                survey_offered integer NOT NULL DEFAULT 0,
                survey_score integer CHECK (survey_score IS NULL OR survey_score IN (1, 2, 3)),
                node_errors text NOT NULL DEFAULT '',
                agent text,
                line_closed integer NOT NULL DEFAULT 0,
                recording_path text,
                node text                                 -- the host whose line served the call
            )
            """,
            "CREATE INDEX call_index_day ON call_index (day)",
            "CREATE INDEX call_index_recording ON call_index (day) WHERE recording_path IS NOT NULL",
            """
            CREATE TABLE qa_sample (
                id bigserial PRIMARY KEY,
                sample_id text NOT NULL,
                call_id text NOT NULL,
                topic text NOT NULL,
                drawn_on text NOT NULL,
                actor text NOT NULL
            )
            """,
            "CREATE INDEX qa_sample_drawn ON qa_sample (drawn_on)",
            """
            CREATE TABLE qa_score (
                id bigserial PRIMARY KEY,                 -- append-only: the audit trail
                call_id text NOT NULL,
                score integer NOT NULL CHECK (score BETWEEN 1 AND 5),
                note text NOT NULL,
                actor text NOT NULL,
                at text NOT NULL
            )
            """,
            "CREATE INDEX qa_score_call ON qa_score (call_id)",
            """
            CREATE TABLE line_state (
                line text PRIMARY KEY,
                state text NOT NULL CHECK (state IN ('open', 'closed', 'stopped')),
                since text NOT NULL,
                actor text NOT NULL,
                note text NOT NULL DEFAULT ''
            )
            """,
            """
            CREATE TABLE line_state_event (
                id bigserial PRIMARY KEY,
                line text NOT NULL,
                from_state text,
                to_state text NOT NULL,
                at text NOT NULL,
                actor text NOT NULL,
                note text NOT NULL DEFAULT ''
            )
            """,
            """
            CREATE TABLE recording_purge (
                id bigserial PRIMARY KEY,
                call_id text NOT NULL,
                path text NOT NULL,
                reason text NOT NULL,
                at text NOT NULL
            )
            """,
        ]),
        // The console's tables of the SQLite store (TicketStore/StaffSchema): one console sees every node's tickets.
        Migration(id: "v4: staff accounts, sessions, listen audit, ticket assignee", statements: [
            """
            CREATE TABLE staff (
                name text PRIMARY KEY,
                role text NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
                password_hash text NOT NULL,              -- bcrypt ($2b$...)
                created_at text NOT NULL,
                disabled integer NOT NULL DEFAULT 0
            )
            """,
            """
            CREATE TABLE staff_session (
                token_hash text PRIMARY KEY,              -- SHA-256 of the cookie value, hex (the token itself is never stored)
                staff_name text NOT NULL REFERENCES staff(name),
                csrf text NOT NULL,
                created_at text NOT NULL,
                expires_at double precision NOT NULL      -- seconds since 1970
            )
            """,
            "CREATE INDEX staff_session_expiry ON staff_session (expires_at)",
            """
            CREATE TABLE listen_audit (
                id bigserial PRIMARY KEY,
                at text NOT NULL,
                staff_name text NOT NULL,
                subject text NOT NULL CHECK (subject IN ('ticket', 'call', 'prompt')),
                ref text NOT NULL                         -- ticket number, call id, or lang/prompt id
            )
            """,
            "ALTER TABLE ticket ADD COLUMN assignee text",
            // The work queue: bands by due date in number order, with or without a kind filter.
            "CREATE INDEX ticket_status_due_seq ON ticket (status, due_date, seq)",
            "CREATE INDEX ticket_status_kind_due_seq ON ticket (status, kind, due_date, seq)",
        ]),
        // QA call recordings in the store, as voicemail is: every node's calls can be heard from any console.
        Migration(id: "v5: call recordings", statements: [
            """
            CREATE TABLE call_recording (
                call_id text PRIMARY KEY REFERENCES call_index (call_id) ON DELETE CASCADE,
                path text NOT NULL,                       -- = call_index.recording_path, e.g. calls/2025/09/26/<id>.flac
                audio bytea NOT NULL,                     -- the file's bytes (two-channel FLAC from ivr serve / ivr line)
                node text                                 -- the host that recorded it
            )
            """,
        ]),
        // The console's login throttle in the store: consoles on one store count the same failures.
        Migration(id: "v6: failed logins", statements: [
            """
            CREATE TABLE login_failure (
                key text NOT NULL,                        -- SHA-256 hex of name:<typed name> or addr:<client address>
                at double precision NOT NULL              -- seconds since 1970
            )
            """,
            "CREATE INDEX login_failure_key ON login_failure (key, at)",
        ]),
    ]

    /// How many migrations a fully migrated database has applied.
    package static var migrationCount: Int { migrations.count }

    /// What one store's start did: the migrations it applied and whether it seeded the demo persons.
    struct StartReport {
        var applied: [String] = []
        var seeded = false
        var key: [UInt8] = []
    }

    /// Migrates and seeds under the advisory lock, on one connection (the lock is per session).
    static func prepare(_ link: PostgresLink, logger: Logger) throws -> StartReport {
        try link.withConnection(timeout: .seconds(60)) { c in
            _ = try c.query("SELECT pg_advisory_lock(\(migrationLock))", logger: logger).waitBounded()
            defer { _ = try? c.query("SELECT pg_advisory_unlock(\(migrationLock))", logger: logger).waitBounded() }
            var report = StartReport()
            _ = try c.query("""
                CREATE TABLE IF NOT EXISTS ivr_migration (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
                """, logger: logger).waitBounded()
            let done = Set(try c.query("SELECT id FROM ivr_migration", logger: logger).waitBounded().map { try $0.decode(String.self) })
            for m in migrations where !done.contains(m.id) {
                _ = try c.query("BEGIN", logger: logger).waitBounded()
                do {
                    for s in m.statements { _ = try c.query(PostgresQuery(unsafeSQL: s), logger: logger).waitBounded() }
                    _ = try c.query("INSERT INTO ivr_migration (id) VALUES (\(m.id))", logger: logger).waitBounded()
                    _ = try c.query("COMMIT", logger: logger).waitBounded()
                } catch {
                    _ = try? c.query("ROLLBACK", logger: logger).waitBounded()
                    throw error
                }
                report.applied.append(m.id)
            }
            // The secret and the demo persons: created once, by whichever node holds the lock first.
            if let row = try c.query("SELECT key FROM store_secret WHERE id = 1", logger: logger).waitBounded().first(where: { _ in true }) {
                report.key = Array(try row.decode(Data.self))
            } else {
                var rng = SystemRandomNumberGenerator()
                report.key = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
                _ = try c.query("INSERT INTO store_secret (id, key) VALUES (1, \(Data(report.key)))", logger: logger).waitBounded()
            }
            let persons = try c.query("SELECT count(*) FROM demo_person", logger: logger).waitBounded().first(where: { _ in true })
            if try persons?.decode(Int.self) ?? 0 == 0 {
                _ = try c.query("BEGIN", logger: logger).waitBounded()
                do {
                    for (p, hashed) in zip(DemoPersons.all, DemoPersons.hashedPINs) {
                        let idHash = DemoPersons.idHash(key: report.key, idNumber: p.idNumber)
                        let salt = hashed.salt, pinHash = hashed.stored
                        let f = p.facts
                        _ = try c.query("""
                            INSERT INTO demo_person (id_hash, pin_salt, pin_hash, pension_months, pension_balance_fen, medical_balance_fen, status)
                            VALUES (\(idHash), \(Data(salt)), \(pinHash), \(f.pensionContributionMonths), \(f.pensionBalanceFen),
                                    \(f.medicalBalanceFen), \(f.status.rawValue))
                            """, logger: logger).waitBounded()
                    }
                    _ = try c.query("COMMIT", logger: logger).waitBounded()
                } catch {
                    _ = try? c.query("ROLLBACK", logger: logger).waitBounded()
                    throw error
                }
                report.seeded = true
            }
            return report
        }
    }
}
