import Foundation
import IVREngine
import NIOCore

/// The deadline of the PostgreSQL operation running on this thread (set by ``PostgresLink/withConnection(timeout:_:)``).
enum OperationDeadline {
    private static let key = "ivr.postgres.deadline"

    /// This thread's deadline, `nil` outside an operation.
    static var current: DispatchTime? {
        (Thread.current.threadDictionary[key] as? NSNumber).map { DispatchTime(uptimeNanoseconds: $0.uint64Value) }
    }

    /// Runs `body` with `deadline` as this thread's deadline (the outer one is kept when it is earlier).
    static func with<T>(_ deadline: DispatchTime, _ body: () throws -> T) rethrows -> T {
        let outer = current
        let effective = outer.map { min($0, deadline) } ?? deadline
        Thread.current.threadDictionary[key] = NSNumber(value: effective.uptimeNanoseconds)
        defer { Thread.current.threadDictionary[key] = outer.map { NSNumber(value: $0.uptimeNanoseconds) } }
        return try body()
    }
}

/// A wait that outlived its operation's deadline: the future may still complete later, but the caller goes on.
struct OperationTimedOut: Error {}

/// Holds a future's result for the waiting thread. `@unchecked Sendable`: written once before the semaphore is
/// signalled, read after it.
private final class ResultBox<Value>: @unchecked Sendable {
    var result: Result<Value, any Error>?
}

extension EventLoopFuture {
    /// Like `wait()`, but never past this thread's operation deadline (10 s from now outside an operation): a
    /// connection whose close never completes, or a server that stops answering mid-handshake, cannot hang a call.
    /// - Throws: the future's error, or ``OperationTimedOut``.
    func waitBounded() throws -> Value {
        let deadline = OperationDeadline.current ?? .now() + .seconds(10)
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox<Value>()
        whenComplete { result in
            box.result = result
            done.signal()
        }
        guard done.wait(timeout: deadline) == .success, let result = box.result else { throw OperationTimedOut() }
        return try result.get()
    }
}
