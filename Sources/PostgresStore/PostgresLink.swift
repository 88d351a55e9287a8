import Foundation
import IVREngine
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// The synchronous bridge between the store protocol (blocking calls from any thread) and postgres-nio.
///
/// It owns a dedicated one-thread `EventLoopGroup` and a small pool of idle connections. Every operation runs on
/// the caller's thread, which waits (`EventLoopFuture.wait()`) for the event loop: the loop itself never blocks,
/// and the caller is never a thread of this group. A connection that failed is closed and dropped, so the next
/// call reconnects: a store outage ends by itself when the server returns.
///
/// `@unchecked Sendable`: the idle pool, the id counter and the shut-down flag are only touched under `lock`; the
/// rest is constant.
final class PostgresLink: @unchecked Sendable {
    let url: PostgresURL
    private let group: MultiThreadedEventLoopGroup
    private let configuration: PostgresConnection.Configuration
    private let logger: Logger
    private let lock = NSLock()
    private var idle: [PostgresConnection] = []
    private var nextID = 1
    private var isShutDown = false
    /// Idle connections kept open at most.
    private let maxIdle = 16

    init(url: PostgresURL, logger: Logger) {
        self.url = url
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var config = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user,
                                                      password: url.password, database: url.database, tls: .disable)
        config.options.connectTimeout = .seconds(5)
        configuration = config
    }

    /// Runs `body` with a connection of the pool (a new one when none is idle).
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try checkOut()
        do {
            let result = try body(connection)
            checkIn(connection)
            return result
        } catch {
            discardOrKeep(connection, after: error)
            throw error
        }
    }

    /// Runs `body` inside BEGIN … COMMIT on one connection; ROLLBACK when it throws.
    func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try withConnection { c in
            _ = try c.query("BEGIN", logger: logger).wait()
            do {
                let result = try body(c)
                _ = try c.query("COMMIT", logger: logger).wait()
                return result
            } catch {
                if !c.isClosed { _ = try? c.query("ROLLBACK", logger: logger).wait() }
                throw error
            }
        }
    }

    /// Runs one statement and returns its rows.
    func query(_ q: PostgresQuery) throws -> PostgresQueryResult {
        try withConnection { try $0.query(q, logger: logger).wait() }
    }

    /// Closes every idle connection and stops the event loop. Later calls fail.
    func shutdown() {
        lock.lock()
        let connections = idle
        idle = []
        let wasShutDown = isShutDown
        isShutDown = true
        lock.unlock()
        for c in connections { _ = try? c.close().wait() }
        if !wasShutDown { try? group.syncShutdownGracefully() }
    }

    deinit { shutdown() }

    private func checkOut() throws -> PostgresConnection {
        lock.lock()
        if isShutDown {
            lock.unlock()
            throw TicketStorageError(.failure, path: url.redacted, message: "the store is closed")
        }
        while let c = idle.popLast() {
            if !c.isClosed { lock.unlock(); return c }
            // Closed by the server while idle: nothing to close.
        }
        let id = nextID
        nextID += 1
        lock.unlock()
        return try PostgresConnection.connect(on: group.next(), configuration: configuration, id: id, logger: logger).wait()
    }

    private func checkIn(_ c: PostgresConnection) {
        lock.lock()
        if !isShutDown, !c.isClosed, idle.count < maxIdle {
            idle.append(c)
            lock.unlock()
            return
        }
        lock.unlock()
        if !c.isClosed { _ = try? c.close().wait() }
    }

    /// After an error: a server error (constraint, syntax) leaves the connection usable; anything else drops it.
    private func discardOrKeep(_ c: PostgresConnection, after error: any Error) {
        if let e = error as? PSQLError, e.code == .server, !c.isClosed {
            checkIn(c)
        } else if !c.isClosed {
            _ = try? c.close().wait()
        }
    }
}
