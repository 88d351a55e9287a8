import Foundation
import IVREngine
import Logging
import PostgresStore
import Testing
import TicketStore
import WorkingDays

/// The store backends every store test runs against.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }
}

/// A real PostgreSQL 15 server for the tests: the one named by `IVR_TEST_POSTGRES` (a `postgres://` address of a
/// role that may create databases), which Scripts/test.sh starts with Scripts/postgres.sh and stops after the
/// run. No server is a test failure, never a skip.
enum TestPostgres {
    /// The server's base address (database `ivr`), or why there is none.
    static let server: Result<PostgresURL, TicketStorageError> = {
        if let given = ProcessInfo.processInfo.environment["IVR_TEST_POSTGRES"], !given.isEmpty {
            return Result { try PostgresURL(given) }.mapError { $0 as? TicketStorageError ?? TicketStorageError(.failure, path: given, message: "\($0)") }
        }
        return .failure(TicketStorageError(.failure, path: "IVR_TEST_POSTGRES",
                                           message: "no PostgreSQL for the store suite: run Scripts/test.sh, which starts one with Scripts/postgres.sh and sets IVR_TEST_POSTGRES"))
    }()

    private static let lock = NSLock()
    nonisolated(unsafe) private static var created: Set<String> = []

    /// The address of a database of this test's own, named after the data folder (the same folder reopens the
    /// same database), created when first asked for.
    static func database(for dir: String) throws -> PostgresURL {
        var url = try server.get()
        // FNV-1a of the folder path: a stable name per folder.
        let hash = dir.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        let name = "t_" + String(hash, radix: 16)
        lock.lock()
        defer { lock.unlock() }
        if !created.contains(name) {
            let (status, out) = runCapturing(["psql", "-h", url.host, "-p", String(url.port), "-U", url.user, "-d", url.database,
                                              "-v", "ON_ERROR_STOP=1", "-qc", "CREATE DATABASE \(name)"])
            guard status == 0 || out.contains("already exists") else {
                throw TicketStorageError(.failure, path: url.redacted, message: "cannot create database \(name): \(out)")
            }
            created.insert(name)
        }
        url.database = name
        return url
    }
}

/// The repository's root folder.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// Runs a command, returning its exit status and its output and error text.
func runCapturing(_ args: [String]) -> (Int32, String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = args
    // Output goes to a file, not a pipe: a daemon the command starts (PostgreSQL, Kamailio) may inherit the
    // pipe's descriptor and never let it reach end-of-file.
    let outPath = NSTemporaryDirectory() + "ivr-run-" + UUID().uuidString
    guard FileManager.default.createFile(atPath: outPath, contents: nil), let out = FileHandle(forWritingAtPath: outPath) else {
        return (-1, "cannot create \(outPath)")
    }
    defer { try? FileManager.default.removeItem(atPath: outPath) }
    p.standardOutput = out
    p.standardError = out
    p.standardInput = FileHandle.nullDevice
    do { try p.run() } catch { return (-1, "\(error)") }
    p.waitUntilExit()
    try? out.close()
    let data = FileManager.default.contents(atPath: outPath) ?? Data()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
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
