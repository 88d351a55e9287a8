import Foundation
import Testing

/// A finished call the store cannot take (it is away) waits in `<data>/calls/backlog` with its recording, and goes
/// into the call index as soon as a driver has the store again: nothing is lost from the index while it is away.
@Suite("call index backlog")
struct CallIndexBacklogTests {
    static var root: String { LineCommandTests.packageRoot }

    @Test func aCallTheStoreCouldNotTakeIsIndexedWhenTheStoreIsBack() throws {
        let data = IVRProcess.temporaryDirectory("backlog") + "/var"
        let common = ["--now", "2025-09-26T10:00:00+08:00", "--data", data, "--prompts", "\(Self.root)/Prompts"]
        // The store is away: nothing listens on port 1. The call runs (the apology path where a ticket was asked
        // for) and waits in the backlog, its recording beside it.
        let away = try IVRProcess.run(["call", "\(Self.root)/Tests/Fixtures/calls/policy-replay.wav", "--record", "--call-id", "away-1",
                                       "--out", data + "/../out-away", "--store", "postgres://ivr@127.0.0.1:1/ivr"] + common)
        #expect(away.status == 0, "\(away.stderr)")
        #expect(away.stderr.contains("cannot index call away-1") && away.stderr.contains("\(data)/calls/backlog"), "\(away.stderr)")
        let entry = data + "/calls/backlog/away-1.json"
        #expect((try? FileManager.default.attributesOfItem(atPath: entry)[.posixPermissions] as? Int) == 0o600)
        let recording = data + "/calls/2025/09/26/away-1.flac"
        #expect(FileManager.default.fileExists(atPath: recording))

        // The next call has its store (SQLite in --data): the waiting call goes in first, with its recording.
        let back = try IVRProcess.run(["call", "\(Self.root)/Tests/Fixtures/calls/documents-request.wav", "--call-id", "back-2",
                                       "--out", data + "/../out-back"] + common)
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stderr.contains("indexed 1 call(s) kept in \(data)/calls/backlog"), "\(back.stderr)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: data + "/calls/backlog")) ?? []).isEmpty)
        let list = try IVRProcess.run(["calls", "list", "--from", "2025-09-26", "--to", "2025-09-26", "--data", data])
        #expect(list.status == 0, "\(list.stderr)")
        let rows = list.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.contains { $0.first == "away-1" && $0.last == "calls/2025/09/26/away-1.flac" }, "\(list.stdout)")
        #expect(rows.contains { $0.first == "back-2" }, "\(list.stdout)")
    }

    @Test func anEntryThatIsNotACallIsMovedAsideAndNamed() throws {
        let data = IVRProcess.temporaryDirectory("backlog-bad") + "/var"
        let folder = data + "/calls/backlog"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("{\"events\": \"not json lines\"}".utf8).write(to: URL(fileURLWithPath: folder + "/bad-1.json"))
        let run = try IVRProcess.run(["call", "\(Self.root)/Tests/Fixtures/calls/documents-request.wav", "--call-id", "c-3",
                                      "--out", data + "/../out", "--now", "2025-09-26T10:00:00+08:00", "--data", data,
                                      "--prompts", "\(Self.root)/Prompts"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("\(folder)/bad-1.json: not a call the index can take"), "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder + "/bad-1.json.unreadable"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/bad-1.json"))
    }
}
