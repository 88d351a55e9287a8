import Foundation
import Testing

/// `ivr serve` with a ticket store that cannot be used: the caller hears the apology and is taken on, and every
/// failure is counted in `ivr_store_errors_total`.
extension ServeTests {
    @Test("a store that did not open: a document request gets the apology and the agent path; store errors counted")
    func storeOutage() throws {
        let dir = IVRProcess.temporaryDirectory("serve")
        // A folder where the database file should be: the store cannot open (as any user, root included).
        try FileManager.default.createDirectory(atPath: dir + "/data/ivr.sqlite", withIntermediateDirectories: true)
        let name = "documents-request"
        let now = try #require(try ServeSupport.expectation(name, "now"))
        let line = try ServeProcess(data: dir + "/data", now: now)
        defer { _ = line.stop() }
        try #require(line.port > 0, "serve did not start: \(line.log)")
        var page = try ServeSupport.scrape(port: line.metricsPort)
        #expect(ServeSupport.metric(page, "ivr_store_errors_total") == 0, "no call, no store error yet: \(page)")

        let audio = try ServeSupport.ulaw(name, in: dir)
        let seconds = Double(try Data(contentsOf: URL(fileURLWithPath: audio)).count) / 8000
        // The caller hangs up 55 s into the call: after the confirmation (at about 36 s), the apology (about 8 s)
        // and the start of the agent queue.
        let pause = min(Int(seconds * 1000), 55000)
        let r = try ServeSupport.sipp(try Self.caller(dir, media: Self.stream(audio), pauseMs: pause), line: line,
                                      timeout: Int(seconds) + 60, in: dir)
        #expect(r.status == 0, "sipp: \(r.output.suffix(1200))")

        let folders = line.callFolders()
        try #require(folders.count == 1)
        let events = try ServeSupport.events(folders[0] + "/events.jsonl")
        let summary = ServeSupport.summary(events)
        #expect(summary.tickets.isEmpty, "no ticket can be stored: \(summary)")
        #expect(Array(summary.nodes.prefix(4)) == ["welcome", "main", "documents", "agent"], "the apology leads to the agent: \(summary)")
        let prompts = events.filter { $0["event"] as? String == "prompt" }.compactMap { $0["id"] as? String }
        #expect(prompts.contains("system_fault"), "the caller hears the apology: \(prompts)")
        page = try ServeSupport.scrape(port: line.metricsPort)
        #expect((ServeSupport.metric(page, "ivr_store_errors_total") ?? 0) >= 1, "\(page)")
        #expect(ServeSupport.metric(page, "ivr_calls_total{end=\"caller_bye\"}") == 1)
        #expect(ServeSupport.metric(page, "ivr_calls_active") == 0)
        #expect(ServeSupport.metric(page, "ivr_refused_total{reason=\"acl\"}") == 0)
        #expect(page.contains("ivr_invite_to_answer_seconds_count 1"), "one answered call in the set-up histogram: \(page)")
    }
}
