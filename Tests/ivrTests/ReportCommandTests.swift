import Foundation
import Testing

/// `ivr report` on the fixture corpus: replayed through `ivr batch`, imported with `ivr calls import`, and two calls
/// through `ivr call` whose tickets are answered, one on time and one late. Every figure below is counted by hand
/// from the corpus scripts (Tests/Fixtures/calls/*.expect.yaml and the event logs they give).
@Suite("ivr report on the fixture corpus", .serialized)
struct ReportCommandTests {
    static var root: String { LineCommandTests.packageRoot }

    /// The corpus, imported, plus two store-backed voicemail calls; returns the data folder.
    static func corpusData() throws -> String {
        let dir = IVRProcess.temporaryDirectory("report")
        let batch = try IVRProcess.run(["batch", "\(root)/Tests/Fixtures/calls", "--keep-events", "\(dir)/events",
                                        "--prompts", "\(root)/Prompts"])
        #expect(batch.status == 0, "\(batch.stdout)\(batch.stderr)")
        let common = ["--data", "\(dir)/var", "--calendar", "\(root)/Prompts/calendar"]
        for _ in 0..<2 {  // importing twice changes nothing
            let imported = try IVRProcess.run(["calls", "import", "\(dir)/events"] + common)
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("29 imported"), "\(imported.stdout)")
        }
        // Two callers leave a message on Fri 2025-09-26 10:00 (due Tue 09-30) through `ivr call`, which indexes them.
        for (id, number) in [("store-a", "13800138001"), ("store-b", "13800138002")] {
            let call = try IVRProcess.run(["call", "\(root)/Tests/Fixtures/calls/voicemail-hash-friday.wav", "--call-id", id,
                                           "--caller", number, "--now", "2025-09-26T10:00:00+08:00", "--data", "\(dir)/var",
                                           "--out", "\(dir)/out-\(id)", "--prompts", "\(root)/Prompts"])
            #expect(call.status == 0, "\(call.stderr)")
        }
        // 100017 answered Mon 09-29 (on time, 2 working days: Sun 09-28 is a make-up working day); 100025 on Thu 10-09 after the National Day holiday (late:
        // Sun 09-28 make-up day, 09-29, 09-30, 10-09 = 4 working days).
        let a = try IVRProcess.run(["tickets", "answered", "100017", "--note", "called back", "--by", "li",
                                    "--now", "2025-09-29T09:00:00+08:00"] + common)
        #expect(a.status == 0, "\(a.stderr)")
        let b = try IVRProcess.run(["tickets", "answered", "100025", "--note", "called back", "--by", "li",
                                    "--now", "2025-10-09T09:00:00+08:00"] + common)
        #expect(b.status == 0, "\(b.stderr)")
        return dir
    }

    @Test func reportFiguresMatchTheCorpusCountedByHand() throws {
        let dir = try Self.corpusData()
        let report = try IVRProcess.run(["report", "--from", "2025-09-01", "--to", "2026-02-28", "--now", "2025-10-20T10:00:00+08:00",
                                         "--data", "\(dir)/var", "--calendar", "\(Self.root)/Prompts/calendar",
                                         "--json", "\(dir)/r.json", "--html", "\(dir)/r.html"])
        #expect(report.status == 0, "\(report.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/r.json"))) as? [String: Any])

        // 29 corpus calls + 2 store calls.
        #expect(json["calls"] as? Int == 31)
        // Survey: holiday-festive 1, identity-demo-account 1, voicemail-hash-friday 2 (and the two store calls, the same
        // caller audio: 2, 2), documents-request 3, voicemail-silence-spring no key.
        let survey = try #require(json["survey"] as? [String: Any])
        #expect(survey["1"] as? Int == 2)
        #expect(survey["2"] as? Int == 3)
        #expect(survey["3"] as? Int == 1)
        #expect(survey["unrated"] as? Int == 1)
        #expect(survey["offered"] as? Int == 7)

        // Tickets on 2025-10-20. Voicemail: 8 in the corpus (due 09-30 ×5, 10-11, 2026-01-06, 2026-02-24) + 2 answered.
        let tickets = try #require(json["tickets"] as? [String: [String: Any]])
        let vm = try #require(tickets["voicemail"])
        #expect(vm["opened"] as? Int == 10)
        #expect(vm["answered_on_time"] as? Int == 1)
        #expect(vm["answered_late"] as? Int == 1)
        #expect(vm["overdue"] as? Int == 6)
        #expect(vm["pending"] as? Int == 2)
        #expect(vm["median_working_days_to_answer"] as? Double == 3)
        #expect(tickets["document"]?["opened"] as? Int == 2)      // documents-request, noisy-keys-documents (due 09-30)
        #expect(tickets["document"]?["overdue"] as? Int == 2)
        #expect(tickets["complaint"]?["opened"] as? Int == 1)     // complaint-ticket (due 09-30)
        #expect(tickets["complaint"]?["overdue"] as? Int == 1)
        #expect(tickets["complaint"]?["answered_on_time"] as? Int == 0)

        // Nodes.
        let nodes = try #require(json["nodes"] as? [String: [String: Int]])
        #expect(nodes["main"] == ["reached": 31, "abandoned": 3, "noinput": 1, "nomatch": 1, "noinput_events": 3, "nomatch_events": 3])
        // voicemail: 10 corpus calls + 2; the caller hung up there in agent-night, hangup, listen, new-year, rerecord.
        #expect(nodes["voicemail"]?["reached"] == 12)
        #expect(nodes["voicemail"]?["abandoned"] == 5)
        #expect(nodes["agent"]?["reached"] == 6)
        #expect(nodes["agent"]?["abandoned"] == 3)
        #expect(nodes["identity"]?["reached"] == 5)
        #expect(nodes["identity"]?["nomatch"] == 1)
        #expect(nodes["identity"]?["abandoned"] == 1)
        #expect(nodes["employment"]?["noinput"] == 1)
        #expect(nodes["complaints.ticket_status"] == ["reached": 1, "abandoned": 1, "noinput": 0, "nomatch": 1, "noinput_events": 0, "nomatch_events": 2])
        #expect(nodes["survey"]?["reached"] == 7)
        #expect(nodes["welcome"]?["abandoned"] == 0)

        // Volumes: Sun 09-21 and National Day 10-01 are days off; 09-26 (27 calls), 12-31, 2026-02-12 working days.
        let hours = try #require(json["hours"] as? [String: [Int]])
        #expect(hours["working_days"]?[10] == 27)   // 23 corpus calls on 09-26 at 10:00, 2 store calls, 12-31, 2026-02-12
        #expect(hours["working_days"]?[15] == 1)    // cantonese-choice
        #expect(hours["working_days"]?[22] == 1)    // agent-night-voicemail
        #expect(hours["days_off"]?[15] == 1)        // agent-sunday-back
        #expect(hours["days_off"]?[10] == 1)        // agent-holiday-festive
        let days = try #require(json["days"] as? [[String: Any]])
        let byDate = Dictionary(uniqueKeysWithValues: days.map { ($0["date"] as! String, $0) })
        #expect(byDate["2025-09-26"]?["calls"] as? Int == 27)
        #expect(byDate["2025-10-01"]?["working_day"] as? Bool == false)
        #expect(byDate["2025-10-01"]?["holiday"] as? String != nil)
        #expect(byDate["2025-09-28"]?["working_day"] as? Bool == true)   // make-up working day (Sunday)

        // Topics: voicemail 12, agent 6, identity 5 (account counts as identity), then 2 each, then 1.
        let topics = try #require(json["topics"] as? [[String: Any]])
        let topicCounts = Dictionary(uniqueKeysWithValues: topics.map { ($0["id"] as! String, $0["calls"] as! Int) })
        #expect(topicCounts == ["voicemail": 12, "agent": 6, "identity": 5, "complaints": 2, "documents": 2, "employment": 2,
                                "social_insurance": 2, "labor_relations": 1, "personnel": 1])
        let paths = try #require(json["top_paths"] as? [[String: Any]])
        #expect(paths.first?["id"] as? String == "main > voicemail")
        #expect(paths.first?["calls"] as? Int == 4)

        // Containment: 17 corpus calls + the 2 store calls served with no agent.
        #expect(json["contained"] as? Int == 19)
        // Agents: business-hours, global-keys, wrong-keys queued and hung up; festive, night, sunday out of hours.
        let agent = try #require(json["agent"] as? [String: Any])
        #expect(agent["requests"] as? Int == 6)
        #expect(agent["in_hours"] as? Int == 3)
        #expect(agent["out_of_hours"] as? Int == 3)
        #expect(agent["abandoned_in_queue"] as? Int == 3)

        // The page carries the same figures, in Chinese, callers masked.
        let html = try String(contentsOfFile: "\(dir)/r.html", encoding: .utf8)
        #expect(html.contains("来电总量"))
        #expect(html.contains("<svg"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("13800138001"))
        let list = try IVRProcess.run(["calls", "list", "--from", "2025-09-26", "--to", "2025-09-26", "--data", "\(dir)/var",
                                       "--calendar", "\(Self.root)/Prompts/calendar"])
        #expect(list.stdout.contains("138******01"))
        #expect(!list.stdout.contains("13800138001"))
    }
}
