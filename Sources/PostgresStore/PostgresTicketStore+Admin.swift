package import Foundation
package import IVREngine
import PostgresNIO
package import TicketStore
package import WorkingDays

extension PostgresTicketStore {
    package func tickets(status: TicketStatus?, overdueOn today: CivilDate?) throws -> [TicketInfo] {
        do {
            return try link.query("""
                SELECT \(unescaped: PostgresRowMapping.ticketColumns) FROM ticket
                WHERE (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
                  AND (\(today?.description)::text IS NULL OR (status = 'open' AND due_date < \(today?.description)))
                ORDER BY seq
                """).map(PostgresRowMapping.ticket)
        } catch {
            throw postgresError(error, url: link.url, action: "cannot list tickets")
        }
    }

    @discardableResult
    package func setStatus(number: TicketNumber, to status: TicketStatus, note: String, actor: String, at: Date) throws -> TicketInfo? {
        let stamp = timestamp(at)
        do {
            return try link.transaction { c -> TicketInfo? in
                guard let row = try c.query("SELECT id, status FROM ticket WHERE number = \(number.digits) FOR UPDATE", logger: logger)
                    .waitBounded().first(where: { _ in true }) else { return nil }
                let (id, from) = try row.decode((String, String).self)
                _ = try c.query("UPDATE ticket SET status = \(status.rawValue) WHERE id = \(id)", logger: logger).waitBounded()
                _ = try c.query("""
                    INSERT INTO ticket_event (ticket_id, at, from_status, to_status, note, actor)
                    VALUES (\(id), \(stamp), \(from), \(status.rawValue), \(note), \(actor))
                    """, logger: logger).waitBounded()
                return try c.query("SELECT \(unescaped: PostgresRowMapping.ticketColumns) FROM ticket WHERE id = \(id)", logger: logger)
                    .waitBounded().first(where: { _ in true }).map(PostgresRowMapping.ticket)
            }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot update ticket \(number)")
        }
    }

    package func auditTrail(number: TicketNumber) throws -> [TicketEvent] {
        do {
            return try link.query("""
                SELECT e.at, e.from_status, e.to_status, e.note, e.actor FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id
                WHERE t.number = \(number.digits) ORDER BY e.id
                """).map { row in
                let (at, from, to, note, actor) = try row.decode((String, String?, String, String, String).self)
                return TicketEvent.make(at: at, from: from.flatMap(TicketStatus.init(rawValue:)), to: TicketStatus(rawValue: to) ?? .open,
                                        note: note, actor: actor)
            }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot read the audit trail of \(number)")
        }
    }

    package func surveyScore(callID: String) throws -> Int?? {
        do {
            return try link.query("SELECT score FROM survey WHERE call_id = \(callID)").first(where: { _ in true })
                .map { try $0.decode(Int?.self) }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot read the survey of call \(callID)")
        }
    }

    package func callSummaryCount() throws -> Int {
        do {
            return try link.query("SELECT count(*) FROM call_summary").first(where: { _ in true })?.decode(Int.self) ?? 0
        } catch {
            throw postgresError(error, url: link.url, action: "cannot count call summaries")
        }
    }

    package func recordingData(path: String) throws -> Data? {
        do {
            return try link.query("SELECT wav FROM recording WHERE path = \(path)").first(where: { _ in true })?.decode(Data.self)
        } catch {
            throw postgresError(error, url: link.url, action: "cannot read the recording \(path)")
        }
    }

    /// Every ticket as CSV; the same format as the SQLite store's `exportCSV`.
    package func exportCSV(today: CivilDate) throws -> String { try ticketsCSV(today: today) }
}
