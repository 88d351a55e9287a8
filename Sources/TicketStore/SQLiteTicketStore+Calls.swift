public import Foundation
internal import GRDB
public import Supervision
public import WorkingDays

/// The call index in SQLite (`call_index`): compact text columns, so reading 100 000 rows for a report is one
/// scan with no JSON decoding.
extension SQLiteTicketStore: CallIndexStoring {
    public func indexCall(_ r: CallRecord) throws {
        try indexCalls([r])
    }

    public func indexCalls(_ records: [CallRecord]) throws {
        guard let first = records.first else { return }
        try write(action: records.count == 1 ? "cannot index call \(first.callID)" : "cannot index \(records.count) calls") { db in
            let statement = try db.cachedStatement(sql: Self.upsertCallSQL)
            for r in records { try statement.execute(arguments: CallIndexRow.arguments(r)) }
        }
    }

    private static let upsertCallSQL = """
                INSERT INTO call_index (call_id, started_at, day, hour, duration_seconds, caller_number, language, path, topic,
                                        hangup_by, hangup_reason, tickets, survey_offered, survey_score, node_errors, agent,
                                        line_closed, recording_path)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(call_id) DO UPDATE SET
                    started_at = excluded.started_at, day = excluded.day, hour = excluded.hour,
                    duration_seconds = excluded.duration_seconds, caller_number = excluded.caller_number,
                    language = excluded.language, path = excluded.path, topic = excluded.topic,
                    hangup_by = excluded.hangup_by, hangup_reason = excluded.hangup_reason, tickets = excluded.tickets,
                    survey_offered = excluded.survey_offered, survey_score = excluded.survey_score,
                    node_errors = excluded.node_errors, agent = excluded.agent, line_closed = excluded.line_closed,
                    recording_path = COALESCE(excluded.recording_path, call_index.recording_path)
                """

    public func calls(from: CivilDate, through to: CivilDate) throws -> [CallRecord] {
        try readCalls(sql: "SELECT * FROM call_index WHERE day >= ? AND day <= ? ORDER BY started_at, call_id",
                      arguments: [from.description, to.description], action: "cannot read the call index")
    }

    public func call(id: String) throws -> CallRecord? {
        try readCalls(sql: "SELECT * FROM call_index WHERE call_id = ?", arguments: [id], action: "cannot read call \(id)").first
    }

    public func recordedCalls(startedBefore day: CivilDate) throws -> [CallRecord] {
        try readCalls(sql: "SELECT * FROM call_index WHERE recording_path IS NOT NULL AND day < ? ORDER BY started_at, call_id",
                      arguments: [day.description], action: "cannot read the recorded calls")
    }

    public func recordingRemoved(callID: String, path: String, reason: String, at: Date) throws {
        try write(action: "cannot note the removal of \(path)") { db in
            try db.execute(sql: "UPDATE call_index SET recording_path = NULL WHERE call_id = ?", arguments: [callID])
            try db.execute(sql: "INSERT INTO recording_purge (call_id, path, reason, at) VALUES (?, ?, ?, ?)",
                           arguments: [callID, path, reason, self.timestamp(at)])
        }
    }

    /// SQLite keeps recordings as files in the data folder: this machine's only.
    public var keepsRecordingAudio: Bool { false }

    /// Indexes the row; the recording stays the file `record.recordingPath` names.
    public func indexCall(_ record: CallRecord, recording: Data?) throws {
        try indexCalls([record])
    }

    /// Reads the file the call's recording path names, inside the data folder only (see ``recordingData(path:)``).
    public func callRecordingData(callID: String) throws -> Data? {
        guard let path = try call(id: callID)?.recordingPath else { return nil }
        return try recordingData(path: path)
    }

    private func readCalls(sql: String, arguments: StatementArguments, action: String) throws -> [CallRecord] {
        let offset = settings.utcOffsetSeconds
        do {
            return try pool.read { db in
                var out: [CallRecord] = []
                let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
                while let row = try cursor.next() {
                    if let record = CallIndexRow.record(row, utcOffsetSeconds: offset) { out.append(record) }
                }
                return out
            }
        } catch {
            throw storageError(error, path: databasePath, action: action)
        }
    }
}

/// Conversions between ``CallRecord`` and `call_index` rows.
package enum CallIndexRow {
    static func arguments(_ r: CallRecord) -> StatementArguments {
        let text = encoded(r)
        return [r.callID, r.startText, r.day.description, r.start.hour, r.durationSeconds, r.caller, r.language,
                r.path.joined(separator: " "), r.primaryTopic, r.hangupBy, r.hangupReason, text.tickets, r.surveyOffered ? 1 : 0,
                r.surveyScore, text.errors, text.agent, r.lineClosed ? 1 : 0, r.recordingPath]
    }

    /// The compact text columns of a record (shared with the PostgreSQL store): tickets `number:kind:due`, node
    /// errors `node:noinput:nomatch` (space-separated), the agent request `in|out:result:wait`.
    package static func encoded(_ r: CallRecord) -> (tickets: String, errors: String, agent: String?) {
        let tickets = r.tickets.map { "\($0.number):\($0.kind):\($0.due)" }.joined(separator: " ")
        let errors = r.nodeErrors.keys.sorted().map { "\($0):\(r.nodeErrors[$0]!.noInput):\(r.nodeErrors[$0]!.noMatch)" }
            .joined(separator: " ")
        let agent = r.agent.map { a in
            "\(a.inHours ? "in" : "out"):\(a.result):" + (a.waitSeconds.map { String(format: "%.3f", $0) } ?? "")
        }
        return (tickets, errors, agent)
    }

    /// Column order of `SELECT *` (the v2 migration's), read by index: a report reads 100 000 rows.
    static func record(_ row: Row, utcOffsetSeconds: Int) -> CallRecord? {
        record(callID: row[0], startText: row[1], durationSeconds: row[4], caller: row[5], language: row[6], pathText: row[7],
               hangupBy: row[9], hangupReason: row[10], ticketText: row[11], surveyOffered: (row[12] as Int) != 0,
               surveyScore: row[13], errorText: row[14], agentText: row[15], lineClosed: (row[16] as Int) != 0,
               recordingPath: row[17], utcOffsetSeconds: utcOffsetSeconds)
    }

    /// A record from its stored columns (shared with the PostgreSQL store); `nil` when the start time is unreadable.
    package static func record(callID: String, startText: String, durationSeconds: Double, caller: String?, language: String,
                               pathText: String, hangupBy: String, hangupReason: String, ticketText: String, surveyOffered: Bool,
                               surveyScore: Int?, errorText: String, agentText: String?, lineClosed: Bool, recordingPath: String?,
                               utcOffsetSeconds: Int) -> CallRecord? {
        guard let start = fastLocal(startText, utcOffsetSeconds: utcOffsetSeconds)
            ?? LocalDateTime.parse(startText, utcOffsetSeconds: utcOffsetSeconds)?.local else { return nil }
        var tickets: [TicketRef] = []
        for item in ticketText.split(separator: " ") {
            let p = item.split(separator: ":")
            if p.count == 3, let due = fastDate(p[2].utf8) ?? CivilDate(iso: p[2]) {
                tickets.append(TicketRef(number: String(p[0]), kind: String(p[1]), due: due))
            }
        }
        var errors: [String: NodeErrors] = [:]
        for item in errorText.split(separator: " ") {
            let p = item.split(separator: ":")
            if p.count == 3 { errors[String(p[0])] = NodeErrors(noInput: Int(p[1]) ?? 0, noMatch: Int(p[2]) ?? 0) }
        }
        var agent: AgentRequest?
        if let agentText {
            let p = agentText.split(separator: ":", omittingEmptySubsequences: false)
            if p.count == 3 { agent = AgentRequest(inHours: p[0] == "in", result: String(p[1]), waitSeconds: Double(p[2])) }
        }
        return CallRecord(callID: callID, start: start, startText: startText, durationSeconds: durationSeconds,
                          caller: caller, language: language,
                          path: pathText.split(separator: " ").map(String.init), hangupBy: hangupBy,
                          hangupReason: hangupReason, tickets: tickets, surveyOffered: surveyOffered,
                          surveyScore: surveyScore, nodeErrors: errors, agent: agent,
                          lineClosed: lineClosed, recordingPath: recordingPath)
    }

    /// `YYYY-MM-DD` from ASCII bytes, `nil` for anything else.
    static func fastDate(_ u: some Collection<UInt8>) -> CivilDate? {
        guard u.count == 10 else { return nil }
        let b = Array(u)
        guard b[4] == 45, b[7] == 45, let y = digits(b, 0, 4), let m = digits(b, 5, 2), let d = digits(b, 8, 2) else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }

    /// `YYYY-MM-DDTHH:MM:SS±HH:MM` whose offset is the configured one (as the store writes it): the local time as
    /// written; `nil` otherwise (the caller falls back to the full parser).
    static func fastLocal(_ text: String, utcOffsetSeconds: Int) -> LocalDateTime? {
        let b = Array(text.utf8)
        guard b.count == 25, b[10] == 84, b[13] == 58, b[16] == 58, b[19] == 43 || b[19] == 45, b[22] == 58,
              let date = fastDate(b[0..<10]), let h = digits(b, 11, 2), let mi = digits(b, 14, 2), let s = digits(b, 17, 2),
              let oh = digits(b, 20, 2), let om = digits(b, 23, 2),
              (b[19] == 43 ? 1 : -1) * (oh * 3600 + om * 60) == utcOffsetSeconds,
              let time = TimeOfDay(hour: h, minute: mi, second: s) else { return nil }
        return LocalDateTime(date: date, time: time, utcOffsetSeconds: utcOffsetSeconds)
    }

    private static func digits(_ b: [UInt8], _ at: Int, _ n: Int) -> Int? {
        var v = 0
        for i in at..<(at + n) {
            let c = b[i]
            guard c >= 48, c <= 57 else { return nil }
            v = v * 10 + Int(c - 48)
        }
        return v
    }
}
