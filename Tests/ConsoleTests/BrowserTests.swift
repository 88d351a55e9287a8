import Console
import Foundation
import Hummingbird
import HummingbirdTesting
import IVREngine
import Testing
import TicketStore

/// The console in a real headless Chromium (Debian's `chromium` with `fonts-noto-cjk`), driven through the
/// DevTools protocol by `Scripts/console-browser.py`: log in, open the work queue, play a message, mark it
/// answered, see it leave the queue. Screenshots go to `$CONSOLE_SCREENSHOTS` (e.g. `docs/console`) or a
/// temporary folder.
@Suite struct BrowserTests {
    @Test(.timeLimit(.minutes(10))) func agentAnswersATicketInChromium() async throws {
        let f = try ConsoleFixture()
        defer { f.remove() }
        let ticket = f.overdue.number
        let shots = ProcessInfo.processInfo.environment["CONSOLE_SCREENSHOTS"] ?? temporaryFolder("console-shots")
        // The console's handlers run on threads of their own: the suite's synchronous tests (the SIP and cluster
        // suites wait on child processes) can hold every thread of the cooperative pool for minutes.
        try await withTaskExecutorPreference(DispatchTaskExecutor()) { try await f.app.test(.live) { client in
            let port = try #require(client.port)
            let output = try await Self.run(["python3", repositoryRoot.appendingPathComponent("Scripts/console-browser.py").path,
                                             "http://127.0.0.1:\(port)", ticket.digits, shots],
                                            environment: ["CONSOLE_PASSWORD": ConsoleFixture.password])
            #expect(output.status == 0, "\(output.text)")
            #expect(output.text.contains("PASSED"), "\(output.text)")
        } }
        #expect(try f.store.ticket(number: ticket)?.status == .answered)
        #expect(try f.store.auditTrail(number: ticket).last?.actor == "zhang")
        #expect(try f.store.listens().contains { $0.staffName == "zhang" && $0.ref == ticket.digits })
        for name in ["login", "queue", "ticket", "answered", "prompts", "listens", "accounts", "reports", "qa", "line"] {
            #expect(FileManager.default.fileExists(atPath: "\(shots)/\(name).png"), "\(name).png")
        }
    }

    /// Runs a command off the cooperative pool, returning its exit status and combined output.
    static func run(_ arguments: [String], environment: [String: String]) async throws -> (status: Int32, text: String) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = arguments
                process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
                let pipe = Pipe()
                process.standardOutput = pipe
                process.standardError = pipe
                do {
                    try process.run()
                    let data = pipe.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    continuation.resume(returning: (process.terminationStatus, String(decoding: data, as: UTF8.self)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}

/// Runs jobs on Dispatch's global concurrent queue instead of the cooperative pool (for a server under test).
final class DispatchTaskExecutor: TaskExecutor, @unchecked Sendable {
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        DispatchQueue.global().async { job.runSynchronously(on: executor) }
    }
}
