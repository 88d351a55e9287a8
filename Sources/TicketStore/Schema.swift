internal import GRDB

/// The database schema, as GRDB migrations (never edit a shipped migration: add a new one).
enum Schema {
    /// The first ticket sequence value is `firstSequence` (the first number is `100017`: sequence then check digit).
    static let firstSequence = 10001

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1: tickets, audit trail, calls, surveys, demo persons") { db in
            try db.execute(sql: """
                CREATE TABLE ticket (
                    id TEXT PRIMARY KEY NOT NULL,              -- UUID, opaque
                    seq INTEGER NOT NULL UNIQUE,               -- allocated inside the write transaction
                    number TEXT NOT NULL UNIQUE,               -- seq + Damm check digit, spoken digit by digit
                    kind TEXT NOT NULL CHECK (kind IN ('voicemail', 'complaint', 'document')),
                    status TEXT NOT NULL CHECK (status IN ('open', 'answered', 'closed')),
                    caller_number TEXT,
                    menu_path TEXT NOT NULL,                   -- JSON array of node ids
                    created_at TEXT NOT NULL,                  -- ISO 8601 local time with offset
                    due_date TEXT NOT NULL,                    -- YYYY-MM-DD, inclusive
                    recording_path TEXT UNIQUE,                -- relative to the data folder
                    details TEXT NOT NULL DEFAULT '{}',        -- JSON object of strings
                    call_id TEXT,
                    recovered INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX ticket_status_due ON ticket(status, due_date);
                CREATE TABLE ticket_event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    ticket_id TEXT NOT NULL REFERENCES ticket(id),
                    at TEXT NOT NULL,
                    from_status TEXT,
                    to_status TEXT NOT NULL,
                    note TEXT NOT NULL DEFAULT '',
                    actor TEXT NOT NULL
                );
                CREATE INDEX ticket_event_ticket ON ticket_event(ticket_id);
                CREATE TABLE call_summary (
                    call_id TEXT PRIMARY KEY NOT NULL,
                    caller_number TEXT,
                    started_at TEXT NOT NULL,
                    duration_seconds REAL NOT NULL,
                    last_node TEXT NOT NULL,
                    hangup_by TEXT NOT NULL,
                    hangup_reason TEXT NOT NULL,
                    ticket_numbers TEXT NOT NULL DEFAULT '[]'
                );
                CREATE TABLE survey (
                    call_id TEXT PRIMARY KEY NOT NULL,
                    score INTEGER CHECK (score IS NULL OR score IN (1, 2, 3)),
                    at TEXT NOT NULL
                );
                CREATE TABLE demo_person (
                    id_hash TEXT PRIMARY KEY NOT NULL,         -- HMAC-SHA256(store key, ID number), hex
                    pin_salt BLOB NOT NULL,                    -- 16 random bytes
                    pin_hash TEXT NOT NULL,                    -- HMAC-SHA256(store key, salt || PIN), hex
                    pension_months INTEGER NOT NULL,
                    pension_balance_fen INTEGER NOT NULL,
                    medical_balance_fen INTEGER NOT NULL,
                    status TEXT NOT NULL
                );
                """)
        }
        SupervisionSchema.register(&m)
        m.registerMigration("v2: identity audit (PIN lockout across calls)") { db in try createIdentityAudit(db) }
        m.registerMigration("v3: the partial recording a ticket was filed from") { db in
            try db.execute(sql: """
                ALTER TABLE ticket ADD COLUMN partial_id TEXT;
                CREATE UNIQUE INDEX ticket_partial_id ON ticket(partial_id) WHERE partial_id IS NOT NULL;
                """)
        }
        StaffSchema.register(in: &m)
        return m
    }
}
