public import Foundation
internal import GRDB
public import IVREngine
import Logging
public import WorkingDays

extension SQLiteTicketStore {
    /// Tickets, oldest first, optionally only those with `status`, or only those overdue on `overdueOn`.
    public func tickets(status: TicketStatus? = nil, overdueOn today: CivilDate? = nil) throws -> [TicketInfo] {
        var sql = "SELECT * FROM ticket WHERE 1"
        var args: [(any DatabaseValueConvertible)?] = []
        if let status { sql += " AND status = ?"; args.append(status.rawValue) }
        if let today { sql += " AND status = 'open' AND due_date < ?"; args.append(today.description) }
        sql += " ORDER BY seq"
        let query = sql
        let arguments = StatementArguments(args)
        do {
            return try pool.read { db in try TicketRow.fetchAll(db, sql: query, arguments: arguments) }
        } catch {
            throw storageError(error, path: databasePath, action: "cannot list tickets")
        }
    }

    /// Changes a ticket's status and appends to its audit trail, in one transaction.
    /// - Returns: the updated ticket, or `nil` when no ticket has that number.
    /// - Throws: ``TicketStorageError``.
    @discardableResult
    public func setStatus(number: TicketNumber, to status: TicketStatus, note: String, actor: String, at: Date) throws -> TicketInfo? {
        var found = false
        try write(action: "cannot update ticket \(number)") { db in
            guard let row = try AssignmentRow.fetchOne(db, sql: "SELECT id, status, assignee FROM ticket WHERE number = ?",
                                                       arguments: [number.digits]) else { return }
            found = true
            let id = row.id, from = row.status
            try db.execute(sql: "UPDATE ticket SET status = ? WHERE id = ?", arguments: [status.rawValue, id])
            try db.execute(sql: "INSERT INTO ticket_event (ticket_id, at, from_status, to_status, note, actor) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [id, self.timestamp(at), from, status.rawValue, note, actor])
        }
        return found ? try ticket(number: number) : nil
    }

    /// The audit trail of a ticket, oldest first.
    public func auditTrail(number: TicketNumber) throws -> [TicketEvent] {
        do {
            return try pool.read { db in
                try TicketEventRow.fetchAll(db, sql: """
                    SELECT e.* FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id WHERE t.number = ? ORDER BY e.id
                    """, arguments: [number.digits]).map { row in
                    TicketEvent(at: row.at, from: row.fromStatus.flatMap(TicketStatus.init(rawValue:)),
                                to: TicketStatus(rawValue: row.toStatus) ?? .open, note: row.note, actor: row.actor)
                }
            }
        } catch {
            throw storageError(error, path: databasePath, action: "cannot read the audit trail of \(number)")
        }
    }

    /// The survey score stored for a call: `.some(nil)` for "not rated", `nil` when no survey was stored.
    public func surveyScore(callID: String) throws -> Int?? {
        try pool.read { db in
            try SurveyScoreRow.fetchOne(db, sql: "SELECT score FROM survey WHERE call_id = ?", arguments: [callID]).map(\.score)
        }
    }

    /// The number of call summaries stored.
    public func callSummaryCount() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM call_summary") ?? 0 }
    }

    /// Every ticket as CSV (RFC 4180, header line first): number, kind, status, overdue, caller, created, due,
    /// recording, menu path, recovered, details.
    public func exportCSV(today: CivilDate) throws -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out = "number,kind,status,overdue,caller,created_at,due_date,recording_path,menu_path,recovered,details\r\n"
        for t in try tickets() {
            let cols = [t.number.digits, t.kind.rawValue, t.status.rawValue, t.isOverdue(today: today) ? "yes" : "no",
                        t.callerNumber ?? "", timestamp(t.createdAt), t.dueDate.description, t.recordingPath ?? "",
                        t.menuPath.joined(separator: ">"), t.recovered ? "yes" : "no", TicketRow.json(t.details)]
            out += cols.map(field).joined(separator: ",") + "\r\n"
        }
        return out
    }
}
