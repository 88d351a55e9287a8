import Foundation
internal import GRDB
public import IVREngine
import WorkingDays

/// One `ticket` row as stored, decoded strictly by GRDB (a missing or mistyped column is an error); the
/// PostgreSQL store decodes its rows into the same record, so both backends apply the same checks.
package struct TicketRecord: Codable {
    package var id: String
    package var seq: Int
    package var number: String
    package var kind: String
    package var status: String
    package var caller_number: String?
    package var menu_path: String
    package var created_at: String
    package var due_date: String
    package var recording_path: String?
    package var details: String
    package var call_id: String?
    package var recovered: Int
    package var partial_id: String?

    /// A record from its columns.
    package init(id: String, seq: Int, number: String, kind: String, status: String, caller_number: String?, menu_path: String,
                 created_at: String, due_date: String, recording_path: String?, details: String, call_id: String?, recovered: Int,
                 partial_id: String?) {
        self.id = id
        self.seq = seq
        self.number = number
        self.kind = kind
        self.status = status
        self.caller_number = caller_number
        self.menu_path = menu_path
        self.created_at = created_at
        self.due_date = due_date
        self.recording_path = recording_path
        self.details = details
        self.call_id = call_id
        self.recovered = recovered
        self.partial_id = partial_id
    }

    /// The ticket, or an error naming the row and the column that does not hold a valid value: never a guess.
    package func info() throws -> TicketInfo {
        func bad(_ column: String, _ value: String) -> TicketStorageError {
            TicketStorageError(.failure, path: "ticket",
                               message: "corrupt ticket row (seq \(seq), number \(number)): column \(column) holds '\(value)'; restore the database from backup or repair that row")
        }
        guard let uuid = UUID(uuidString: id) else { throw bad("id", id) }
        guard let ticketNumber = TicketNumber(validating: number), ticketNumber == TicketNumber(sequence: seq) else {
            throw bad("number", number)
        }
        guard let ticketKind = TicketKind(rawValue: kind) else { throw bad("kind", kind) }
        guard let ticketStatus = TicketStatus(rawValue: status) else { throw bad("status", status) }
        guard let menu = try? JSONDecoder().decode([String].self, from: Data(menu_path.utf8)) else { throw bad("menu_path", menu_path) }
        guard let created = LocalDateTime.parse(created_at)?.instant else { throw bad("created_at", created_at) }
        guard let due = CivilDate(iso: due_date) else { throw bad("due_date", due_date) }
        guard let detailMap = try? JSONDecoder().decode([String: String].self, from: Data(details.utf8)) else {
            throw bad("details", details)
        }
        guard recovered == 0 || recovered == 1 else { throw bad("recovered", "\(recovered)") }
        return TicketInfo(id: uuid, number: ticketNumber, kind: ticketKind, status: ticketStatus, callerNumber: caller_number,
                          menuPath: menu, createdAt: created, dueDate: due, recordingPath: recording_path,
                          details: detailMap, recovered: recovered == 1)
    }
}

extension TicketRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "ticket"
}

/// Conversions between `ticket` rows and ``TicketInfo``.
package enum TicketRow {
    /// Tickets fetched by `sql`, strictly decoded.
    static func fetchAll(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> [TicketInfo] {
        try TicketRecord.fetchAll(db, sql: sql, arguments: arguments).map { try $0.info() }
    }

    /// The first ticket fetched by `sql`, strictly decoded.
    static func fetchOne(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> TicketInfo? {
        try TicketRecord.fetchOne(db, sql: sql, arguments: arguments).map { try $0.info() }
    }

    package static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }
}

/// One entry of a ticket's audit trail.
public struct TicketEvent: Sendable, Hashable {
    /// When (ISO 8601 local time with offset).
    public var at: String
    /// The status before, `nil` when the ticket was opened.
    public var from: TicketStatus?
    /// The status after.
    public var to: TicketStatus
    /// The operator's note.
    public var note: String
    /// Who: `ivr`, `recovery` or the operator's name.
    public var actor: String
}
