import ArgumentParser
import Foundation
import Logging
import TicketStore
import WorkingDays

/// `ivr-bench pin`: what one PIN check costs (the PBKDF2 derivation plus the lockout bookkeeping), in a
/// temporary store.
struct PINBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pin", abstract: "Time identity checks: right PIN, wrong PIN, unknown ID, and a refused (locked) ID.")
    @Option(help: "Checks of each kind.") var count = 20

    func run() throws {
        let folder = try BenchFolder.temporary()
        defer { folder.finish(keep: false) }
        let quiet = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let now = LocalDateTime(iso8601: "2025-09-26T10:00:00+08:00")!.instant
        let store = try SQLiteTicketStore(dataDirectory: folder.path, calendar: try WorkingDayCalendar(years: [], holidays: []),
                                          now: now, logger: quiet)
        // Wall time and this thread's CPU time per check: on a loaded machine wall time includes waiting for a core.
        func time(_ what: String, _ body: (Int) throws -> Void) rethrows {
            var wall: [Double] = [], cpu: [Double] = []
            for i in 0..<count {
                let t0 = DispatchTime.now().uptimeNanoseconds, c0 = Self.threadCPUNanoseconds()
                try body(i)
                cpu.append(Double(Self.threadCPUNanoseconds() - c0) / 1e6)
                wall.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            }
            print(TicketsBench.line(what + ", wall", wall))
            print(TicketsBench.line(what + ", CPU", cpu))
        }
        var load = [Double](repeating: 0, count: 3)
        if getloadavg(&load, 3) == 3 { print(String(format: "load average: %.2f %.2f %.2f", load[0], load[1], load[2])) }
        let demo = "11010519870412006X"
        // A right PIN resets the count, so the demo ID never locks here.
        try time("check, right PIN") { _ in _ = try store.verifyIdentity(idNumber: demo, pin: "958473", at: now) }
        // Wrong PINs, each on its own made-up ID (17 digits + check character), so none reaches the lock.
        try time("check, unknown ID") { i in _ = try store.verifyIdentity(idNumber: Self.id(i), pin: "000000", at: now) }
        try time("check, wrong PIN") { i in
            _ = try store.verifyIdentity(idNumber: demo, pin: String(format: "%06d", i), at: now)
            if i % 4 == 3 { _ = try store.verifyIdentity(idNumber: demo, pin: "958473", at: now) }
        }
        let locked = Self.id(100_000)
        for _ in 0..<SQLiteTicketStore.pinFailureLimit { _ = try store.verifyIdentity(idNumber: locked, pin: "000000", at: now) }
        try time("check, locked ID (refused, no derivation)") { _ in _ = try store.verifyIdentity(idNumber: locked, pin: "000000", at: now) }
    }

    /// CPU time used by the calling thread so far (CLOCK_THREAD_CPUTIME_ID), in nanoseconds.
    static func threadCPUNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// A valid made-up ID number: region 110105, born 1990-01-01, sequence `i`.
    static func id(_ i: Int) -> String {
        let body = "11010519900101" + String(format: "%03d", i % 1000)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.utf8.map { Int($0) - 48 }, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }
}
