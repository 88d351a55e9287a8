public import Foundation
public import IVREngine

/// One recorded call of a batch: `NAME.wav` with `NAME.expect.yaml` beside it.
public struct BatchCall: Sendable {
    /// The call's name (file name without extension).
    public let name: String
    /// The caller recording.
    public let audioPath: String
    /// The expectation file.
    public let expectationPath: String
    /// Creates a call entry.
    public init(name: String, audioPath: String, expectationPath: String) {
        self.name = name
        self.audioPath = audioPath
        self.expectationPath = expectationPath
    }
}

/// The outcome of one call of a batch.
public struct BatchResult: Sendable {
    /// The call.
    public let call: BatchCall
    /// Mismatches ("expected …, got …"), or the reason the call could not run; empty when it passed.
    public let failures: [String]
    /// Seconds of caller audio the engine consumed.
    public let audioSeconds: Double
    /// CPU-independent wall seconds the call took (for the summary only; nothing is decided by it).
    public let elapsedSeconds: Double
    /// Whether the call passed.
    public var passed: Bool { failures.isEmpty }
    /// Creates a result.
    public init(call: BatchCall, failures: [String], audioSeconds: Double, elapsedSeconds: Double) {
        self.call = call
        self.failures = failures
        self.audioSeconds = audioSeconds
        self.elapsedSeconds = elapsedSeconds
    }
}

/// Runs a folder of recorded calls through the engine in parallel and checks each against its expectation.
public enum BatchRunner {
    /// What running one call produced.
    public struct CallOutput: Sendable {
        /// The call's event log, typed, in call order (what the session logged).
        public let events: [LoggedEvent]
        /// Seconds of caller audio consumed.
        public let audioSeconds: Double
        /// Creates an output.
        public init(events: [LoggedEvent], audioSeconds: Double) {
            self.events = events
            self.audioSeconds = audioSeconds
        }
    }

    /// Finds `*.wav` files in `directory` (sorted), each with its `.expect.yaml`.
    /// A WAV without an expectation is reported as a failed call, not skipped silently.
    public static func discover(_ directory: String) throws -> [BatchCall] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        return names.filter { $0.hasSuffix(".wav") }.map { file in
            let base = String(file.dropLast(4))
            return BatchCall(name: base, audioPath: "\(directory)/\(file)", expectationPath: "\(directory)/\(base).expect.yaml")
        }
    }

    /// Runs `calls` on `jobs` threads. `run` is handed the call, its expectation and a fresh private
    /// folder, and returns the call's typed event log; `progress` is called (serially) after each call.
    public static func run(_ calls: [BatchCall], jobs: Int,
                           run: @escaping @Sendable (BatchCall, CallExpectation, String) throws -> CallOutput,
                           progress: @escaping @Sendable (Int, BatchResult) -> Void = { _, _ in }) -> [BatchResult] {
        let state = SharedState(count: calls.count)
        let workers = max(1, min(jobs, calls.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = state.next() {
                let result = runOne(calls[index], run: run)
                state.store(result, at: index, progress: progress)
            }
        }
        return state.results.map { $0! }
    }

    private static func runOne(_ call: BatchCall,
                               run: @Sendable (BatchCall, CallExpectation, String) throws -> CallOutput) -> BatchResult {
        let start = DispatchTime.now()
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }
        let expectation: CallExpectation
        do { expectation = try CallExpectation.load(path: call.expectationPath) } catch {
            return BatchResult(call: call, failures: ["\(error)"], audioSeconds: 0, elapsedSeconds: elapsed())
        }
        let workDir = NSTemporaryDirectory() + "ivr-batch-\(call.name)-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: workDir) }
        do {
            try FileManager.default.createDirectory(atPath: workDir, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            let output = try run(call, expectation, workDir)
            let failures = expectation.check(events: output.events)
            return BatchResult(call: call, failures: failures, audioSeconds: output.audioSeconds, elapsedSeconds: elapsed())
        } catch {
            return BatchResult(call: call, failures: ["the call could not run: \(error)"], audioSeconds: 0, elapsedSeconds: elapsed())
        }
    }

    /// Work queue and results shared by the worker threads.
    private final class SharedState: @unchecked Sendable {
        private let lock = NSLock()
        private var nextIndex = 0
        private var done = 0
        private(set) var results: [BatchResult?]
        init(count: Int) { results = Array(repeating: nil, count: count) }
        func next() -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard nextIndex < results.count else { return nil }
            nextIndex += 1
            return nextIndex - 1
        }
        func store(_ r: BatchResult, at index: Int, progress: (Int, BatchResult) -> Void) {
            lock.lock(); defer { lock.unlock() }
            results[index] = r
            done += 1
            progress(done, r)
        }
    }
}

/// Reports of a batch: JUnit XML for CI systems and JSON for tools.
public enum BatchReport {
    /// JUnit XML: one testsuite "ivr-batch", one testcase per call, a <failure> with every mismatch.
    public static func junitXML(_ results: [BatchResult]) -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let failures = results.filter { !$0.passed }.count
        let total = results.reduce(0) { $0 + $1.elapsedSeconds }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites tests=\"\(results.count)\" failures=\"\(failures)\">\n"
        xml += "  <testsuite name=\"ivr-batch\" tests=\"\(results.count)\" failures=\"\(failures)\" time=\"\(String(format: "%.3f", total))\">\n"
        for r in results {
            xml += "    <testcase classname=\"calls\" name=\"\(esc(r.call.name))\" time=\"\(String(format: "%.3f", r.elapsedSeconds))\""
            if r.passed { xml += "/>\n"; continue }
            xml += ">\n      <failure message=\"\(esc(r.failures.first ?? ""))\">\(esc(r.failures.joined(separator: "\n")))</failure>\n    </testcase>\n"
        }
        xml += "  </testsuite>\n</testsuites>\n"
        return xml
    }

    /// JSON: `{"calls": [{"name", "passed", "failures", "audio_seconds", "elapsed_seconds"}], "passed", "failed"}`.
    public static func json(_ results: [BatchResult]) throws -> Data {
        let calls: [[String: Any]] = results.map {
            ["name": $0.call.name, "passed": $0.passed, "failures": $0.failures,
             "audio_seconds": $0.audioSeconds, "elapsed_seconds": $0.elapsedSeconds]
        }
        let root: [String: Any] = ["calls": calls, "passed": results.filter(\.passed).count,
                                   "failed": results.filter { !$0.passed }.count]
        return try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys])
    }
}
