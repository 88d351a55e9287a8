import Foundation
import IVREngine
import Logging
import PostgresStore
import PostgresTestServer
import Testing
import TicketStore
import WorkingDays

/// The store backends every store test runs against.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }
}

/// Opens the store of `backend` for the data folder `dir` (for PostgreSQL: the folder's own database, and the
/// folder for recordings in progress).
func openStore(_ dir: String, logger: Logger? = nil, now: Date = fridayMorning, backend: Backend) throws -> any ManagedTicketStore {
    let log = logger ?? Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
    switch backend {
    case .sqlite:
        return try SQLiteTicketStore(dataDirectory: dir, calendar: shippedCalendar, now: now, logger: log)
    case .postgres:
        return try PostgresTicketStore(url: TestPostgres.database(for: dir), dataDirectory: dir, calendar: shippedCalendar,
                                       now: now, retryInterval: nil, logger: log)
    }
}

/// The bytes of a ticket's recording, wherever the backend keeps them.
func recordingBytes(_ store: any ManagedTicketStore, _ t: TicketInfo) throws -> Data? {
    guard let path = t.recordingPath else { return nil }
    return try store.recordingData(path: path)
}
