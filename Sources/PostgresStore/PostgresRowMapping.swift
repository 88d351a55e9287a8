import Foundation
import IVREngine
import PostgresNIO
import TicketStore
import WorkingDays

/// Conversions between `ticket` rows and ``TicketInfo`` (the same text encodings as the SQLite store).
enum PostgresRowMapping {
    /// The columns ``ticket(_:)`` decodes, in order.
    static let ticketColumns = "id, seq, number, kind, status, caller_number, menu_path, created_at, due_date, recording_path, details, call_id, recovered, partial_id"

    /// The ticket of a row, checked as strictly as the SQLite store's (``TicketRecord/info()``): a corrupt
    /// column is an error naming the row, never a guess.
    static func ticket(_ row: PostgresRow) throws -> TicketInfo {
        let (id, seq, number, kind, status, caller, menu, created, due, recording, details, callID, recovered, partialID) =
            try row.decode((String, Int, String, String, String, String?, String, String, String, String?, String, String?, Bool, String?).self)
        return try TicketRecord(id: id, seq: seq, number: number, kind: kind, status: status, caller_number: caller, menu_path: menu,
                                created_at: created, due_date: due, recording_path: recording, details: details, call_id: callID,
                                recovered: recovered ? 1 : 0, partial_id: partialID).info()
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }
}
