import Foundation
import IVREngine
import PostgresNIO
import WorkingDays

/// Conversions between `ticket` rows and ``TicketInfo`` (the same text encodings as the SQLite store).
enum PostgresRowMapping {
    /// The columns ``ticket(_:)`` decodes, in order.
    static let ticketColumns = "id, seq, number, kind, status, caller_number, menu_path, created_at, due_date, recording_path, details, recovered"

    static func ticket(_ row: PostgresRow) throws -> TicketInfo {
        let (id, seq, number, kind, status, caller, menu, created, due, recording, details, recovered) =
            try row.decode((String, Int, String, String, String, String?, String, String, String, String?, String, Bool).self)
        return TicketInfo(
            id: UUID(uuidString: id) ?? UUID(),
            number: TicketNumber(validating: number) ?? TicketNumber(sequence: seq),
            kind: TicketKind(rawValue: kind) ?? .voicemail,
            status: TicketStatus(rawValue: status) ?? .open,
            callerNumber: caller,
            menuPath: (try? JSONDecoder().decode([String].self, from: Data(menu.utf8))) ?? [],
            createdAt: LocalDateTime.parse(created)?.instant ?? Date(timeIntervalSince1970: 0),
            dueDate: CivilDate(iso: due) ?? CivilDate(daysSinceEpoch: 0),
            recordingPath: recording,
            details: (try? JSONDecoder().decode([String: String].self, from: Data(details.utf8))) ?? [:],
            recovered: recovered)
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }
}
