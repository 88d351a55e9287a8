import Foundation
import IVREngine
import Testing
import WorkingDays

struct JSONCase: CustomTestStringConvertible, Sendable {
    var event: CallLogEvent
    var sample: Int
    var json: String
    var testDescription: String { event.name }
}

@Suite struct LogEventTests {
    static let cases: [JSONCase] = [
        JSONCase(event: .answer(call: "c1", caller: nil, now: "2026-03-02T10:00:00+08:00", lang: "cmn"), sample: 0,
                 json: #"{"t":0.000,"event":"answer","call":"c1","caller":null,"now":"2026-03-02T10:00:00+08:00","lang":"cmn"}"#),
        JSONCase(event: .prompt(id: "main_menu", lang: "cmn"), sample: 48000,
                 json: #"{"t":6.000,"event":"prompt","id":"main_menu","lang":"cmn"}"#),
        JSONCase(event: .promptEnd(id: "main_menu", lang: "yue", interrupted: true), sample: 49840,
                 json: #"{"t":6.230,"event":"prompt_end","id":"main_menu","lang":"yue","interrupted":true}"#),
        JSONCase(event: .node(id: "social_insurance.medical"), sample: 1,
                 json: #"{"t":0.000,"event":"node","id":"social_insurance.medical"}"#),
        JSONCase(event: .digit("#"), sample: 9840, json: ##"{"t":1.230,"event":"digit","digit":"#"}"##),
        JSONCase(event: .input(node: "identity", field: "id_number", value: "110105***********X"), sample: 8000,
                 json: #"{"t":1.000,"event":"input","node":"identity","field":"id_number","value":"110105***********X"}"#),
        JSONCase(event: .noInput(node: "main", count: 2), sample: 8000,
                 json: #"{"t":1.000,"event":"noinput","node":"main","count":2}"#),
        JSONCase(event: .noMatch(node: "main", count: 3), sample: 8000,
                 json: #"{"t":1.000,"event":"nomatch","node":"main","count":3}"#),
        JSONCase(event: .auth(.locked), sample: 8000, json: #"{"t":1.000,"event":"auth","result":"locked"}"#),
        JSONCase(event: .recordStart, sample: 8000, json: #"{"t":1.000,"event":"record_start"}"#),
        JSONCase(event: .recordEnd(reason: .silence, seconds: 12.5), sample: 8000,
                 json: #"{"t":1.000,"event":"record_end","reason":"silence","seconds":12.500}"#),
        JSONCase(event: .ticket(number: "202603020017", kind: .complaint, due: CivilDate(year: 2026, month: 3, day: 5)!),
                 sample: 8000,
                 json: #"{"t":1.000,"event":"ticket","number":"202603020017","kind":"complaint","due":"2026-03-05"}"#),
        JSONCase(event: .transfer(queue: "general", result: .overflow), sample: 8000,
                 json: #"{"t":1.000,"event":"transfer","queue":"general","result":"overflow"}"#),
        JSONCase(event: .survey(score: nil), sample: 8000, json: #"{"t":1.000,"event":"survey","score":null}"#),
        JSONCase(event: .survey(score: 3), sample: 8000, json: #"{"t":1.000,"event":"survey","score":3}"#),
        JSONCase(event: .hangup(by: .caller, reason: "caller"), sample: 1_234_567,
                 json: #"{"t":154.321,"event":"hangup","by":"caller","reason":"caller"}"#),
    ]

    @Test(arguments: cases)
    func serialisesToTheDesignShape(_ c: JSONCase) {
        #expect(LoggedEvent(sample: c.sample, event: c.event).json == c.json)
    }

    @Test func stringsAreEscaped() {
        let json = LoggedEvent(sample: 0, event: .answer(call: "a\"b\\c\n", caller: "x", now: "n", lang: "cmn")).json
        #expect(json.contains(#""call":"a\"b\\c\n""#))
    }

    @Test func eventTimesAreSamplesSinceAnswer() {
        var call = CallDriver.answered()
        call.answer("1")
        let digit = call.logged.first { $0.event.isDigit }
        #expect(digit?.sample == 64000 + 1600)
        #expect(digit?.json == #"{"t":8.200,"event":"digit","digit":"1"}"#)
    }

    @Test func aFullCallLogIsOrderedAndComplete() {
        var call = CallDriver.reaching("goodbye")
        call.finishPrompt()
        let names = call.events.map(\.name)
        #expect(names.first == "answer")
        #expect(names.last == "hangup")
        #expect(call.logged.map(\.sample) == call.logged.map(\.sample).sorted())
        for name in ["node", "prompt", "prompt_end", "digit", "survey"] { #expect(names.contains(name)) }
    }

    /// The one test of the file itself (`events.jsonl`, docs/contracts.md): one JSON object per line, in call
    /// order, each ending in a newline, owner-only. Everything else checks the typed entries.
    @Test func theEventLogFileHoldsOneJSONObjectPerLine() throws {
        let folder = NSTemporaryDirectory() + "ivr-events-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/events.jsonl"
        let file = try EventLogFile(path: path)
        for entry in CallExpectationTests.log { file.append(entry) }
        try file.close()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == """
        {"t":0.000,"event":"answer","call":"c1","caller":"13800138000","now":"2025-09-26T10:00:00+08:00","lang":"cmn"}
        {"t":0.000,"event":"node","id":"welcome"}
        {"t":9.100,"event":"node","id":"main"}
        {"t":12.400,"event":"node","id":"voicemail"}
        {"t":40.000,"event":"ticket","number":"2509260017","kind":"voicemail","due":"2025-09-30"}
        {"t":52.000,"event":"node","id":"survey"}
        {"t":55.000,"event":"survey","score":1}
        {"t":57.000,"event":"node","id":"goodbye"}
        {"t":60.000,"event":"hangup","by":"line","reason":"goodbye"}

        """)
        #expect(file.text == text && file.events == CallExpectationTests.log)
        let objects = text.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.map { $0?["event"] as? String } == CallExpectationTests.log.map(\.event.name))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
