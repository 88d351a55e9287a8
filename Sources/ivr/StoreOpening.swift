import ArgumentParser
import Foundation
import IVREngine
import Logging
import PostgresStore
import TicketStore
import WorkingDays

/// `--store URL`, shared by every command that opens the ticket store (`ivr call`, `ivr line`, `ivr tickets`, …).
struct StoreOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The ticket store: postgres://USER[:PASSWORD]@HOST[:PORT]/DB for a store shared by several nodes "
            + "(password also from PGPASSWORD). Default: $IVR_STORE, else SQLite in --data.",
        valueName: "URL"))
    var store: String?

    /// The option, else `IVR_STORE`, else `nil` (SQLite in the data folder).
    var resolved: String? { StoreOpening.resolve(store) }
}

/// The one place that turns `--store` / `IVR_STORE` and `--data` into a ticket store.
enum StoreOpening {
    /// `--store` if given, else the `IVR_STORE` environment variable, else `nil` (SQLite in the data folder).
    static func resolve(_ option: String?) -> String? {
        if let option, !option.isEmpty { return option }
        if let env = ProcessInfo.processInfo.environment["IVR_STORE"], !env.isEmpty { return env }
        return nil
    }

    /// Opens the store: PostgreSQL when `store` is a `postgres://` address (the data folder then holds only this
    /// node's recordings in progress and call folders), SQLite in `data` when `store` is `nil`.
    /// - Throws: ``TicketStorageError`` (one line naming the folder or server and the fix).
    /// - Parameter node: the node's name on its tickets and calls in a shared store (default: the host name).
    static func open(store: String?, data: String, calendar: WorkingDayCalendar, settings: CalendarSettings,
                     now: Date, node: String? = nil, logger: Logger) throws -> any ManagedTicketStore {
        guard let store else {
            return try SQLiteTicketStore(dataDirectory: data, calendar: calendar, settings: settings, now: now, logger: logger)
        }
        guard PostgresURL.isPostgres(store) else {
            throw TicketStorageError(.failure, path: store, message: "--store takes a postgres:// address (omit it for SQLite in --data)")
        }
        return try PostgresTicketStore(url: PostgresURL(store), dataDirectory: data, calendar: calendar, settings: settings,
                                       now: now, node: node, logger: logger)
    }
}
