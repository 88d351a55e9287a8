import Foundation
import Testing

/// PIN guessing across calls: a caller who redials does not get three fresh tries each time (issue 11).
@Suite("PIN lockout across calls")
struct PINLockoutCallTests {
    static var fixtures: String { LineCommandTests.packageRoot + "/Tests/Fixtures/calls" }

    static func events(_ dir: String) throws -> [[String: Any]] {
        try String(contentsOfFile: dir + "/events.jsonl", encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    static func auth(_ events: [[String: Any]]) -> [String] {
        events.filter { $0["event"] as? String == "auth" }.compactMap { $0["result"] as? String }
    }

    @Test func theSecondCallOfThreeWrongPINsLocksTheIDForTheDay() throws {
        let dir = IVRProcess.temporaryDirectory("lockout")
        let args = ["call", Self.fixtures + "/identity-lockout.wav", "--data", dir + "/var", "--prompts", CallCommandTests.prompts]
        let first = try IVRProcess.run(args + ["--now", "2025-09-26T10:00:00+08:00", "--out", dir + "/c1", "--call-id", "c1"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(Self.auth(try Self.events(dir + "/c1")) == ["fail", "fail", "fail", "locked"])
        // Redialled at noon: failures 4 and 5 of the day; the fifth locks.
        let second = try IVRProcess.run(args + ["--now", "2025-09-26T12:00:00+08:00", "--out", dir + "/c2", "--call-id", "c2"])
        #expect(second.status == 0, "\(second.stderr)")
        let events = try Self.events(dir + "/c2")
        #expect(Self.auth(events) == ["fail", "locked_today"])
        let prompts = events.filter { $0["event"] as? String == "prompt" }.compactMap { $0["id"] as? String }
        #expect(prompts.contains("identity_locked_help"))
        // The next day the count starts again.
        let third = try IVRProcess.run(args + ["--now", "2025-09-27T09:00:00+08:00", "--out", dir + "/c3", "--call-id", "c3"])
        #expect(Self.auth(try Self.events(dir + "/c3")) == ["fail", "fail", "fail", "locked"], "\(third.stderr)")
    }

    @Test func anOperatorUnlocksAnIDAndTheTrailShowsIt() throws {
        let dir = IVRProcess.temporaryDirectory("lockout")
        let args = ["call", Self.fixtures + "/identity-lockout.wav", "--data", dir + "/var", "--prompts", CallCommandTests.prompts]
        for (i, now) in ["2025-09-26T10:00:00+08:00", "2025-09-26T12:00:00+08:00"].enumerated() {
            let r = try IVRProcess.run(args + ["--now", now, "--out", dir + "/c\(i)", "--call-id", "c\(i)"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let data = ["--data", dir + "/var", "--prompts", CallCommandTests.prompts, "--now", "2025-09-26T13:00:00+08:00"]
        let before = try IVRProcess.run(["accounts", "audit", "11010519870412006x"] + data)
        #expect(before.stdout.contains("locked until 2025-09-27T00:00:00+08:00  by ivr"), "\(before.stdout)")
        #expect(before.stdout.contains("110105***********X: 6 event(s); locked"))
        #expect(!before.stdout.contains("11010519870412006"))
        let unlock = try IVRProcess.run(["accounts", "unlock", "11010519870412006X", "--by", "li", "--note", "came to the window"] + data)
        #expect(unlock.status == 0, "\(unlock.stderr)")
        #expect(unlock.stdout == "110105***********X unlocked\n")
        let after = try IVRProcess.run(["accounts", "audit", "11010519870412006X"] + data)
        #expect(after.stdout.contains("unlocked  by li: came to the window") && after.stdout.contains("not locked"), "\(after.stdout)")
        // The same afternoon the demo person can log in again (call 3: three fresh tries, in-call lock only).
        let third = try IVRProcess.run(args + ["--now", "2025-09-26T14:00:00+08:00", "--out", dir + "/c3", "--call-id", "c3"])
        #expect(Self.auth(try Self.events(dir + "/c3")) == ["fail", "fail", "fail", "locked"], "\(third.stderr)")
        let typo = try IVRProcess.run(["accounts", "unlock", "110105198704120061"] + data)
        #expect(typo.status == 64 && typo.stderr.contains("check for a typo") && !typo.stderr.contains("11010519870412006"))
    }
}
