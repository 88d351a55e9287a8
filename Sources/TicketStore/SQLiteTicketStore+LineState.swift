public import Foundation
internal import GRDB
public import Supervision

/// The line's service state (`line_state`, history in `line_state_event`), read by the line at each call's start.
extension SQLiteTicketStore: LineStateStoring {
    public func lineState(line: String) throws -> LineStateRecord {
        do {
            return try pool.read { db in
                guard let row = try LineStateRow.fetchOne(db, sql: "SELECT state, since, actor, note FROM line_state WHERE line = ?",
                                                          arguments: [line]) else {
                    return LineStateRecord(line: line, state: .inService)
                }
                return LineStateRecord(line: line, state: LineState(rawValue: row.state) ?? .inService, since: row.since,
                                       actor: row.actor, note: row.note)
            }
        } catch {
            throw storageError(error, path: databasePath, action: "cannot read the state of line \(line)")
        }
    }

    public func setLineState(line: String, to state: LineState, actor: String, note: String, at: Date) throws {
        try write(action: "cannot set line \(line) to \(state.rawValue)") { db in
            let from = try String.fetchOne(db, sql: "SELECT state FROM line_state WHERE line = ?", arguments: [line])
            let when = self.timestamp(at)
            try db.execute(sql: """
                INSERT INTO line_state (line, state, since, actor, note) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(line) DO UPDATE SET state = excluded.state, since = excluded.since, actor = excluded.actor, note = excluded.note
                """, arguments: [line, state.rawValue, when, actor, note])
            try db.execute(sql: "INSERT INTO line_state_event (line, from_state, to_state, at, actor, note) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [line, from, state.rawValue, when, actor, note])
        }
    }

    public func lineStateHistory(line: String) throws -> [LineStateRecord] {
        do {
            return try pool.read { db in
                try LineStateRow.fetchAll(db, sql: "SELECT to_state AS state, at AS since, actor, note FROM line_state_event WHERE line = ? ORDER BY id",
                                          arguments: [line]).map {
                    LineStateRecord(line: line, state: LineState(rawValue: $0.state) ?? .inService, since: $0.since, actor: $0.actor, note: $0.note)
                }
            }
        } catch {
            throw storageError(error, path: databasePath, action: "cannot read the history of line \(line)")
        }
    }
}
