package import FileSafety
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

extension TicketStorageError {
    /// The storage error for a failed ``DurableFiles`` step: disk full, read-only or failure, with the fix.
    package init(_ error: FileError) {
        let reason: Reason
        switch error.reason {
        case .diskFull: reason = .diskFull
        case .readOnly: reason = .readOnly
        case .failure: reason = .failure
        }
        self.init(reason, path: error.path, message: error.message)
    }

    /// The storage error for the errno `code` of `action` on `path`.
    package init(errno code: Int32, path: String, action: String) {
        self.init(FileError(code, path: path, action: action))
    }

    /// Runs a ``DurableFiles`` step, turning its ``FileError`` into a storage error.
    package static func mapping<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as FileError { throw TicketStorageError(error) }
    }
}
