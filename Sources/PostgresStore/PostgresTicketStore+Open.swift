import Crypto
import Foundation
import IVREngine
import Logging
import PostgresNIO
import TicketStore
import WorkingDays

extension PostgresTicketStore {
    /// Opens a ticket and stores its recording in the same transaction; see ``TicketStoring/openTicket(_:)``.
    ///
    /// A `.file` recording (a finished partial recording) is read, committed with the ticket, then removed with
    /// its sidecar. Its `source_key` (file name + content hash) makes a retry after an ambiguous commit (the
    /// connection lost during COMMIT) return the ticket already filed instead of filing it twice.
    func openTicket(_ r: TicketRequest, recovered: Bool, actor: String) throws -> TicketInfo {
        let local = settings.localDateTime(at: r.createdAt)
        var wav: Data? = nil
        var sourceKey: String? = nil
        switch r.recording {
        case .file(let path)?:
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TicketStorageError(errno: access(path, R_OK) == 0 ? EIO : errno, path: path, action: "cannot read the recording").noTicketOpened
            }
            wav = data
            let name = (path as NSString).lastPathComponent
            sourceKey = name + ":" + Crypto.SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        case nil:
            break
        }
        let day = local.date
        let folder = String(format: "voicemail/%04d/%02d/%02d", day.year, day.month, day.day)
        let created = timestamp(r.createdAt)
        let id = UUID().uuidString
        let menu = PostgresRowMapping.json(r.menuPath)
        let details = PostgresRowMapping.json(r.details)
        let note = recovered ? "recovered after a crash" : "opened"
        let node = self.node
        let info: TicketInfo
        do {
            info = try link.transaction { c -> TicketInfo in
                if let sourceKey,
                   let existing = try c.query("""
                       SELECT \(unescaped: PostgresRowMapping.ticketColumns) FROM ticket
                       WHERE id = (SELECT ticket_id FROM recording WHERE source_key = \(sourceKey))
                       """, logger: logger).waitBounded().first(where: { _ in true }) {
                    return try PostgresRowMapping.ticket(existing)
                }
                if let partialID = r.partialID,
                   let existing = try c.query("""
                       SELECT \(unescaped: PostgresRowMapping.ticketColumns) FROM ticket WHERE partial_id = \(partialID)
                       """, logger: logger).waitBounded().first(where: { _ in true }) {
                    // The message of this partial recording is already a ticket (a retry after an ambiguous commit).
                    return try PostgresRowMapping.ticket(existing)
                }
                let counter = try c.query("UPDATE ticket_counter SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq",
                                          logger: logger).waitBounded()
                guard let seq = try counter.first(where: { _ in true })?.decode(Int.self) else {
                    throw TicketStorageError(.failure, path: link.url.redacted, message: "the ticket counter row is missing; restore it from backup")
                }
                let number = TicketNumber(sequence: seq)
                let relative = wav == nil ? nil : folder + "/" + number.digits + ".wav"
                _ = try c.query("""
                    INSERT INTO ticket (id, seq, number, kind, status, caller_number, menu_path, created_at, due_date,
                                        recording_path, details, call_id, recovered, node, partial_id)
                    VALUES (\(id), \(seq), \(number.digits), \(r.kind.rawValue), 'open', \(r.callerNumber), \(menu), \(created),
                            \(r.dueDate.description), \(relative), \(details), \(r.callID), \(recovered), \(node), \(r.partialID))
                    """, logger: logger).waitBounded()
                _ = try c.query("""
                    INSERT INTO ticket_event (ticket_id, at, from_status, to_status, note, actor)
                    VALUES (\(id), \(created), NULL, 'open', \(note), \(actor))
                    """, logger: logger).waitBounded()
                if let wav, let relative {
                    _ = try c.query("""
                        INSERT INTO recording (path, ticket_id, source_key, wav) VALUES (\(relative), \(id), \(sourceKey), \(wav))
                        """, logger: logger).waitBounded()
                }
                return TicketInfo(id: UUID(uuidString: id)!, number: number, kind: r.kind, status: .open, callerNumber: r.callerNumber,
                                  menuPath: r.menuPath, createdAt: LocalDateTime.parse(created)?.instant ?? r.createdAt, dueDate: r.dueDate,
                                  recordingPath: relative, details: r.details, recovered: recovered)
            }
        } catch {
            throw postgresError(error, url: link.url, action: "cannot open a \(r.kind.rawValue) ticket").noTicketOpened
        }
        if case .file(let source)? = r.recording {
            // Committed: the database holds the audio now.
            PartialRecording.removeFiled(recording: source)
        }
        return info
    }
}
