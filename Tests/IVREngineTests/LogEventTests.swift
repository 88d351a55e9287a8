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
}
