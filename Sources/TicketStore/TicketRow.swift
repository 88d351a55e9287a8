import Foundation
internal import GRDB
import IVREngine
import WorkingDays

/// Conversions between `ticket` rows and ``TicketInfo``.
package enum TicketRow {
    static func info(_ row: Row) -> TicketInfo {
        let created: String = row["created_at"]
        let due: String = row["due_date"]
        let menu: String = row["menu_path"]
        let details: String = row["details"]
        return TicketInfo(
            id: UUID(uuidString: row["id"]) ?? UUID(),
            number: TicketNumber(validating: row["number"] as String) ?? TicketNumber(sequence: row["seq"]),
            kind: TicketKind(rawValue: row["kind"]) ?? .voicemail,
            status: TicketStatus(rawValue: row["status"]) ?? .open,
            callerNumber: row["caller_number"],
            menuPath: (try? JSONDecoder().decode([String].self, from: Data(menu.utf8))) ?? [],
            createdAt: LocalDateTime.parse(created)?.instant ?? Date(timeIntervalSince1970: 0),
            dueDate: CivilDate(iso: due) ?? CivilDate(daysSinceEpoch: 0),
            recordingPath: row["recording_path"],
            details: (try? JSONDecoder().decode([String: String].self, from: Data(details.utf8))) ?? [:],
            recovered: (row["recovered"] as Int) != 0)
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
