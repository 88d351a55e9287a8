internal import GRDB

/// The console's tables (issue 16), as one appended migration: staff accounts, their sessions, the audit of every
/// listen to a recording, and the ticket's current assignee; then the failed logins the throttle counts.
enum StaffSchema {
    static func register(in m: inout DatabaseMigrator) {
        m.registerMigration("v3: staff accounts, sessions, listen audit, ticket assignee") { db in
            try db.execute(sql: """
                CREATE TABLE staff (
                    name TEXT PRIMARY KEY NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
                    password_hash TEXT NOT NULL,               -- bcrypt ($2b$...)
                    created_at TEXT NOT NULL,
                    disabled INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE staff_session (
                    token_hash TEXT PRIMARY KEY NOT NULL,      -- SHA-256 of the cookie value, hex (the token itself is never stored)
                    staff_name TEXT NOT NULL REFERENCES staff(name),
                    csrf TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    expires_at REAL NOT NULL                   -- seconds since 1970
                );
                CREATE INDEX staff_session_expiry ON staff_session(expires_at);
                CREATE TABLE listen_audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    staff_name TEXT NOT NULL,
                    subject TEXT NOT NULL CHECK (subject IN ('ticket', 'call', 'prompt')),
                    ref TEXT NOT NULL                          -- ticket number, call id, or lang/prompt id
                );
                ALTER TABLE ticket ADD COLUMN assignee TEXT;
                -- The console's work queue: bands by due date in number order, with or without a kind filter.
                CREATE INDEX ticket_status_due_seq ON ticket(status, due_date, seq);
                CREATE INDEX ticket_status_kind_due_seq ON ticket(status, kind, due_date, seq);
                """)
        }
        m.registerMigration("v4: failed logins (the console's throttle)") { db in
            try db.execute(sql: """
                CREATE TABLE login_failure (
                    key TEXT NOT NULL,                         -- SHA-256 hex of name:<typed name> or addr:<client address>
                    at REAL NOT NULL                           -- seconds since 1970
                );
                CREATE INDEX login_failure_key ON login_failure(key, at);
                """)
        }
    }
}
