import Foundation
import Testing

/// `ivr tickets …` through the built binary.
struct TicketsCommandTests {
    /// The `ivr` executable beside the test bundle.
    static let binary: String = tool("ivr")

    /// The `ivr-bench` load tool beside it (test tickets, never in a live folder).
    static let bench: String = tool("ivr-bench")

    static func tool(_ name: String) -> String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// The package root (for the shipped calendar).
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    struct Result {
        var status: Int32
        var out: String
        var err: String
    }

    static func ivr(_ args: [String], tool: String = binary, environment: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: root)
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    static func folder() -> String { NSTemporaryDirectory() + "ivr-cli-" + UUID().uuidString + "/var" }

    @Test func listShowAnswerCloseExportAndOverdue() throws {
        let data = Self.folder()
        let made = try Self.ivr(["stress", "--data", data, "--count", "3", "--now", "2025-09-26T10:00:00+08:00"], tool: Self.bench)
        #expect(made.status == 0, "\(made.err)")
        #expect(made.out.split(separator: "\n") == ["100017", "100025", "100030"])

        let json = try Self.ivr(["tickets", "list", "--json", "--data", data, "--now", "2025-10-01T09:00:00+08:00"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]])
        #expect(list.count == 3)
        #expect(list.map { $0["due_date"] as? String } == ["2025-09-30", "2025-09-30", "2025-09-30"])
        #expect(list.allSatisfy { $0["overdue"] as? Bool == true })
        #expect(list[0]["recording_path"] as? String == "voicemail/2025/09/26/100017.wav")

        // On the due date nothing is overdue yet; the day after, all are: exit 1 for cron.
        #expect(try Self.ivr(["tickets", "overdue", "--data", data, "--now", "2025-09-30T17:00:00+08:00"]).status == 0)
        let late = try Self.ivr(["tickets", "overdue", "--data", data, "--now", "2025-10-01T09:00:00+08:00"])
        #expect(late.status == 1)
        #expect(late.out.contains("3 overdue ticket(s) on 2025-10-01"))

        let answered = try Self.ivr(["tickets", "answered", "100017", "--note", "called back", "--by", "li", "--data", data,
                                     "--now", "2025-09-29T09:00:00+08:00"])
        #expect(answered.out == "100017 answered\n")
        #expect(try Self.ivr(["tickets", "close", "100025", "--note", "duplicate", "--data", data]).status == 0)
        let show = try Self.ivr(["tickets", "show", "100017", "--data", data])
        #expect(show.out.contains("status    answered"))
        #expect(show.out.contains("2025-09-29T09:00:00+08:00  open -> answered  by li: called back"))

        let closed = try Self.ivr(["tickets", "list", "--status", "closed", "--data", data])
        #expect(closed.out.contains("100025") && !closed.out.contains("100017"))
        let stillLate = try Self.ivr(["tickets", "overdue", "--data", data, "--now", "2025-10-01T09:00:00+08:00"])
        #expect(stillLate.out.contains("1 overdue ticket(s)"))

        let csv = try Self.ivr(["tickets", "export", "--csv", "--data", data, "--now", "2025-10-01T09:00:00+08:00"])
        let rows = csv.out.split(separator: "\r\n")
        #expect(rows.count == 4)
        #expect(rows[0] == "number,kind,status,overdue,caller,created_at,due_date,recording_path,menu_path,recovered,details")
        #expect(rows[3].hasPrefix("100030,voicemail,open,yes,"))
    }

    @Test(arguments: ["100015", "12", "abc", "1000170"])
    func aMistypedNumberIsCaughtBeforeLookup(number: String) throws {
        let r = try Self.ivr(["tickets", "show", number, "--data", Self.folder()])
        #expect(r.status == 2)
        #expect(r.err.contains("check for a typo"))
    }

    @Test func anUnknownValidNumberIsNotFound() throws {
        let r = try Self.ivr(["tickets", "close", "999994", "--note", "x", "--data", Self.folder()])
        #expect(r.status == 2)
        #expect(r.err.contains("no ticket 999994"))
    }

    @Test func badNowIsAOneLineError() throws {
        let r = try Self.ivr(["tickets", "overdue", "--data", Self.folder(), "--now", "yesterday"])
        #expect(r.status == 64)
        #expect(r.err.contains("--now yesterday"))
    }

    /// Several processes writing tickets into one data folder at once: no lost or duplicate numbers.
    @Test func concurrentProcessesGetDistinctNumbers() throws {
        let data = Self.folder()
        let processes = 4, each = 15
        let results = try (0..<processes).map { _ -> (Process, Pipe, Pipe) in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Self.bench)
            p.arguments = ["stress", "--data", data, "--count", String(each), "--now", "2025-09-26T10:00:00+08:00"]
            p.currentDirectoryURL = URL(fileURLWithPath: Self.root)
            let out = Pipe(), err = Pipe()
            p.standardOutput = out
            p.standardError = err
            try p.run()
            return (p, out, err)
        }
        var numbers: [String] = []
        for (p, out, err) in results {
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "\(errors)")
            numbers += text.split(separator: "\n").map(String.init)
        }
        let sequences = numbers.map { Int($0.dropLast())! }.sorted()
        #expect(sequences == Array(10001...(10000 + processes * each)))
        let list = try Self.ivr(["tickets", "list", "--data", data])
        #expect(list.out.contains("\(processes * each) ticket(s)"))
    }
}
