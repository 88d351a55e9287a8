import CallTestSupport
import Foundation
import IVREngine
import Testing
import WorkingDays

@Suite("batch expectations")
struct CallExpectationTests {
    /// A voicemail call's typed log, as the session logs it (samples at 8 kHz).
    static let log: [LoggedEvent] = [
        LoggedEvent(sample: 0, event: .answer(call: "c1", caller: "13800138000", now: "2025-09-26T10:00:00+08:00", lang: "cmn")),
        LoggedEvent(sample: 0, event: .node(id: "welcome")),
        LoggedEvent(sample: 72_800, event: .node(id: "main")),
        LoggedEvent(sample: 99_200, event: .node(id: "voicemail")),
        LoggedEvent(sample: 320_000, event: .ticket(number: "2509260017", kind: .voicemail,
                                                    due: CivilDate(year: 2025, month: 9, day: 30)!)),
        LoggedEvent(sample: 416_000, event: .node(id: "survey")),
        LoggedEvent(sample: 440_000, event: .survey(score: 1)),
        LoggedEvent(sample: 456_000, event: .node(id: "goodbye")),
        LoggedEvent(sample: 480_000, event: .hangup(by: .line, reason: "goodbye")),
    ]

    func expectation(_ yaml: String) throws -> CallExpectation {
        let path = NSTemporaryDirectory() + "ivr-expect-\(UUID().uuidString).expect.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return try CallExpectation.load(path: path)
    }

    @Test func matchingCallHasNoFailures() throws {
        let e = try expectation("""
        now: 2025-09-26T10:00:00+08:00
        caller: "13800138000"
        nodes: [welcome, main, voicemail, goodbye]
        tickets: [{kind: voicemail, due: 2025-09-30}]
        survey: 1
        hangup: line
        absent: [transfer, auth]
        absent_nodes: [agent]
        """)
        #expect(e.caller == "13800138000")
        #expect(e.now.hasPrefix("2025-09-26"))
        #expect(e.check(events: Self.log) == [])
    }

    @Test func eachMismatchIsExplained() throws {
        let e = try expectation("""
        now: 2025-09-26T10:00:00+08:00
        nodes: [welcome, voicemail, main]
        tickets: [{kind: voicemail, due: 2025-10-09}]
        survey: null
        auth: [ok]
        hangup: caller
        absent: [ticket]
        absent_nodes: [survey]
        """)
        let failures = e.check(events: Self.log)
        #expect(failures.count == 7)
        #expect(failures.contains { $0.hasPrefix("nodes: expected main") && $0.contains("got welcome → main → voicemail") })
        #expect(failures.contains { $0.contains("expected [voicemail due 2025-10-09], got [voicemail due 2025-09-30]") })
        #expect(failures.contains { $0 == "survey: expected score null, got 1" })
        #expect(failures.contains { $0.hasPrefix("auth: expected [\"ok\"], got []") })
        #expect(failures.contains { $0 == "hangup: expected by caller, got line" })
        #expect(failures.contains { $0.hasPrefix("events: expected no `ticket` event") })
        #expect(failures.contains { $0.hasPrefix("nodes: expected no survey") })
    }

    @Test func missingNowIsAnErrorNamingTheFile() throws {
        #expect(throws: CallExpectation.LoadError.self) { try expectation("nodes: [main]\n") }
    }

    @Test func junitReportsEveryFailure() throws {
        let call = BatchCall(name: "a<b", audioPath: "a.wav", expectationPath: "a.expect.yaml")
        let xml = BatchReport.junitXML([
            BatchResult(call: call, failures: ["survey: expected score 1, got 2"], audioSeconds: 10, elapsedSeconds: 0.1),
        ])
        #expect(xml.contains("failures=\"1\""))
        #expect(xml.contains("name=\"a&lt;b\""))
        #expect(xml.contains("<failure message=\"survey: expected score 1, got 2\">"))
    }
}
