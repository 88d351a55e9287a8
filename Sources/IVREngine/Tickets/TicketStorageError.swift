import Foundation
import WorkingDays

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
