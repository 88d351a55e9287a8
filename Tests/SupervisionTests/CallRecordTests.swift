import Foundation
import Supervision
import Testing
import WorkingDays

/// Call-index rows from event logs (the README's contract), and the report figures they give.
@Suite("call records and report figures")
struct CallRecordTests {
    /// A caller queued for an agent at 20.2 s, offered a message at 80.2 s (overflow), who leaves one and rates 3.
    static let overflowLog = """
        {"t":0.000,"event":"answer","call":"c1","caller":"13912345678","now":"2025-09-26T10:00:00+08:00","lang":"cmn"}
        {"t":0.000,"event":"node","id":"welcome"}
        {"t":12.020,"event":"node","id":"main"}
        {"t":20.200,"event":"node","id":"agent"}
        {"t":20.200,"event":"transfer","queue":"general","result":"queued"}
        {"t":80.200,"event":"transfer","queue":"general","result":"overflow"}
        {"t":85.000,"event":"node","id":"voicemail"}
        {"t":85.000,"event":"noinput","node":"voicemail","count":1}
        {"t":99.000,"event":"ticket","number":"100017","kind":"voicemail","due":"2025-09-30"}
        {"t":101.000,"event":"node","id":"survey"}
        {"t":104.000,"event":"survey","score":3}
        {"t":104.000,"event":"node","id":"goodbye"}
        {"t":107.500,"event":"hangup","by":"line","reason":"goodbye"}
        """

    @Test func aRowFromALog() throws {
        let r = try CallRecord(eventLog: Self.overflowLog)
        #expect(r.callID == "c1")
        #expect(r.start == LocalDateTime(year: 2025, month: 9, day: 26, hour: 10))
        #expect(r.durationSeconds == 107.5)
        #expect(r.path == ["welcome", "main", "agent", "voicemail", "survey", "goodbye"])
        #expect(r.topics == ["agent", "voicemail"])
        #expect(r.agent == AgentRequest(inHours: true, result: "overflow", waitSeconds: 60))
        #expect(r.tickets == [TicketRef(number: "100017", kind: "voicemail", due: CivilDate(year: 2025, month: 9, day: 30)!)])
        #expect(r.surveyScore == 3 && r.surveyOffered)
        #expect(r.nodeErrors["voicemail"] == NodeErrors(noInput: 1, noMatch: 0))
        #expect(r.abandonedAt == nil)
        #expect(!r.contained)  // an agent was asked for
        #expect(CallerMask.mask(r.caller) == "139******78")
    }

    @Test func aCutOffLogStillGivesARowAndBadLinesAreNamed() throws {
        let cut = Self.overflowLog.split(separator: "\n").prefix(5).joined(separator: "\n")
        let r = try CallRecord(eventLog: cut)
        #expect(r.hangupReason == "incomplete" && r.hangupBy == "caller")
        #expect(r.abandonedAt == "agent")
        #expect(r.agent?.result == "queued" && r.agent?.waitSeconds == nil)
        #expect(throws: EventLogError.self) { try CallRecord(eventLog: "{\"t\":0,\"event\":\"answer\"\nnot json") }
        let missing = #expect(throws: EventLogError.self) { try CallRecord(eventLog: "{\"t\":0.1,\"event\":\"node\",\"id\":\"main\"}") }
        #expect(missing?.description.contains("no answer event") == true)
    }

    @Test func figuresFromRows() throws {
        let cal = try WorkingDayCalendar(years: [2025], holidays: [])
        let a = try CallRecord(eventLog: Self.overflowLog)
        var b = a
        b.callID = "c2"
        b.agent = AgentRequest(inHours: true, result: "answered", waitSeconds: 20)
        b.surveyScore = nil
        var c = a
        c.callID = "c3"
        c.start = LocalDateTime(year: 2025, month: 9, day: 27, hour: 9)   // a Saturday
        c.agent = nil
        c.surveyOffered = false
        c.surveyScore = nil
        let day = CivilDate(year: 2025, month: 9, day: 26)!
        let f = ServiceReport.compute(calls: [a, b, c], tickets: [], qaScores: [], calendar: cal,
                                      from: day, through: day.adding(days: 1), today: CivilDate(year: 2025, month: 10, day: 1)!)
        #expect(f.calls == 3)
        #expect(f.hoursWorkingDays[10] == 2 && f.hoursDaysOff[9] == 1)
        #expect(f.agent.requests == 2 && f.agent.answered == 1 && f.agent.overflow == 1)
        #expect(f.agent.waitMedian == 40 && f.agent.waitMax == 60)
        #expect(f.survey.dissatisfied == 1 && f.survey.unrated == 1 && f.survey.offered == 2)
        #expect(f.contained == 1)
        // Three tickets named by the logs only: open, due 09-30, overdue on 10-01.
        #expect(f.tickets.first { $0.kind == "voicemail" }?.overdue == 3)
        let json = try #require(try JSONSerialization.jsonObject(with: f.jsonData()) as? [String: Any])
        #expect((json["survey"] as? [String: Any])?["3"] as? Int == 1)
        #expect(f.html().contains("每日来电量"))
    }
}
