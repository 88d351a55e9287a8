import Foundation
import Testing

/// `ivr serve --agent-uri`: the agent node in business hours sends REFER to the caller's side; a NOTIFY with a
/// 2xx sipfrag hands the caller over, a failure or no answer within the agent queue's maximum wait leads to
/// the overflow offer (a voice message).
extension ServeTests {
    static let agent = "sip:agent@127.0.0.1:5099"

    /// A transfer scenario (refer_answered, refer_failed, refer_unanswered) whose caller presses 1 (Mandarin,
    /// type-ahead) and 0 (the agent) early, then the keys in `later`.
    static func transferCaller(_ name: String, in dir: String, sipfrag: String = "", later: String = "",
                               pauseMs: Int) throws -> String {
        let keys = "1@2000,0@4000" + (later.isEmpty ? "" : "," + later)
        let keyFile = "\(dir)/\(name)-keys.pcap"
        let made = try ServeSupport.run("/usr/bin/python3", [ServeSupport.fixtures + "/make_rtp_pcap.py", "timed", keys, keyFile])
        #expect(made.status == 0, "make_rtp_pcap: \(made.output)")
        return try ServeSupport.scenario(name, in: dir, [
            "FORMATS": ServeSupport.formats, "ATTRS": ServeSupport.attributes, "MEDIA": pcap(keyFile), "CALLER": "13800138000",
            "AGENT": agent, "SIPFRAG": sipfrag, "REFER_WAIT": "40000", "PAUSE": "\(pauseMs)"])
    }

    /// A call log's `transfer` results, its node path and its `hangup` as `by/reason`.
    static func transferSummary(_ events: [[String: Any]]) -> (results: [String], nodes: [String], hangup: String) {
        let results = events.filter { $0["event"] as? String == "transfer" }.compactMap { $0["result"] as? String }
        let nodes = events.filter { $0["event"] as? String == "node" }.compactMap { $0["id"] as? String }
        let hangup = events.last { $0["event"] as? String == "hangup" }.map { "\($0["by"] ?? "")/\($0["reason"] ?? "")" } ?? ""
        return (results, nodes, hangup)
    }

    @Test("--agent-uri: REFER to the agent; NOTIFY 200 hands the caller over, 486 or no NOTIFY in the wait → overflow offer")
    func agentTransfer() throws {
        let dir = IVRProcess.temporaryDirectory("serve")
        // Fri 10:00 is in business hours; the overlay shortens the queue's maximum wait to 10 s.
        let line = try ServeProcess(data: dir + "/data", extra: ["--agent-uri", Self.agent,
                                                                 "--overlay", ServeSupport.fixtures + "/agent_short_wait.yaml"])
        defer { _ = line.stop() }
        try #require(line.port > 0, "serve did not start: \(line.log)")

        // The three callers at once: the REFER comes when 0 is taken (about 12 s in, after the welcome).
        let answered = try Self.transferCaller("refer_answered", in: dir, sipfrag: "SIP/2.0 200 OK", pauseMs: 30000)
        // 486: the overflow offer at once; 1 (leave a message) during it.
        let busy = try Self.transferCaller("refer_failed", in: dir, sipfrag: "SIP/2.0 486 Busy Here", later: "1@17000", pauseMs: 22000)
        // No NOTIFY: the transfer prompt, 10 s of wait tone, the overflow offer; 1 during it.
        let silent = try Self.transferCaller("refer_unanswered", in: dir, later: "1@28500", pauseMs: 33000)
        nonisolated(unsafe) var runs: [String: ServeSupport.Run] = [:]
        let lock = NSLock()
        let group = DispatchGroup()
        for (name, scenario) in [("answered", answered), ("busy", busy), ("silent", silent)] {
            group.enter()
            DispatchQueue.global().async {
                let r = (try? ServeSupport.sipp(scenario, line: line, timeout: 60, in: dir)) ?? ServeSupport.Run(status: -1, output: "sipp did not run")
                lock.lock()
                runs[name] = r
                lock.unlock()
                group.leave()
            }
        }
        #expect(group.wait(timeout: .now() + 90) == .success, "the three transfer calls did not end within 90 s")
        lock.lock()
        let done = runs
        lock.unlock()
        for (name, r) in done.sorted(by: { $0.key < $1.key }) {
            #expect(r.status == 0, "sipp (\(name)): \(r.output.suffix(1200))")
        }

        // Each call's log, told apart by what happened to its transfer.
        let logs = try line.callFolders().map { try ServeSupport.events($0 + "/events.jsonl") }
        try #require(logs.count == 3, "three call folders expected: \(line.callFolders())")
        let summaries = logs.map(Self.transferSummary)
        let handedOver = summaries.filter { $0.results == ["queued", "answered"] }
        #expect(handedOver.count == 1, "one call handed over: \(summaries)")
        #expect(handedOver.first?.hangup == "line/transfer", "the line leaves a handed-over call: \(summaries)")
        #expect(handedOver.first?.nodes == ["welcome", "main", "agent"])
        let overflowed = summaries.filter { $0.results == ["queued", "overflow"] }
        #expect(overflowed.count == 2, "486 and no NOTIFY both reach the overflow offer: \(summaries)")
        for s in overflowed {
            #expect(Array(s.nodes.prefix(4)) == ["welcome", "main", "agent", "voicemail"], "1 during the overflow offer leads to a message: \(s)")
            #expect(s.hangup.hasPrefix("caller/"))
        }
        let page = try ServeSupport.scrape(port: line.metricsPort)
        #expect(ServeSupport.metric(page, "ivr_calls_total{end=\"line_bye\"}") == 1, "\(page)")
        #expect(ServeSupport.metric(page, "ivr_calls_total{end=\"caller_bye\"}") == 2)
    }
}
