import Foundation
import IVREngine
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// The synchronous bridge between the store protocol (blocking calls from any thread) and postgres-nio.
///
/// It owns a dedicated one-thread `EventLoopGroup` and a bounded pool of connections. Every operation runs on
/// the caller's thread, which waits (``EventLoopFuture/waitBounded()``) for the event loop: the loop itself never blocks,
/// and the caller is never a thread of this group. A connection that failed is closed and dropped, so the next
/// call reconnects: a store outage ends by itself when the server returns.
///
/// Bounds, so a sick server or network never hangs a call: at most ``maxOpen`` connections per process (a caller
/// waits up to the operation time limit for one to come free), and each operation has a time limit (10 s; the
/// start's migrations 60 s) after which its connection is closed and the operation fails with one line saying so,
/// whether the server is slow, hung, or gone without a word (a network partition).
///
/// `@unchecked Sendable`: the pool, the counters and the shut-down flag are only touched under `cond`; the rest is
/// constant.
final class PostgresLink: @unchecked Sendable {
    let url: PostgresURL
    private let group: MultiThreadedEventLoopGroup
    private let configuration: PostgresConnection.Configuration
    private let logger: Logger
    private let cond = NSCondition()
    private var idle: [PostgresConnection] = []
    private var open = 0
    private var nextID = 1
    private var isShutDown = false
    /// Idle connections kept open at most.
    private let maxIdle = 16
    /// Connections open at most (each node's calls, the retry timer and the console share them).
    let maxOpen = 32
    /// How long one operation (a statement, or a transaction) may take.
    let operationTimeout: TimeAmount

    init(url: PostgresURL, operationTimeout: TimeAmount = .seconds(10), logger: Logger) {
        self.url = url
        self.operationTimeout = operationTimeout
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var config = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user,
                                                      password: url.password, database: url.database, tls: .disable)
        config.options.connectTimeout = .seconds(5)
        configuration = config
    }

    /// Runs `body` with a connection of the pool (a new one when none is idle), within `timeout`: past it the
    /// connection is closed, which fails whatever `body` waits for.
    /// Every wait inside (connecting, each statement, closing) ends by the same deadline (``EventLoopFuture/waitBounded()``),
    /// so even a connection whose close never completes cannot hold the caller.
    func withConnection<T>(timeout: TimeAmount? = nil, _ body: (PostgresConnection) throws -> T) throws -> T {
        let timeout = timeout ?? operationTimeout
        let deadline = DispatchTime.now() + .nanoseconds(Int(timeout.nanoseconds))
        do {
            return try OperationDeadline.with(deadline) {
                let connection = try checkOut(timeout: timeout)
                let expired = ExpiryFlag()
                let watchdog = connection.eventLoop.scheduleTask(in: timeout) {
                    expired.set()
                    Self.retire(connection)
                }
                do {
                    let result = try body(connection)
                    watchdog.cancel()
                    if expired.isSet { throw timedOut(timeout) }
                    checkIn(connection)
                    return result
                } catch {
                    watchdog.cancel()
                    discardOrKeep(connection, after: error)
                    throw expired.isSet ? timedOut(timeout) : error
                }
            }
        } catch is OperationTimedOut {
            throw timedOut(timeout)
        }
    }

    private func timedOut(_ timeout: TimeAmount) -> TicketStorageError {
        TicketStorageError(.failure, path: url.redacted,
                           message: "no answer from PostgreSQL at \(url.host):\(url.port) within \(Self.seconds(timeout)); the connection was dropped (check the server and the network)")
    }

    static func seconds(_ t: TimeAmount) -> String { String(format: "%g s", Double(t.nanoseconds) / 1e9) }

    /// Runs `body` inside BEGIN … COMMIT on one connection; ROLLBACK when it throws.
    func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try withConnection { c in
            _ = try c.query("BEGIN", logger: logger).waitBounded()
            do {
                let result = try body(c)
                _ = try c.query("COMMIT", logger: logger).waitBounded()
                return result
            } catch {
                if !c.isClosed { _ = try? c.query("ROLLBACK", logger: logger).waitBounded() }
                throw error
            }
        }
    }

    /// Runs one statement and returns its rows.
    func query(_ q: PostgresQuery) throws -> PostgresQueryResult {
        try withConnection { try $0.query(q, logger: logger).waitBounded() }
    }

    /// Closes every idle connection and stops the event loop. Later calls fail.
    func shutdown() {
        cond.lock()
        let connections = idle
        open -= idle.count
        idle = []
        let wasShutDown = isShutDown
        isShutDown = true
        cond.broadcast()
        cond.unlock()
        for c in connections { _ = try? Self.retire(c).waitBounded() }
        if !wasShutDown { try? group.syncShutdownGracefully() }
    }

    deinit { shutdown() }

    private func checkOut(timeout: TimeAmount) throws -> PostgresConnection {
        let deadline = Date().addingTimeInterval(Double(timeout.nanoseconds) / 1e9)
        cond.lock()
        while true {
            if isShutDown {
                cond.unlock()
                throw TicketStorageError(.failure, path: url.redacted, message: "the store is closed")
            }
            while let c = idle.popLast() {
                if !c.isClosed { cond.unlock(); return c }
                open -= 1  // closed by the server while idle: nothing to close
            }
            if open < maxOpen { break }
            if !cond.wait(until: deadline) {
                cond.unlock()
                throw TicketStorageError(.failure, path: url.redacted,
                                         message: "all \(maxOpen) connections to PostgreSQL stayed busy for \(Self.seconds(timeout)); the server is slow or overloaded")
            }
        }
        open += 1
        let id = nextID
        nextID += 1
        cond.unlock()
        let connecting = PostgresConnection.connect(on: group.next(), configuration: configuration, id: id, logger: logger)
        do {
            return try connecting.waitBounded()
        } catch {
            // A connection that arrives after the deadline (the server answered late) is closed, not leaked.
            connecting.whenSuccess { late in Self.retire(late) }
            released()
            throw error
        }
    }

    /// Closes `c` without waiting; the close keeps the connection alive until it is done (postgres-nio requires a
    /// connection to be closed before it goes away).
    @discardableResult
    static func retire(_ c: PostgresConnection) -> EventLoopFuture<Void> {
        let closing: EventLoopFuture<Void> = c.close()
        closing.whenComplete { _ in withExtendedLifetime(c) {} }
        return closing
    }

    /// One connection fewer is open.
    private func released() {
        cond.lock()
        open -= 1
        cond.signal()
        cond.unlock()
    }

    private func checkIn(_ c: PostgresConnection) {
        cond.lock()
        if !isShutDown, !c.isClosed, idle.count < maxIdle {
            idle.append(c)
            cond.signal()
            cond.unlock()
            return
        }
        cond.unlock()
        if !c.isClosed { Self.retire(c) }
        released()
    }

    /// After an error: a server error (constraint, syntax) leaves the connection usable; anything else drops it.
    private func discardOrKeep(_ c: PostgresConnection, after error: any Error) {
        if let e = error as? PSQLError, e.code == .server, !c.isClosed {
            checkIn(c)
        } else {
            if !c.isClosed { Self.retire(c) }
            released()
        }
    }
}

/// Set once by a connection's watchdog. `@unchecked Sendable`: the flag is only reached under the lock.
private final class ExpiryFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
