package import Foundation
import IVREngine
import PostgresNIO
package import Supervision
import TicketStore
package import WorkingDays

/// The call index, QA samples and scores, ticket facts and line states in PostgreSQL: the same tables and text
/// encodings as the SQLite store, so every node indexes its calls into one place and `ivr report`, `ivr qa` and
/// the console see all of them. Each call here is one statement or one transaction.
extension PostgresTicketStore: CallIndexStoring, TicketFactsReading, QAStoring, LineStateStoring {
    // MARK: - Call index

    package func indexCall(_ r: CallRecord) throws {
        try indexCalls([r])
    }

    /// PostgreSQL keeps call recordings' bytes (table `call_recording`), so every node and console has them.
    package var keepsRecordingAudio: Bool { true }

    package func indexCall(_ record: CallRecord, recording: Data?) throws {
        try indexCalls([record], recordings: recording.map { [record.callID: $0] } ?? [:])
    }

    package func indexCalls(_ records: [CallRecord]) throws {
        try indexCalls(records, recordings: [:])
    }

    /// Indexes `records` and stores the recordings given (by call id) beside them, in one transaction.
    package func indexCalls(_ records: [CallRecord], recordings: [String: Data]) throws {
        guard let first = records.first else { return }
        let node = self.node
        do {
            try link.transaction { c in
                for r in records {
                    let text = CallIndexRow.encoded(r)
                    _ = try c.query("""
                        INSERT INTO call_index (call_id, started_at, day, hour, duration_seconds, caller_number, language, path, topic,
                                                hangup_by, hangup_reason, tickets, survey_offered, survey_score, node_errors, agent,
                                                line_closed, recording_path, node)
                        VALUES (\(r.callID), \(r.startText), \(r.day.description), \(r.start.hour), \(r.durationSeconds), \(r.caller),
                                \(r.language), \(r.path.joined(separator: " ")), \(r.primaryTopic), \(r.hangupBy), \(r.hangupReason),
                                \(text.tickets), \(r.surveyOffered ? 1 : 0), \(r.surveyScore), \(text.errors), \(text.agent),
                                \(r.lineClosed ? 1 : 0), \(r.recordingPath), \(node))
                        ON CONFLICT (call_id) DO UPDATE SET
                            started_at = EXCLUDED.started_at, day = EXCLUDED.day, hour = EXCLUDED.hour,
                            duration_seconds = EXCLUDED.duration_seconds, caller_number = EXCLUDED.caller_number,
                            language = EXCLUDED.language, path = EXCLUDED.path, topic = EXCLUDED.topic,
                            hangup_by = EXCLUDED.hangup_by, hangup_reason = EXCLUDED.hangup_reason, tickets = EXCLUDED.tickets,
                            survey_offered = EXCLUDED.survey_offered, survey_score = EXCLUDED.survey_score,
                            node_errors = EXCLUDED.node_errors, agent = EXCLUDED.agent, line_closed = EXCLUDED.line_closed,
                            recording_path = COALESCE(EXCLUDED.recording_path, call_index.recording_path),
                            node = COALESCE(call_index.node, EXCLUDED.node)
                        """, logger: logger).waitBounded()
                    if let audio = recordings[r.callID], let path = r.recordingPath {
                        _ = try c.query("""
                            INSERT INTO call_recording (call_id, path, audio, node) VALUES (\(r.callID), \(path), \(audio), \(node))
                            ON CONFLICT (call_id) DO UPDATE SET path = EXCLUDED.path, audio = EXCLUDED.audio, node = EXCLUDED.node
                            """, logger: logger).waitBounded()
                    }
                }
            }
        } catch {
            throw postgresError(error, url: link.url, action: records.count == 1 ? "cannot index call \(first.callID)" : "cannot index \(records.count) calls")
        }
    }

    package func calls(from: CivilDate, through to: CivilDate) throws -> [CallRecord] {
        try readCalls(PostgresQuery(unsafeSQL: Self.callColumns + " WHERE day >= $1 AND day <= $2 ORDER BY started_at, call_id",
                                    binds: try binds(from.description, to.description)), action: "cannot read the call index")
    }

    package func call(id: String) throws -> CallRecord? {
        try readCalls(PostgresQuery(unsafeSQL: Self.callColumns + " WHERE call_id = $1", binds: try binds(id)),
                      action: "cannot read call \(id)").first
    }

    package func recordedCalls(startedBefore day: CivilDate) throws -> [CallRecord] {
        try readCalls(PostgresQuery(unsafeSQL: Self.callColumns + " WHERE recording_path IS NOT NULL AND day < $1 ORDER BY started_at, call_id",
                                    binds: try binds(day.description)), action: "cannot read the recorded calls")
    }

    package func recordingRemoved(callID: String, path: String, reason: String, at: Date) throws {
        let stamp = timestamp(at)
        do {
            try link.transaction { c in
                _ = try c.query("UPDATE call_index SET recording_path = NULL WHERE call_id = \(callID)", logger: logger).waitBounded()
                _ = try c.query("DELETE FROM call_recording WHERE call_id = \(callID)", logger: logger).waitBounded()
                _ = try c.query("INSERT INTO recording_purge (call_id, path, reason, at) VALUES (\(callID), \(path), \(reason), \(stamp))",
                                logger: logger).waitBounded()
            }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot note the removal of \(path)")
        }
    }

    package func callRecordingData(callID: String) throws -> Data? {
        do {
            // Only while the index names it: a purged recording is gone from both.
            return try link.query("""
                SELECT r.audio FROM call_recording r JOIN call_index c ON c.call_id = r.call_id
                WHERE r.call_id = \(callID) AND c.recording_path IS NOT NULL
                """).first(where: { _ in true })?.decode(Data.self)
        } catch {
            throw postgresError(error, url: link.url, action: "cannot read the recording of call \(callID)")
        }
    }

    /// The node (host name) whose line served a call, `nil` when unknown.
    package func servingNode(callID: String) throws -> String? {
        do {
            return try link.query("SELECT node FROM call_index WHERE call_id = \(callID)").first(where: { _ in true })?.decode(String?.self)
        } catch {
            throw postgresError(error, url: link.url, action: "cannot read call \(callID)")
        }
    }

    private static let callColumns = """
        SELECT call_id, started_at, duration_seconds, caller_number, language, path, hangup_by, hangup_reason, tickets,
               survey_offered, survey_score, node_errors, agent, line_closed, recording_path FROM call_index
        """

    private func binds(_ values: String...) throws -> PostgresBindings {
        var b = PostgresBindings()
        for v in values { b.append(v) }
        return b
    }

    private func readCalls(_ query: PostgresQuery, action: String) throws -> [CallRecord] {
        let offset = settings.utcOffsetSeconds
        do {
            return try link.query(query).compactMap { row -> CallRecord? in
                let (id, start, duration, caller, language, path, by, reason, tickets, offered, score, errors, agent, closed, recording) =
                    try row.decode((String, String, Double, String?, String, String, String, String, String, Int, Int?, String, String?, Int, String?).self)
                return CallIndexRow.record(callID: id, startText: start, durationSeconds: duration, caller: caller, language: language,
                                           pathText: path, hangupBy: by, hangupReason: reason, ticketText: tickets,
                                           surveyOffered: offered != 0, surveyScore: score, errorText: errors, agentText: agent,
                                           lineClosed: closed != 0, recordingPath: recording, utcOffsetSeconds: offset)
            }
        } catch {
            throw postgresError(error, url: link.url, action: action)
        }
    }

    // MARK: - QA

    package func recordQASample(_ sample: QASample) throws {
        let day = sample.drawnOn.description
        do {
            try link.transaction { c in
                for call in sample.calls {
                    _ = try c.query("""
                        INSERT INTO qa_sample (sample_id, call_id, topic, drawn_on, actor)
                        VALUES (\(sample.id), \(call.callID), \(call.topic), \(day), \(sample.actor))
                        """, logger: logger).waitBounded()
                }
            }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot store QA sample \(sample.id)")
        }
    }

    package func sampledCallIDs(from: CivilDate, through to: CivilDate) throws -> Set<String> {
        do {
            return Set(try link.query("SELECT call_id FROM qa_sample WHERE drawn_on >= \(from.description) AND drawn_on <= \(to.description)")
                .map { try $0.decode(String.self) })
        } catch {
            throw postgresError(error, url: link.url, action: "cannot read the QA samples")
        }
    }

    package func recordQAScore(_ s: QAScore) throws {
        precondition((1...5).contains(s.score), "QA score must be 1...5")
        do {
            _ = try link.query("INSERT INTO qa_score (call_id, score, note, actor, at) VALUES (\(s.callID), \(s.score), \(s.note), \(s.actor), \(s.at))")
        } catch {
            throw postgresError(error, url: link.url, action: "cannot store the QA score of call \(s.callID)")
        }
    }

    package func qaScores(from: CivilDate, through to: CivilDate) throws -> [QAScore] {
        try readScores("""
            SELECT s.call_id, s.score, s.note, s.actor, s.at FROM qa_score s JOIN call_index c ON c.call_id = s.call_id
            WHERE c.day >= \(from.description) AND c.day <= \(to.description) ORDER BY s.id
            """)
    }

    package func qaScores(callID: String) throws -> [QAScore] {
        try readScores("SELECT call_id, score, note, actor, at FROM qa_score WHERE call_id = \(callID) ORDER BY id")
    }

    private func readScores(_ query: PostgresQuery) throws -> [QAScore] {
        do {
            return try link.query(query).map { row in
                let (call, score, note, actor, at) = try row.decode((String, Int, String, String, String).self)
                return QAScore(callID: call, score: score, note: note, actor: actor, at: at)
            }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot read the QA scores")
        }
    }

    // MARK: - Ticket facts

    package func ticketFacts(from: CivilDate, through to: CivilDate) throws -> [TicketFact] {
        let settings = self.settings
        do {
            // The first move to answered or closed is the answer; created_at's local date is the day opened.
            return try link.query("""
                SELECT t.number, t.kind, t.call_id, t.created_at, t.due_date,
                       (SELECT e.at FROM ticket_event e WHERE e.ticket_id = t.id AND e.to_status IN ('answered', 'closed') ORDER BY e.id LIMIT 1)
                FROM ticket t WHERE substr(t.created_at, 1, 10) >= \(from.description) AND substr(t.created_at, 1, 10) <= \(to.description)
                ORDER BY t.seq
                """).compactMap { row -> TicketFact? in
                let (number, kind, callID, created, dueText, answeredAt) = try row.decode((String, String, String?, String, String, String?).self)
                guard let day = settings.localDateTime(parsing: created)?.date, let due = CivilDate(iso: dueText) else {
                    return nil
                }
                let answered = answeredAt.flatMap { settings.localDateTime(parsing: $0)?.date }
                return TicketFact(number: number, kind: kind, callID: callID, created: day, due: due, answered: answered)
            }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot read the tickets for the report")
        }
    }

    // MARK: - Line state

    package func lineState(line: String) throws -> LineStateRecord {
        do {
            guard let row = try link.query("SELECT state, since, actor, note FROM line_state WHERE line = \(line)").first(where: { _ in true }) else {
                return LineStateRecord(line: line, state: .inService)
            }
            let (state, since, actor, note) = try row.decode((String, String, String, String).self)
            return LineStateRecord(line: line, state: LineState(rawValue: state) ?? .inService, since: since, actor: actor, note: note)
        } catch {
            throw postgresError(error, url: link.url, action: "cannot read the state of line \(line)")
        }
    }

    package func setLineState(line: String, to state: LineState, actor: String, note: String, at: Date) throws {
        let when = timestamp(at)
        do {
            try link.transaction { c in
                let from = try c.query("SELECT state FROM line_state WHERE line = \(line) FOR UPDATE", logger: logger).waitBounded()
                    .first(where: { _ in true })?.decode(String.self)
                _ = try c.query("""
                    INSERT INTO line_state (line, state, since, actor, note) VALUES (\(line), \(state.rawValue), \(when), \(actor), \(note))
                    ON CONFLICT (line) DO UPDATE SET state = EXCLUDED.state, since = EXCLUDED.since, actor = EXCLUDED.actor, note = EXCLUDED.note
                    """, logger: logger).waitBounded()
                _ = try c.query("""
                    INSERT INTO line_state_event (line, from_state, to_state, at, actor, note)
                    VALUES (\(line), \(from), \(state.rawValue), \(when), \(actor), \(note))
                    """, logger: logger).waitBounded()
            }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot set line \(line) to \(state.rawValue)")
        }
    }

    package func lineStateHistory(line: String) throws -> [LineStateRecord] {
        do {
            return try link.query("SELECT to_state, at, actor, note FROM line_state_event WHERE line = \(line) ORDER BY id").map { row in
                let (state, at, actor, note) = try row.decode((String, String, String, String).self)
                return LineStateRecord(line: line, state: LineState(rawValue: state) ?? .inService, since: at, actor: actor, note: note)
            }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot read the history of line \(line)")
        }
    }
}
