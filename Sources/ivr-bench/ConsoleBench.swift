import ArgumentParser
import Console
import Foundation
import GRDB
import IVREngine
import Logging
import TicketStore
import WorkingDays

/// `ivr-bench console`: the staff console's work queue with many tickets in the store, over real HTTP on
/// loopback, in a temporary folder; optionally keeps serving so that `wrk` can load it (Scripts/bench.sh console).
struct ConsoleBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Measure the console's work queue with many tickets (server time over loopback HTTP; prints numbers).",
        discussion: "Works in a fresh temporary folder, removed afterwards unless --keep; or in --data DIR, which must be empty or absent.")
    @Option(help: "Tickets in the store.") var tickets = 100_000
    @Option(help: "Requests per page measured.") var requests = 200
    @Option(help: "Port to serve on (loopback).") var port = 8399
    @Option(help: "Keep serving this many seconds after measuring (for wrk), printing the session cookie.") var serveSeconds = 0
    @OptionGroup var folderOptions: BenchFolderOptions

    func run() throws {
        let folder = try folderOptions.open()
        defer { folder.finish(keep: folderOptions.keep) }
        let cal = try folderOptions.loadCalendar()
        let quiet = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        let now = LocalDateTime(iso8601: "2025-09-26T10:00:00+08:00")!.instant
        let store = try SQLiteTicketStore(dataDirectory: folder.path + "/data", calendar: cal, now: now, logger: quiet)

        let t0 = DispatchTime.now().uptimeNanoseconds
        let open = try Self.fill(databasePath: store.databasePath, count: tickets, today: CivilDate(iso: "2025-09-26")!)
        print(String(format: "filled %d tickets (%d open) in %.1f s", tickets, open, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9))

        try store.addStaff(name: "bench", role: .supervisor, passwordHash: Console.hashPassword("bench-password", cost: 4), at: now)
        let token = String(repeating: "ab", count: 32)
        let hash = Console.sessionTokenHash(token)
        try store.createSession(tokenHash: hash, staffName: "bench", csrf: "bench-csrf", at: now, expiresAt: now.addingTimeInterval(86400 * 365))
        var config = ConsoleConfiguration()
        config.port = port
        config.now = { now }
        let console = try Console(store: store, configuration: config)
        Task { try await console.run(logger: quiet) }
        let cookie = "ivr_session=\(token)"
        var ready = false
        for _ in 0..<100 where !ready {
            ready = (try? HTTPProbe.get(port: port, path: "/login", cookie: nil))?.status == 200
            if !ready { usleep(100_000) }
        }
        guard ready else { printError("the console did not start on port \(port)"); throw ExitCode.failure }

        let first = try store.openTickets(dueAfter: nil, through: CivilDate(iso: "2025-09-25")!, kind: nil, limit: 1).first!.number
        for path in ["/tickets", "/tickets?kind=complaint", "/tickets/\(first)"] {
            var ms: [Double] = []
            var bytes = 0
            for _ in 0..<requests {
                let s = DispatchTime.now().uptimeNanoseconds
                let r = try HTTPProbe.get(port: port, path: path, cookie: cookie)
                ms.append(Double(DispatchTime.now().uptimeNanoseconds - s) / 1e6)
                guard r.status == 200 else { printError("\(path): HTTP \(r.status)"); throw ExitCode.failure }
                bytes = r.bodyBytes
            }
            ms.sort()
            print(String(format: "GET %-26@ p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (%d requests, %d KB page, one client)",
                         path as NSString, ms[ms.count / 2], ms[ms.count * 9 / 10], ms[min(ms.count - 1, ms.count * 99 / 100)],
                         ms.last!, requests, bytes / 1024))
        }
        if serveSeconds > 0 {
            FileHandle.standardOutput.write(Data("serving on http://127.0.0.1:\(port)/ for \(serveSeconds) s; cookie: \(cookie)\n".utf8))
            sleep(UInt32(serveSeconds))
        }
    }

    /// Inserts `count` tickets straight into the database in one transaction: due dates over the past year and the
    /// next weeks, every third one and every one not yet due still open. Returns how many are open.
    static func fill(databasePath: String, count: Int, today: CivilDate) throws -> Int {
        let queue = try DatabaseQueue(path: databasePath)
        var open = 0
        try queue.inTransaction { db in
            let start = (try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM ticket") ?? 10_000) + 1
            let insert = try db.makeStatement(sql: """
                INSERT INTO ticket (id, seq, number, kind, status, caller_number, menu_path, created_at, due_date, details, call_id)
                VALUES (?, ?, ?, ?, ?, ?, '["main","voicemail"]', ?, ?, '{}', ?)
                """)
            let kinds = TicketKind.allCases
            for i in 0..<count {
                let seq = start + i
                let due = today.adding(days: -330 + (i * 7919) % 350)
                let isOpen = i % 3 == 0 || due >= today
                if isOpen { open += 1 }
                try insert.execute(arguments: [UUID().uuidString, seq, TicketNumber(sequence: seq).digits, kinds[(i / 3) % 3].rawValue,
                                               isOpen ? "open" : "answered", "1380013\(String(format: "%04d", i % 10_000))",
                                               "\(due.adding(days: -5))T10:00:00+08:00", due.description, "bench-\(i)"])
            }
            return .commit
        }
        return open
    }
}

/// One HTTP/1.1 GET over a fresh loopback connection (the bench's client; no dependencies).
enum HTTPProbe {
    static func get(port: Int, path: String, cookie: String?) throws -> (status: Int, bodyBytes: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ExitCode.failure }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw ExitCode.failure }
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + (cookie.map { "Cookie: \($0)\r\n" } ?? "") + "\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var response = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            response.append(contentsOf: buffer[0..<n])
        }
        let text = String(decoding: response.prefix(64), as: UTF8.self)
        let status = text.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        let headerEnd = response.indices.first { i in i + 3 < response.count && response[i] == 13 && response[i + 1] == 10 && response[i + 2] == 13 && response[i + 3] == 10 } ?? 0
        return (status, response.count - headerEnd - 4)
    }
}
