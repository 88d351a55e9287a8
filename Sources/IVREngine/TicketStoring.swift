import AudioIO
import Foundation
import WorkingDays

// The store protocol the engine talks to (conformed to by TicketStore.SQLiteTicketStore). No SQLite type here.

/// What a ticket is about.
public enum TicketKind: String, Sendable, CaseIterable, Codable {
    /// A voice message left at node `voicemail` (or from the agent overflow).
    case voicemail
    /// A complaint recorded at `complaints.complaint`.
    case complaint
    /// A document request (fax / SMS / e-mail) from `documents`.
    case document
}

/// Where a ticket stands. "Overdue" is not stored: it is derived from the due date and today.
public enum TicketStatus: String, Sendable, CaseIterable, Codable {
    /// Waiting for the back office.
    case open
    /// The caller has been answered.
    case answered
    /// Done (answered, withdrawn or merged); nothing more to do.
    case closed
}

/// A ticket number as callers hear and type it: a sequence number followed by one Damm check digit.
///
/// The check digit is the Damm digit of the number's length (in digits) followed by the sequence number. The
/// Damm algorithm catches every single mistyped digit and every swap of two adjacent digits; folding in the
/// length also catches about 9 in 10 extra or missing digits (plain Damm accepts any number with a 0 appended),
/// so "ticket status" can reject a typo before looking anything up.
public struct TicketNumber: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The digits, check digit last (e.g. "100017").
    public let digits: String

    /// Validates typed digits: at least 2 digits and a correct check digit; `nil` otherwise.
    public init?(validating text: some StringProtocol) {
        let s = String(text)
        guard s.count >= 2, s.count <= 18, s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              TicketNumber.damm(String(s.count) + s) == 0 else { return nil }
        digits = s
    }

    /// The number for a sequence value (≥ 0): its decimal digits plus the check digit.
    public init(sequence: Int) {
        precondition(sequence >= 0, "ticket sequence must not be negative")
        let body = String(sequence)
        digits = body + String(TicketNumber.damm(String(body.count + 1) + body))
    }

    /// The sequence value (the digits without the check digit).
    public var sequence: Int { Int(digits.dropLast())! }

    /// The digits.
    public var description: String { digits }

    public static func < (lhs: TicketNumber, rhs: TicketNumber) -> Bool { lhs.sequence < rhs.sequence }

    /// The Damm algorithm's interim digit over `digits` (0 when the last digit is the check digit of the rest).
    static func damm(_ digits: String) -> Int {
        var interim = 0
        for u in digits.utf8 { interim = dammTable[interim][Int(u) - 48] }
        return interim
    }

    /// The weakly totally anti-symmetric quasigroup of order 10 (Damm 2004).
    private static let dammTable: [[Int]] = [
        [0, 3, 1, 7, 5, 9, 8, 6, 4, 2], [7, 0, 9, 2, 1, 5, 4, 8, 6, 3], [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
        [1, 7, 5, 0, 9, 8, 3, 4, 2, 6], [6, 1, 2, 3, 0, 4, 5, 9, 7, 8], [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
        [5, 8, 6, 9, 7, 2, 0, 1, 3, 4], [8, 9, 4, 5, 3, 6, 2, 0, 1, 7], [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
        [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
    ]
}

/// The audio of a voicemail or complaint ticket (8 kHz mono 16-bit).
public enum TicketRecording: Sendable {
    /// Samples held in memory; the store writes the WAV.
    case samples([Int16])
    /// A finished WAV file (e.g. the call's `voicemail/partial/<call-id>.wav`): the store fsyncs it and renames
    /// it into place in the same step as the ticket row, and removes its sidecar. Must be on the data volume.
    case file(path: String)
}

/// Everything needed to open a ticket. The engine computes the due date with `WorkingDayCalendar.dueDate`.
public struct TicketRequest: Sendable {
    /// What the ticket is about.
    public var kind: TicketKind
    /// The caller's number (caller ID), `nil` when unknown.
    public var callerNumber: String?
    /// The node ids the call went through to get here, e.g. `["main", "voicemail"]`.
    public var menuPath: [String]
    /// When the ticket was opened (the injected clock's now).
    public var createdAt: Date
    /// The reply deadline (inclusive).
    public var dueDate: CivilDate
    /// The recording, if any.
    public var recording: TicketRecording?
    /// Extra facts, e.g. `["document": "2", "fax": "01088886666"]`. Never an ID number or PIN.
    public var details: [String: String]
    /// The call that opened it (for joining with the call summary and events).
    public var callID: String?

    /// Creates a request.
    public init(kind: TicketKind, callerNumber: String?, menuPath: [String], createdAt: Date, dueDate: CivilDate,
                recording: TicketRecording? = nil, details: [String: String] = [:], callID: String? = nil) {
        self.kind = kind
        self.callerNumber = callerNumber
        self.menuPath = menuPath
        self.createdAt = createdAt
        self.dueDate = dueDate
        self.recording = recording
        self.details = details
        self.callID = callID
    }
}

/// A ticket as stored.
public struct TicketInfo: Sendable, Hashable {
    /// Opaque identifier (never spoken).
    public var id: UUID
    /// The number callers hear and type.
    public var number: TicketNumber
    /// What it is about.
    public var kind: TicketKind
    /// Where it stands.
    public var status: TicketStatus
    /// The caller's number, `nil` when unknown.
    public var callerNumber: String?
    /// Node ids on the way to the ticket.
    public var menuPath: [String]
    /// When it was opened.
    public var createdAt: Date
    /// The reply deadline (inclusive).
    public var dueDate: CivilDate
    /// The recording, relative to the data folder (e.g. `voicemail/2025/09/26/100017.wav`), if any.
    public var recordingPath: String?
    /// Extra facts.
    public var details: [String: String]
    /// True when the ticket was rebuilt from a partial recording after a crash.
    public var recovered: Bool

    /// Creates a value.
    public init(id: UUID, number: TicketNumber, kind: TicketKind, status: TicketStatus, callerNumber: String?,
                menuPath: [String], createdAt: Date, dueDate: CivilDate, recordingPath: String?,
                details: [String: String], recovered: Bool) {
        self.id = id
        self.number = number
        self.kind = kind
        self.status = status
        self.callerNumber = callerNumber
        self.menuPath = menuPath
        self.createdAt = createdAt
        self.dueDate = dueDate
        self.recordingPath = recordingPath
        self.details = details
        self.recovered = recovered
    }

    /// Whether the ticket is still open after its due date (`today` is after `dueDate`).
    public func isOverdue(today: CivilDate) -> Bool { status == .open && dueDate < today }
}

/// An insured person's account facts for the self-service branch (fictional demo data).
public struct AccountFacts: Sendable, Hashable {
    /// Insured status.
    public enum InsuredStatus: String, Sendable, CaseIterable {
        /// 正常参保: contributions being paid.
        case active
        /// 暂停缴费: insured, contributions suspended.
        case suspended
        /// 退休: drawing a pension.
        case retired
    }

    /// Months of pension contributions paid.
    public var pensionContributionMonths: Int
    /// Pension personal account balance, in fen (0.01 yuan).
    public var pensionBalanceFen: Int64
    /// Medical insurance personal account balance, in fen.
    public var medicalBalanceFen: Int64
    /// Insured status.
    public var status: InsuredStatus

    /// Creates a value.
    public init(pensionContributionMonths: Int, pensionBalanceFen: Int64, medicalBalanceFen: Int64, status: InsuredStatus) {
        self.pensionContributionMonths = pensionContributionMonths
        self.pensionBalanceFen = pensionBalanceFen
        self.medicalBalanceFen = medicalBalanceFen
        self.status = status
    }
}

/// The outcome of an identity check.
public enum IdentityCheckResult: Sendable, Hashable {
    /// ID number and PIN match a person: here are the account facts.
    case verified(AccountFacts)
    /// No such ID, or the PIN is wrong (the caller is not told which).
    case mismatch
    /// Too many failed checks of this ID across calls: locked until the next day (whether or not the ID exists).
    case locked
}

/// What the engine stores at the end of a call.
public struct CallSummary: Sendable, Hashable {
    /// The call id (as in `events.jsonl`).
    public var callID: String
    /// The caller's number, `nil` when unknown.
    public var callerNumber: String?
    /// When the call was answered.
    public var startedAt: Date
    /// Duration in seconds (counted in samples by the engine).
    public var durationSeconds: Double
    /// The last node id before hangup.
    public var lastNode: String
    /// `caller` or `line`.
    public var hangupBy: String
    /// Why the call ended (e.g. `goodbye`, `noinput`, `hangup`).
    public var hangupReason: String
    /// Ticket numbers opened during the call.
    public var ticketNumbers: [TicketNumber]

    /// Creates a value.
    public init(callID: String, callerNumber: String?, startedAt: Date, durationSeconds: Double, lastNode: String,
                hangupBy: String, hangupReason: String, ticketNumbers: [TicketNumber] = []) {
        self.callID = callID
        self.callerNumber = callerNumber
        self.startedAt = startedAt
        self.durationSeconds = durationSeconds
        self.lastNode = lastNode
        self.hangupBy = hangupBy
        self.hangupReason = hangupReason
        self.ticketNumbers = ticketNumbers
    }
}

/// A storage failure the engine answers with the apology and agent/overflow path. Nothing was half-written.
public struct TicketStorageError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: String, Sendable {
        /// No space left on the data volume (ENOSPC, SQLITE_FULL).
        case diskFull
        /// The data folder or database cannot be written (EROFS, EACCES, SQLITE_READONLY).
        case readOnly
        /// Another I/O or database failure.
        case failure
    }

    /// What went wrong.
    public var reason: Reason
    /// The file or folder concerned.
    public var path: String
    /// One line for the operator: what failed and what to do.
    public var message: String

    /// Creates an error.
    public init(_ reason: Reason, path: String, message: String) {
        self.reason = reason
        self.path = path
        self.message = message
    }

    /// `ticket store: disk full at …: …`.
    public var description: String {
        let what = reason == .diskFull ? "disk full" : reason == .readOnly ? "read-only" : "failure"
        return "ticket store: \(what) at \(path): \(message)"
    }
}

/// The ticket store as the engine sees it. Implementations are thread-safe; every call is one transaction.
/// Failures are thrown as ``TicketStorageError`` and not logged by the store: log `error.description` once.
public protocol TicketStoring: Sendable {
    /// Opens a ticket and stores its recording in the same step: afterwards both exist, or neither does.
    /// - Throws: ``TicketStorageError`` (disk full, read-only, …): nothing was stored.
    func openTicket(_ request: TicketRequest) throws -> TicketInfo

    /// The ticket with this number, or `nil` when there is none. Validate typed numbers with
    /// ``TicketNumber/init(validating:)`` first.
    func ticket(number: TicketNumber) throws -> TicketInfo?

    /// Stores the caller's satisfaction rating (1 satisfied, 2 basically satisfied, 3 dissatisfied; `nil` = no key).
    func recordSurvey(callID: String, score: Int?, at: Date) throws

    /// Stores the summary of a finished call.
    func recordCallSummary(_ summary: CallSummary) throws

    /// Checks an 18-character ID number (X upper-case) and a 6-digit PIN against the demo insured persons.
    /// The ID is looked up by keyed hash and the PIN compared with a slow salted hash; neither is stored or logged.
    /// Failures count per ID across calls at `now` (the call's injected clock): too many lock the ID for the day.
    func verifyIdentity(idNumber: String, pin: String, at now: Date) throws -> IdentityCheckResult
}

/// A voicemail being recorded, streamed to `<data>/voicemail/partial/<call-id>.wav`, with a JSON sidecar
/// `<call-id>.json` so that a crash loses nothing: at the next start the store turns it into a ticket.
///
/// Sidecar format (UTF-8 JSON object): `{"callID": "...", "caller": "13800138000" | null,
/// "menuPath": ["main", "voicemail"], "kind": "voicemail", "createdAt": "2025-09-26T10:00:00+08:00",
/// "dueDate": "2025-09-30" | null}`.
public struct PartialRecording: Codable, Sendable, Hashable {
    /// The call id (also the file name).
    public var callID: String
    /// The caller's number, `nil` when unknown.
    public var caller: String?
    /// Node ids on the way to the recording.
    public var menuPath: [String]
    /// The ticket kind it would become (`voicemail` or `complaint`).
    public var kind: TicketKind
    /// When recording started, ISO 8601 with offset.
    public var createdAt: String
    /// The due date computed for the call, `YYYY-MM-DD`, if known.
    public var dueDate: String?

    /// Creates a sidecar value.
    public init(callID: String, caller: String?, menuPath: [String], kind: TicketKind = .voicemail, createdAt: String, dueDate: String? = nil) {
        self.callID = callID
        self.caller = caller
        self.menuPath = menuPath
        self.kind = kind
        self.createdAt = createdAt
        self.dueDate = dueDate
    }

    /// The folder of recordings in progress: `<data>/voicemail/partial`.
    public static func folder(dataDirectory: String) -> String { dataDirectory + "/voicemail/partial" }

    /// The WAV to stream a call's recording to: `<data>/voicemail/partial/<call-id>.wav`.
    public static func audioPath(dataDirectory: String, callID: String) -> String {
        folder(dataDirectory: dataDirectory) + "/" + callID + ".wav"
    }

    /// The sidecar path: `<data>/voicemail/partial/<call-id>.json`.
    public static func sidecarPath(dataDirectory: String, callID: String) -> String {
        folder(dataDirectory: dataDirectory) + "/" + callID + ".json"
    }

    /// Writes the sidecar (owner-only, temp + fsync + rename), creating the folder owner-only, and locks it.
    /// Call it when recording starts, before the first sample, and keep the returned lease until the ticket is
    /// opened or the message discarded: while it is held, a store opened by another process (a parallel batch
    /// call) leaves this recording alone; if the process dies, the kernel drops the lock and the next start
    /// recovers the recording.
    /// - Throws: ``TicketStorageError`` when the folder or file cannot be written.
    @discardableResult
    public func write(dataDirectory: String) throws -> PartialRecordingLease {
        let dir = PartialRecording.folder(dataDirectory: dataDirectory)
        let path = PartialRecording.sidecarPath(dataDirectory: dataDirectory, callID: callID)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(self)
        try DurableFiles.makeOwnerOnlyDirectories(dir)
        try DurableFiles.writeAtomically(data, to: path)
        return try PartialRecordingLease(path: path)
    }

    /// Removes a call's partial WAV and sidecar (a discarded message: too short or silent).
    public static func discard(dataDirectory: String, callID: String) {
        unlink(audioPath(dataDirectory: dataDirectory, callID: callID))
        unlink(sidecarPath(dataDirectory: dataDirectory, callID: callID))
    }

    /// Reads a sidecar; `nil` when missing or malformed.
    public static func read(path: String) -> PartialRecording? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(PartialRecording.self, from: data)
    }
}

/// An exclusive lock (flock) on a partial recording's sidecar, held while the call records.
public final class PartialRecordingLease: @unchecked Sendable {
    private let lock = NSLock()
    private var fd: Int32

    init(path: String) throws {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DurableFiles.error(errno, path: path, action: "cannot open the sidecar") }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { let e = errno; close(fd); throw DurableFiles.error(e, path: path, action: "cannot lock the sidecar") }
        }
    }

    /// Releases the lock (also done when the lease is deallocated).
    public func release() {
        lock.lock()
        defer { lock.unlock() }
        if fd >= 0 { close(fd); fd = -1 }
    }

    deinit { release() }
}

/// Small helpers for crash-safe, owner-only files (shared by the sidecar writer and the store).
public enum DurableFiles {
    /// Creates a folder and its missing parents with mode 0700.
    /// - Throws: ``TicketStorageError`` naming the folder.
    public static func makeOwnerOnlyDirectories(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            prefix += "/" + part
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST {
                throw error(errno, path: prefix, action: "cannot create the folder")
            }
        }
    }

    /// Writes every byte of `bytes` to `fd`, retrying short writes and EINTR.
    /// - Returns: 0, or the errno of the failed `write`.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += n
        }
        return 0
    }

    /// Writes `data` to `path` through a temporary file beside it: write, fsync, rename, fsync the folder. Mode 0600.
    /// - Throws: ``TicketStorageError``; the temporary file is removed and any old file left untouched.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        let temp = path + ".tmp-" + UUID().uuidString.prefix(8)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw error(errno, path: temp, action: "cannot create") }
        var failure = data.withUnsafeBytes { writeAll(fd, $0) }
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure == 0 && rename(temp, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temp)
            throw error(failure, path: path, action: "cannot write")
        }
        fsyncDirectory(String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]))
    }

    /// fsyncs a folder so that a rename into it survives a power cut. Returns the errno on failure, 0 on success.
    @discardableResult
    public static func fsyncDirectory(_ path: String) -> Int32 { SafeFiles.fsyncDirectory(path) }

    /// Maps an errno to a ``TicketStorageError`` with a one-line message.
    public static func error(_ code: Int32, path: String, action: String) -> TicketStorageError {
        let reason: TicketStorageError.Reason
        switch code {
        case ENOSPC, EDQUOT: reason = .diskFull
        case EROFS, EACCES, EPERM: reason = .readOnly
        default: reason = .failure
        }
        let fix: String
        switch reason {
        case .diskFull: fix = "free space on the data volume"
        case .readOnly: fix = "make the data folder writable by the ivr user"
        case .failure: fix = "check the data folder"
        }
        return TicketStorageError(reason, path: path, message: "\(action): \(String(cString: strerror(code))); \(fix)")
    }
}
