internal import GRDB

/// The supervision tables (call index, QA, line state, recording purges), as migrations appended after the
/// ticket schema (never edit a shipped migration: add a new one).
enum SupervisionSchema {
    static func register(_ m: inout DatabaseMigrator) {
        m.registerMigration("v2: call index, QA samples and scores, line state, recording purges") { db in
            try db.execute(sql: """
                CREATE TABLE call_index (
                    call_id TEXT PRIMARY KEY NOT NULL,
                    started_at TEXT NOT NULL,                  -- ISO 8601 local time with offset, as logged
                    day TEXT NOT NULL,                         -- YYYY-MM-DD local
                    hour INTEGER NOT NULL,                     -- 0-23 local
                    duration_seconds REAL NOT NULL,
                    caller_number TEXT,                        -- as received; masked in every report
                    language TEXT NOT NULL,
                    path TEXT NOT NULL,                        -- node ids in order, space-separated
                    topic TEXT NOT NULL,                       -- first menu topic reached, 'none' if none
                    hangup_by TEXT NOT NULL,
                    hangup_reason TEXT NOT NULL,
                    tickets TEXT NOT NULL DEFAULT '',          -- number:kind:due, space-separated
                    survey_offered INTEGER NOT NULL DEFAULT 0,
                    survey_score INTEGER CHECK (survey_score IS NULL OR survey_score IN (1, 2, 3)),
                    node_errors TEXT NOT NULL DEFAULT '',      -- node:noinput:nomatch, space-separated
                    agent TEXT,                                -- in|out:result:wait seconds ('' when none)
                    line_closed INTEGER NOT NULL DEFAULT 0,
                    recording_path TEXT                        -- relative to the data folder
                );
                CREATE INDEX call_index_day ON call_index(day);
                CREATE INDEX call_index_recording ON call_index(day) WHERE recording_path IS NOT NULL;
                CREATE TABLE qa_sample (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    sample_id TEXT NOT NULL,
                    call_id TEXT NOT NULL,
                    topic TEXT NOT NULL,
                    drawn_on TEXT NOT NULL,                    -- YYYY-MM-DD
                    actor TEXT NOT NULL
                );
                CREATE INDEX qa_sample_drawn ON qa_sample(drawn_on);
                CREATE TABLE qa_score (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,      -- append-only: the audit trail
                    call_id TEXT NOT NULL,
                    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
                    note TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    at TEXT NOT NULL
                );
                CREATE INDEX qa_score_call ON qa_score(call_id);
                CREATE TABLE line_state (
                    line TEXT PRIMARY KEY NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('open', 'closed', 'stopped')),
                    since TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    note TEXT NOT NULL DEFAULT ''
                );
                CREATE TABLE line_state_event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    line TEXT NOT NULL,
                    from_state TEXT,
                    to_state TEXT NOT NULL,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    note TEXT NOT NULL DEFAULT ''
                );
                CREATE TABLE recording_purge (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    call_id TEXT NOT NULL,
                    path TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    at TEXT NOT NULL
                );
                """)
        }
    }
}
