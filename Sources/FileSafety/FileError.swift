import Foundation

/// A failed file-system step of ``DurableFiles``: the errno, the path and the action, with the fix for the
/// operator. Libraries map it to their own error (`TicketStorageError`, `AudioFileError`) through ``reason`` and
/// ``message``.
package struct FileError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure it is, for the operator's fix.
    package enum Reason: Sendable {
        /// No space left (ENOSPC, EDQUOT).
        case diskFull
        /// Not writable (EROFS, EACCES, EPERM).
        case readOnly
        /// Anything else.
        case failure
    }

    /// The errno of the failed call.
    package var code: Int32
    /// The file or folder concerned.
    package var path: String
    /// What was being done, e.g. "cannot create the folder".
    package var action: String

    /// Creates an error from an errno.
    package init(_ code: Int32, path: String, action: String) {
        self.code = code
        self.path = path
        self.action = action
    }

    /// The kind of failure.
    package var reason: Reason {
        switch code {
        case ENOSPC, EDQUOT: .diskFull
        case EROFS, EACCES, EPERM: .readOnly
        default: .failure
        }
    }

    /// One line without the path: `<action>: <strerror>; <fix>`.
    package var message: String {
        let fix: String
        switch reason {
        case .diskFull: fix = "free space on the data volume"
        case .readOnly: fix = "make the data folder writable by the ivr user"
        case .failure: fix = code == ENOTDIR ? "remove the file in the way or choose another path" : "check the data folder"
        }
        return "\(action): \(String(cString: strerror(code))); \(fix)"
    }

    /// `<path>: <message>`.
    package var description: String { "\(path): \(message)" }
}
