import Foundation
internal import GRDB
public import Supervision
public import WorkingDays

/// QA samples and scores (`qa_sample`, `qa_score`), and the ticket facts the report reads.
extension SQLiteTicketStore: QAStoring, TicketFactsReading {
    public func recordQASample(_ sample: QASample) throws {
        try write(action: "cannot store QA sample \(sample.id)") { db in
            for c in sample.calls {
                try db.execute(sql: "INSERT INTO qa_sample (sample_id, call_id, topic, drawn_on, actor) VALUES (?, ?, ?, ?, ?)",
                               arguments: [sample.id, c.callID, c.topic, sample.drawnOn.description, sample.actor])
            }
        }
    }

    public func sampledCallIDs(from: CivilDate, through to: CivilDate) throws -> Set<String> {
        do {
            return try pool.read { db in
                Set(try String.fetchAll(db, sql: "SELECT call_id FROM qa_sample WHERE drawn_on >= ? AND drawn_on <= ?",
                                        arguments: [from.description, to.description]))
            }
        } catch {
            throw storageError(error, path: databasePath, action: "cannot read the QA samples")
        }
    }

    public func recordQAScore(_ s: QAScore) throws {
        precondition((1...5).contains(s.score), "QA score must be 1...5")
        try write(action: "cannot store the QA score of call \(s.callID)") { db in
            try db.execute(sql: "INSERT INTO qa_score (call_id, score, note, actor, at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [s.callID, s.score, s.note, s.actor, s.at])
        }
    }

    public func qaScores(from: CivilDate, through to: CivilDate) throws -> [QAScore] {
        try readScores(sql: """
            SELECT s.* FROM qa_score s JOIN call_index c ON c.call_id = s.call_id
            WHERE c.day >= ? AND c.day <= ? ORDER BY s.id
            """, arguments: [from.description, to.description])
    }

    public func qaScores(callID: String) throws -> [QAScore] {
        try readScores(sql: "SELECT * FROM qa_score WHERE call_id = ? ORDER BY id", arguments: [callID])
    }

    private func readScores(sql: String, arguments: StatementArguments) throws -> [QAScore] {
        do {
            return try pool.read { db in
                try QAScoreRow.fetchAll(db, sql: sql, arguments: arguments).map {
                    QAScore(callID: $0.callID, score: $0.score, note: $0.note, actor: $0.actor, at: $0.at)
                }
            }
        } catch {
            throw storageError(error, path: databasePath, action: "cannot read the QA scores")
        }
    }

    public func ticketFacts(from: CivilDate, through to: CivilDate) throws -> [TicketFact] {
        let settings = self.settings
        do {
            return try pool.read { db in
                // The first move to answered or closed is the answer; created_at's local date is the day opened.
                let rows = try TicketFactRow.fetchAll(db, sql: """
                    SELECT t.number, t.kind, t.call_id, t.created_at, t.due_date,
                           (SELECT MIN(e.id) FROM ticket_event e WHERE e.ticket_id = t.id AND e.to_status IN ('answered', 'closed')) AS answer_id,
                           (SELECT e.at FROM ticket_event e WHERE e.ticket_id = t.id AND e.to_status IN ('answered', 'closed') ORDER BY e.id LIMIT 1) AS answered_at
                    FROM ticket t WHERE substr(t.created_at, 1, 10) >= ? AND substr(t.created_at, 1, 10) <= ? ORDER BY t.seq
                    """, arguments: [from.description, to.description])
                return rows.compactMap { row -> TicketFact? in
                    guard let day = settings.localDateTime(parsing: row.createdAt)?.date,
                          let due = CivilDate(iso: row.dueDate) else { return nil }
                    let answered = row.answeredAt.flatMap { settings.localDateTime(parsing: $0)?.date }
                    return TicketFact(number: row.number, kind: row.kind, callID: row.callID, created: day, due: due,
                                      answered: answered)
                }
            }
        } catch {
            throw storageError(error, path: databasePath, action: "cannot read the tickets for the report")
        }
    }
}
