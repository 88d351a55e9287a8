import Foundation
import IVREngine

/// A parsed `postgres://user[:password]@host[:port]/database` address (also `postgresql://`).
///
/// The password may also come from the `PGPASSWORD` environment variable. ``redacted`` prints the address with
/// the password replaced by `***`, for logs and `cluster.sh status`.
package struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    /// The server's host name or address.
    package var host: String
    /// The server's TCP port.
    package var port: Int
    /// The role to log in as.
    package var user: String
    /// The password, if any.
    package var password: String?
    /// The database name.
    package var database: String

    /// Whether `text` names a PostgreSQL store (starts with `postgres://` or `postgresql://`).
    package static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses an address.
    /// - Throws: ``TicketStorageError`` naming what is wrong, for a one-line operator error.
    package init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        func bad(_ why: String) -> TicketStorageError {
            TicketStorageError(.failure, path: PostgresURL.redact(text),
                               message: "\(why); expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
        }
        guard PostgresURL.isPostgres(text), let c = URLComponents(string: text) else { throw bad("not a postgres:// address") }
        guard let host = c.host, !host.isEmpty else { throw bad("no host") }
        guard let user = c.user, !user.isEmpty else { throw bad("no user") }
        let db = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        guard !db.isEmpty, !db.contains("/") else { throw bad("no database name") }
        self.host = host
        port = c.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        password = (c.password?.removingPercentEncoding ?? c.password) ?? environment["PGPASSWORD"]
        database = db.removingPercentEncoding ?? db
    }

    /// The address with the password hidden.
    package var redacted: String {
        "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }

    /// Same as ``redacted``: a URL never prints its password.
    package var description: String { redacted }

    /// Hides the password in an unparsed address.
    static func redact(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let scheme = text.range(of: "://"),
              let colon = text[scheme.upperBound..<at].firstIndex(of: ":") else { return text }
        return String(text[..<text.index(after: colon)]) + "***" + String(text[at...])
    }
}
