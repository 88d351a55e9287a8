public import Foundation
public import IVREngine
public import Supervision
public import WorkingDays

/// The ticket store as the tools see it (`ivr tickets`, reports, QA, the console): the engine's ``TicketStoring``,
/// the supervision tables (``SupervisionStoring``: call index, QA, line states), the console's tables
/// (``StaffStoring``: staff, sessions, listen audit, work queue), plus listing, status changes and recordings. Conformed to by ``SQLiteTicketStore`` (one machine) and by
/// `PostgresStore.PostgresTicketStore` (several nodes); open one with the `ivr` command's `--store` option.
public protocol ManagedTicketStore: TicketStoring, SupervisionStoring, StaffStoring {
    /// Business hours, UTC offset and reply deadlines.
    var settings: CalendarSettings { get }
    /// Holidays and make-up working days (due dates of recovered tickets, the report's working days).
    var calendar: WorkingDayCalendar { get }
    /// This machine's data folder (recordings in progress, call logs, QA recordings).
    var dataDirectory: String { get }
    /// What opening the store recovered or quarantined.
    var recovery: RecoveryReport { get }
    /// Where the tickets live, for logs (a folder, or a PostgreSQL address without its password).
    var location: String { get }
    /// Tickets, oldest first, optionally only those with `status`, or only those overdue on `overdueOn`.
    func tickets(status: TicketStatus?, overdueOn today: CivilDate?) throws -> [TicketInfo]
    /// Changes a ticket's status and appends to its audit trail, in one transaction; `nil` when no such ticket.
    @discardableResult
    func setStatus(number: TicketNumber, to status: TicketStatus, note: String, actor: String, at: Date) throws -> TicketInfo?
    /// The audit trail of a ticket, oldest first.
    func auditTrail(number: TicketNumber) throws -> [TicketEvent]
    /// The survey score stored for a call: `.some(nil)` for "not rated", `nil` when no survey was stored.
    func surveyScore(callID: String) throws -> Int??
    /// The number of call summaries stored.
    func callSummaryCount() throws -> Int
    /// The WAV bytes of a ticket's recording (``TicketInfo/recordingPath``), `nil` when there is none.
    func recordingData(path: String) throws -> Data?
    /// Every ticket as CSV (see ``ticketsCSV(today:)``).
    func exportCSV(today: CivilDate) throws -> String
    /// The end of the PIN lock on `idNumber` at `now`, or `nil` when it is not locked.
    func identityLockedUntil(idNumber: String, at now: Date) throws -> Date?
    /// Lifts the PIN lock on `idNumber` (audited); returns whether it was locked.
    @discardableResult
    func unlockIdentity(idNumber: String, actor: String, note: String, at now: Date) throws -> Bool
    /// The identity audit trail of `idNumber`, oldest first.
    func identityAudit(idNumber: String) throws -> [IdentityAuditEntry]
}

extension ManagedTicketStore {
    /// All tickets, oldest first.
    public func tickets() throws -> [TicketInfo] { try tickets(status: nil, overdueOn: nil) }
    /// Tickets with `status`, oldest first.
    public func tickets(status: TicketStatus) throws -> [TicketInfo] { try tickets(status: status, overdueOn: nil) }
    /// Lifts the PIN lock on `idNumber` without a note; returns whether it was locked.
    @discardableResult
    public func unlockIdentity(idNumber: String, actor: String, at now: Date) throws -> Bool {
        try unlockIdentity(idNumber: idNumber, actor: actor, note: "", at: now)
    }
    /// Open tickets overdue on `today`, oldest first.
    public func tickets(overdueOn today: CivilDate) throws -> [TicketInfo] { try tickets(status: nil, overdueOn: today) }

    /// Every ticket as CSV (RFC 4180, header line first): number, kind, status, overdue, caller, created, due,
    /// recording, menu path, recovered, details.
    public func ticketsCSV(today: CivilDate) throws -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out = "number,kind,status,overdue,caller,created_at,due_date,recording_path,menu_path,recovered,details\r\n"
        for t in try tickets(status: nil, overdueOn: nil) {
            let cols = [t.number.digits, t.kind.rawValue, t.status.rawValue, t.isOverdue(today: today) ? "yes" : "no",
                        t.callerNumber ?? "", settings.localDateTime(at: t.createdAt).iso8601,
                        t.dueDate.description, t.recordingPath ?? "", t.menuPath.joined(separator: ">"), t.recovered ? "yes" : "no",
                        TicketRow.json(t.details)]
            out += cols.map(field).joined(separator: ",") + "\r\n"
        }
        return out
    }
}

extension SQLiteTicketStore: ManagedTicketStore {
    /// The data folder.
    public var location: String { dataDirectory }

    /// Reads `<data>/<path>`; `nil` when the file is missing, is not a regular file, or resolves (through `..` or
    /// a symbolic link) outside the data folder.
    public func recordingData(path: String) throws -> Data? {
        guard !path.isEmpty, !path.contains(".."), !path.hasPrefix("/"), !path.contains("\0"),
              let base = realpath(dataDirectory, nil) else { return nil }
        defer { free(base) }
        guard let full = realpath(dataDirectory + "/" + path, nil) else { return nil }
        defer { free(full) }
        let file = String(cString: full)
        guard file.hasPrefix(String(cString: base) + "/"),
              (try? FileManager.default.attributesOfItem(atPath: file)[.type] as? FileAttributeType) == .typeRegular else { return nil }
        return FileManager.default.contents(atPath: file)
    }
}

extension TicketEvent {
    /// An audit-trail entry (for other store backends).
    package static func make(at: String, from: TicketStatus?, to: TicketStatus, note: String, actor: String) -> TicketEvent {
        TicketEvent(at: at, from: from, to: to, note: note, actor: actor)
    }
}

extension IdentityAuditEntry {
    /// An identity audit entry (for other store backends).
    package static func make(at: String, event: IdentityAuditEvent, actor: String, note: String, lockedUntil: String?) -> IdentityAuditEntry {
        IdentityAuditEntry(at: at, event: event, actor: actor, note: note, lockedUntil: lockedUntil)
    }
}
