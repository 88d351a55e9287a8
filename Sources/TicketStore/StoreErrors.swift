import Foundation
internal import GRDB
import IVREngine

/// Turns any error of a storage step into a ``TicketStorageError`` naming the path and the fix.
func storageError(_ error: any Error, path: String, action: String) -> TicketStorageError {
    if let e = error as? TicketStorageError { return e }
    if let e = error as? DatabaseError {
        let reason: TicketStorageError.Reason
        let fix: String
        switch e.resultCode {
        case .SQLITE_FULL:
            reason = .diskFull; fix = "free space on the data volume"
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            reason = .readOnly; fix = "make the data folder and ivr.sqlite writable by the ivr user"
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            reason = .failure; fix = "another process holds the database for too long; retry"
        case .SQLITE_IOERR where volumeIsFull(path):
            // SQLite reports a full volume while growing -shm or -wal as an I/O error (e.g. SQLITE_IOERR_SHMSIZE).
            reason = .diskFull; fix = "free space on the data volume"
        default:
            reason = .failure; fix = "check the data volume and the database file"
        }
        return TicketStorageError(reason, path: path, message: "\(action): SQLite \(e.extendedResultCode.rawValue) \(e.message ?? ""); \(fix)")
    }
    return TicketStorageError(.failure, path: path, message: "\(action): \(error)")
}

/// Throws the errno of a failed libc call as a ``TicketStorageError``.
@inline(__always)
func check(_ status: Int32, path: String, action: String) throws {
    if status != 0 { throw TicketStorageError(errno: errno, path: path, action: action) }
}

extension TicketStorageError {
    /// The same error, its message saying that no ticket was opened.
    var noTicket: TicketStorageError {
        var e = self
        if !e.message.hasSuffix("(no ticket was opened)") { e.message += " (no ticket was opened)" }
        return e
    }
}

/// Whether the volume holding `path` (or its nearest existing parent) has less than 256 KiB free.
func volumeIsFull(_ path: String) -> Bool {
    var p = path
    var st = statvfs()
    while statvfs(p, &st) != 0 {
        guard let slash = p.lastIndex(of: "/"), slash != p.startIndex else { return false }
        p = String(p[..<slash])
    }
    return Double(st.f_bavail) * Double(st.f_frsize) < 256 * 1024
}
