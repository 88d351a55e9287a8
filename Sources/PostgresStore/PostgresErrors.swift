import Foundation
import IVREngine
import PostgresNIO

/// Turns any error of a PostgreSQL step into a ``TicketStorageError`` naming the server and the fix.
///
/// postgres-nio hides server details from `description` (they may hold data); the message here keeps only the
/// SQLSTATE and the server's message text, which never carries bound values (ID hashes, PINs).
func postgresError(_ error: any Error, url: PostgresURL, action: String) -> TicketStorageError {
    if let e = error as? TicketStorageError { return e }
    let place = url.redacted
    if let e = error as? PSQLError {
        if e.code == .server, let info = e.serverInfo {
            let state = info[.sqlState] ?? "?"
            let text = info[.message] ?? ""
            let reason: TicketStorageError.Reason
            let fix: String
            switch state {
            case "53100": reason = .diskFull; fix = "free space on the PostgreSQL server's volume"
            case "25006", "42501": reason = .readOnly; fix = "give the ivr role write access (or point --store at the primary)"
            case "28P01", "28000": reason = .failure; fix = "check the user and password in --store"
            case "3D000": reason = .failure; fix = "create the database (createdb) or fix its name in --store"
            case "57P01", "57P02", "57P03": reason = .failure; fix = "the server is shutting down or starting; retry when it is up"
            default: reason = .failure; fix = "check the PostgreSQL server's log"
            }
            return TicketStorageError(reason, path: place, message: "\(action): PostgreSQL \(state) \(text); \(fix)")
        }
        let what: String
        switch e.code {
        case .connectionError: what = "cannot connect"
        case .serverClosedConnection, .uncleanShutdown: what = "the server closed the connection"
        case .clientClosedConnection: what = "the connection was closed"
        default: what = "\(e.code)"
        }
        return TicketStorageError(.failure, path: place, message: "\(action): \(what); check that PostgreSQL runs at \(url.host):\(url.port)")
    }
    if let e = error as? ChannelError {
        return TicketStorageError(.failure, path: place, message: "\(action): \(e); check that PostgreSQL runs at \(url.host):\(url.port)")
    }
    return TicketStorageError(.failure, path: place, message: "\(action): \(error)")
}

extension TicketStorageError {
    /// The same error, its message saying that no ticket was opened.
    var noTicketOpened: TicketStorageError {
        var e = self
        if !e.message.hasSuffix("(no ticket was opened)") { e.message += " (no ticket was opened)" }
        return e
    }
}
