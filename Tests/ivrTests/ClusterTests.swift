import Foundation
import Testing
import TestGate

/// Several `ivr serve` nodes behind Kamailio sharing one PostgreSQL store (issue 14), all real and on loopback:
/// spread, node loss, drain and store outage. Calls are short and few (except the issue's 100 for the spread),
/// so the suite stays quick; every wait is bounded and names what it waited for.
@Suite("cluster: Kamailio, two ivr serve nodes, PostgreSQL", .serialized,
       .enabled(if: needs(tool("/usr/sbin/kamailio") && tool(ServeSupport.sipp) && tool("/usr/lib/postgresql/15/bin/initdb")),
                "needs kamailio, sipp and postgresql-15 (Scripts/setup.sh)"))
struct ClusterTests {
    init() throws {
        for t in ["/usr/sbin/kamailio", "/usr/sbin/kamcmd", ServeSupport.sipp, "/usr/lib/postgresql/15/bin/initdb", "/usr/bin/psql", "/usr/bin/sox"] {
            try #require(tool(t), "\(t) is missing: run Scripts/setup.sh")
        }
    }

    /// A caller who picks voicemail and hangs up while speaking: the message is the end of the call.
    static let voicemailHangingUp = """
        seed: 14
        steps:
          - wait: 1
          - keys: "1"
          - wait: 3
          - keys: "6"
          - wait: 13.5
          - say: "我叫张三，电话一三九一二三四五六七八，投诉某公司拖欠工资三个月，请尽快联系我。"
          - hangup
        """

    /// A caller who leaves a short message, ends it with #, saves it with 2, then listens a while (the ticket
    /// number, or the apology).
    static let voicemailThenListening = """
        seed: 15
        steps:
          - wait: 1
          - keys: "1"
          - wait: 3
          - keys: "6"
          - wait: 13.5
          - say: "我叫李四，想咨询养老保险。"
          - keys: "#"
          - wait: 1.5
          - keys: "2"
          - wait: 8
          - hangup
        """

    static func has(_ events: [[String: Any]], _ name: String) -> Bool { events.contains { $0["event"] as? String == name } }
    static func callID(_ events: [[String: Any]]) -> String { events.first?["call"] as? String ?? "" }

    @Test("spread: 100 calls through Kamailio reach both nodes; each call's log is on the node it was dispatched to")
    func spread() throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let scenario = try cluster.callerScenario(audio: try cluster.silence(seconds: 1.5), holdMs: 1500)
        let run = try cluster.startCallers(scenario, calls: 100, concurrent: 50, rate: 25, timeout: 90)
        let r = run.wait()
        #expect(r.status == 0 && r.successful == 100 && r.failed == 0, "sipp: \(run.text.suffix(1500))")

        try cluster.waitFor("100 finished call logs on the nodes", timeout: 20) {
            cluster.nodes.flatMap { $0.calls().values }.filter { Self.has($0, "hangup") }.count >= 100
        }
        let dispatched = cluster.dispatched()
        var total = 0
        for node in cluster.nodes {
            let calls = node.calls()
            total += calls.count
            #expect(calls.count >= 30, "\(node.name) served \(calls.count) of 100 calls: the dispatcher must spread them")
            for sip in calls.keys {
                #expect(dispatched[sip] == node.sipPort, "call \(sip) is logged on \(node.name) but was dispatched to \(dispatched[sip] ?? 0)")
            }
        }
        #expect(total == 100)
        // The call index of both nodes is in the one store (what reports and the console read), each call under
        // the node that served it.
        try cluster.waitFor("100 rows in the shared call index", timeout: 20) { cluster.sql("SELECT count(*) FROM call_index") == ["100"] }
        for node in cluster.nodes {
            let ids = node.calls().values.map(Self.callID).sorted()
            #expect(cluster.sql("SELECT call_id FROM call_index WHERE node = '\(node.name)' ORDER BY call_id COLLATE \"C\"") == ids,
                    "the store must name \(node.name) on the calls it served")
        }
    }

    @Test("node loss: kill -9 one node mid-run; its calls are lost and counted, new calls go to the other with 0 failures, no committed ticket lost, the message it was recording becomes a ticket at its restart")
    func nodeLoss() throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let (a, b) = (cluster.nodes[0], cluster.nodes[1])
        let vm = try cluster.callerAudio("vm-hangup", script: Self.voicemailHangingUp)
        let vmScenario = try cluster.callerScenario(audio: vm.path, holdMs: Int(vm.seconds * 1000) + 300)
        let shortScenario = try cluster.callerScenario(audio: try cluster.silence(seconds: 1), holdMs: 1000)
        let vmRun = try cluster.startCallers(vmScenario, calls: 6, concurrent: 6, rate: 3, timeout: Int(vm.seconds) + 60)

        // Kill node1 once each of its callers has been speaking into the recorder for 1.5 s (a message under 1 s
        // is quarantined at recovery, by design).
        var recordingSince: [String: Date] = [:]
        try cluster.waitFor("every call on node1 to record for 1.5 s", timeout: vm.seconds + 20) {
            let calls = a.calls().values
            for events in calls where Self.has(events, "record_start") && recordingSince[Self.callID(events)] == nil {
                recordingSince[Self.callID(events)] = Date()
            }
            return !calls.isEmpty && recordingSince.count == calls.count
                && recordingSince.values.allSatisfy { Date().timeIntervalSince($0) >= 1.5 }
        }
        a.kill9()
        let killedAt = Date()
        let onA = a.calls()
        let lost = onA.values.filter { !Self.has($0, "hangup") }
        let recordingOnA = Set(lost.filter { Self.has($0, "record_start") && !Self.has($0, "record_end") }.map(Self.callID))
        #expect(!recordingOnA.isEmpty)

        // New calls from the moment of the kill: failover covers the detection time.
        let shortRun = try cluster.startCallers(shortScenario, calls: 30, concurrent: 30, rate: 5, timeout: 60)
        var detection = 0.0
        try cluster.waitFor("the dispatcher to mark node1 down (states \(cluster.dispatcherStates()))", timeout: 30) {
            guard let flags = cluster.dispatcherStates()[a.sipPort], flags.hasPrefix("I") || flags.hasPrefix("D") else { return false }
            detection = Date().timeIntervalSince(killedAt)
            return true
        }
        let s = shortRun.wait()
        let v = vmRun.wait()
        print("cluster node loss: dispatcher detection \(String(format: "%.2f", detection)) s; \(lost.count) call(s) lost with node1 (\(recordingOnA.count) recording); new calls \(s.successful) ok, \(s.failed) failed")
        #expect(s.successful == 30 && s.failed == 0, "new calls after the kill must all succeed: \(shortRun.text.suffix(1500))")
        #expect(v.failed == lost.count && v.successful == 6 - lost.count,
                "only the \(lost.count) calls held by node1 may fail: \(v.successful) ok, \(v.failed) failed")
        #expect(detection < 10)
        #expect(a.calls().count == onA.count, "no call may reach the dead node")
        #expect(b.calls().count == (6 - onA.count) + 30)

        // Every ticket a caller was told about is in the store; numbers unique and gap-free.
        try cluster.waitFor("node2's calls to finish", timeout: 30) { b.calls().values.allSatisfy { Self.has($0, "hangup") } }
        let told = b.calls().values.flatMap { $0.filter { $0["event"] as? String == "ticket" } }.compactMap { $0["number"] as? String }
        let stored = Set(cluster.sql("SELECT number FROM ticket"))
        #expect(!told.isEmpty)
        for n in told { #expect(stored.contains(n), "committed ticket \(n) is missing from the store") }

        // node1 restarts on its folder: the message it was recording becomes a ticket.
        try a.start()
        try cluster.waitFor("recovered tickets for node1's calls \(recordingOnA.sorted()) (store rows: \(cluster.sql("SELECT call_id, recovered FROM ticket")))", timeout: 30) {
            Set(cluster.sql("SELECT call_id FROM ticket WHERE recovered")).isSuperset(of: recordingOnA)
        }
        #expect(cluster.sql("SELECT count(*) = count(DISTINCT number) AND count(*) = max(seq) - min(seq) + 1 FROM ticket") == ["t"],
                "ticket numbers must be unique and gap-free: \(cluster.sql("SELECT seq, number FROM ticket ORDER BY seq"))")
    }

    @Test("drain: SIGTERM a node with calls up; none is dropped, new calls go to the other node, the node exits 0")
    func drain() throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let (a, b) = (cluster.nodes[0], cluster.nodes[1])
        let longScenario = try cluster.callerScenario(audio: try cluster.silence(seconds: 6), holdMs: 6000)
        let shortScenario = try cluster.callerScenario(audio: try cluster.silence(seconds: 1), holdMs: 1000)
        let first = try cluster.startCallers(longScenario, calls: 10, concurrent: 10, rate: 20, timeout: 60)
        try cluster.waitFor("10 answered calls on the nodes", timeout: 20) { cluster.nodes.map { $0.calls().count }.reduce(0, +) >= 10 }
        let onA = a.calls().count
        #expect(onA > 0)
        a.signal(SIGTERM)
        let second = try cluster.startCallers(shortScenario, calls: 20, concurrent: 20, rate: 10, timeout: 60)
        let r2 = second.wait()
        let r1 = first.wait()
        #expect(r1.successful == 10 && r1.failed == 0, "calls up at SIGTERM must finish: \(first.text.suffix(1500))")
        #expect(r2.successful == 20 && r2.failed == 0, "calls after SIGTERM must go to node2: \(second.text.suffix(1500))")
        #expect(a.waitExit(timeout: 30) == 0, "node1 must exit 0 once drained: \(a.logText().suffix(800))")
        #expect(a.calls().count == onA, "no new call may reach the draining node")
        #expect(a.calls().values.allSatisfy { ($0.last?["event"] as? String) == "hangup" && $0.last?["by"] as? String == "caller" },
                "every call on node1 ends with the caller's hang-up")
        #expect(b.calls().count == 10 - onA + 20)
    }

    @Test("store outage: PostgreSQL stopped for 10 s; ticket callers hear the apology, their messages are kept and filed when it returns, calls needing no store go on")
    func storeOutage() throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let vm = try cluster.callerAudio("vm-listen", script: Self.voicemailThenListening)
        let vmScenario = try cluster.callerScenario(audio: vm.path, holdMs: Int(vm.seconds * 1000) + 300)
        let quietScenario = try cluster.callerScenario(audio: try cluster.silence(seconds: 2), holdMs: 2000)
        let vmRun = try cluster.startCallers(vmScenario, calls: 4, concurrent: 4, rate: 2, timeout: Int(vm.seconds) + 60)

        try cluster.waitFor("a caller to start recording", timeout: vm.seconds + 20) {
            cluster.nodes.flatMap { $0.calls().values }.contains { Self.has($0, "record_start") }
        }
        cluster.stopPostgres()
        let stoppedAt = Date()
        let quietRun = try cluster.startCallers(quietScenario, calls: 10, concurrent: 10, rate: 2, timeout: 60)
        Thread.sleep(until: stoppedAt.addingTimeInterval(10))
        try cluster.startPostgres()
        let q = quietRun.wait()
        let v = vmRun.wait()
        #expect(q.successful == 10 && q.failed == 0, "calls needing no store must go on: \(quietRun.text.suffix(1500))")
        #expect(v.successful == 4 && v.failed == 0, "ticket callers keep their call: \(vmRun.text.suffix(1500))")

        let vmCalls = cluster.nodes.flatMap { $0.calls().values }.filter { Self.has($0, "record_start") }
        #expect(vmCalls.count == 4)
        for events in vmCalls {
            let after = events.drop { $0["event"] as? String != "record_end" }
            #expect(after.contains { $0["event"] as? String == "prompt" && $0["id"] as? String == "system_fault" },
                    "call \(Self.callID(events)) must hear the apology (system_fault)")
            #expect(!Self.has(events, "ticket"), "no ticket number may be announced while the store is away")
        }
        let ids = Set(vmCalls.map(Self.callID))
        try cluster.waitFor("the 4 kept messages to be filed (store rows: \(cluster.sql("SELECT call_id, recovered FROM ticket")))", timeout: 40) {
            Set(cluster.sql("SELECT call_id FROM ticket WHERE recovered AND partial_id IS NOT NULL")).isSuperset(of: ids)
        }
        #expect(cluster.sql("SELECT count(*) FROM recording r JOIN ticket t ON t.id = r.ticket_id WHERE t.recovered") == ["4"])
        for node in cluster.nodes {
            let left = (try? FileManager.default.contentsOfDirectory(atPath: node.data + "/voicemail/partial")) ?? []
            #expect(left.filter { $0.hasSuffix(".wav") }.isEmpty, "\(node.name) still holds partial recordings: \(left)")
        }
        // The calls that ended while the store was away waited in each node's backlog and are in the shared index
        // now, with their QA recordings: every call of the run, every recording in the database.
        let served = cluster.nodes.flatMap { $0.calls().keys }.count
        #expect(served == 14)
        try cluster.waitFor("all \(served) calls in the shared call index (rows: \(cluster.sql("SELECT count(*) FROM call_index")))", timeout: 30) {
            cluster.sql("SELECT count(*) FROM call_index") == ["\(served)"]
        }
        #expect(cluster.nodes.contains { $0.logText().contains("kept in \($0.data)/calls/backlog") },
                "the calls that ended during the outage must have waited in a backlog")
        try cluster.waitFor("the recorded calls' recordings in the database", timeout: 20) {
            cluster.sql("SELECT count(*) FROM call_index WHERE recording_path IS NOT NULL") == cluster.sql("SELECT count(*) FROM call_recording")
        }
        #expect(Int(cluster.sql("SELECT count(*) FROM call_recording").first ?? "") ?? 0 >= 4, "the 4 message calls were recorded")
        for node in cluster.nodes {
            #expect(Cluster.files(under: node.data + "/calls", named: { $0.hasSuffix(".flac") || $0.hasSuffix(".json") }).isEmpty,
                    "\(node.name) still holds recordings or backlog entries the store should have taken")
        }
    }

    @Test("a node (re)started while PostgreSQL is down answers without tickets, opens the store when it returns, and files tickets from then on")
    func nodeStartedDuringOutage() throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let b = cluster.nodes[1]
        cluster.stopPostgres()
        b.kill9()
        _ = b.waitExit(timeout: 10)
        try b.start()
        #expect(b.logText().contains("answering without the ticket store for now"), "node2's log: \(b.logText().suffix(800))")
        try cluster.startPostgres()
        try cluster.waitFor("node2 to open the store (log: \(b.logText().suffix(600)))", timeout: 30) {
            b.logText().contains("serve: the ticket store is open now")
        }
        let vm = try cluster.callerAudio("vm-after-outage", script: Self.voicemailThenListening)
        let scenario = try cluster.callerScenario(audio: vm.path, holdMs: Int(vm.seconds * 1000) + 300)
        let run = try cluster.startCallers(scenario, calls: 4, concurrent: 4, rate: 2, timeout: Int(vm.seconds) + 60)
        let r = run.wait()
        #expect(r.successful == 4 && r.failed == 0, "sipp: \(run.text.suffix(1500))")
        try cluster.waitFor("node2's calls to end", timeout: 20) { b.calls().values.allSatisfy { Self.has($0, "hangup") } }
        let onB = b.calls().values
        #expect(!onB.isEmpty, "the dispatcher must send calls to the restarted node")
        for events in onB {
            #expect(Self.has(events, "ticket"), "call \(Self.callID(events)) on node2 must get its ticket once the store is back")
        }
        let told = onB.flatMap { $0.filter { $0["event"] as? String == "ticket" } }.compactMap { $0["number"] as? String }
        let stored = Set(cluster.sql("SELECT number FROM ticket"))
        for n in told { #expect(stored.contains(n), "ticket \(n) announced on node2 is missing from the store") }
        try cluster.waitFor("node2's calls in the shared call index", timeout: 20) {
            Int(cluster.sql("SELECT count(*) FROM call_index WHERE call_id IN ('\(onB.map(Self.callID).joined(separator: "','"))')").first ?? "") == onB.count
        }
    }

    @Test("console: one `ivr console --store postgres://…` lists the tickets of both nodes, plays a message and a QA call recording from the database (the call recording to a 监督员 only), and audits the listens and the answer there")
    func consoleOfTheCluster() throws {
        try #require(tool("/usr/bin/curl"), "/usr/bin/curl is missing: run Scripts/setup.sh")
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let vm = try cluster.callerAudio("vm-console", script: Self.voicemailThenListening)
        let scenario = try cluster.callerScenario(audio: vm.path, holdMs: Int(vm.seconds * 1000) + 300)
        let run = try cluster.startCallers(scenario, calls: 4, concurrent: 4, rate: 2, timeout: Int(vm.seconds) + 60)
        let r = run.wait()
        #expect(r.successful == 4 && r.failed == 0, "sipp: \(run.text.suffix(1500))")
        var told: [String: [String]] = [:]  // node name → ticket numbers announced there
        try cluster.waitFor("4 announced tickets", timeout: 20) {
            for node in cluster.nodes {
                told[node.name] = node.calls().values.flatMap { $0.filter { $0["event"] as? String == "ticket" } }.compactMap { $0["number"] as? String }
            }
            return told.values.map(\.count).reduce(0, +) == 4
        }
        #expect(cluster.nodes.allSatisfy { !(told[$0.name] ?? []).isEmpty }, "both nodes must have filed tickets: \(told)")

        // The console runs on a folder of its own: it can only see the nodes' messages through PostgreSQL.
        let ivr = IVRProcess.executable.path, data = cluster.dir + "/console", password = "console-test-password"
        for (name, role) in [("zhang", "咨询员"), ("li", "监督员")] {
            let add = try Cluster.run("/bin/sh", ["-c", "printf '%s\\n' \"$0\" | \"$1\" console adduser \"$4\" --role \"$5\" --store \"$2\" --data \"$3\"",
                                                  password, ivr, cluster.storeURL, data, name, role], timeout: 60)
            #expect(add.status == 0, "adduser \(name): \(add.output)")
        }
        let port = Cluster.freeTCPPort(), log = cluster.dir + "/console.log"
        let console = try Spawned(ivr, ["console", "--listen", "127.0.0.1:\(port)", "--store", cluster.storeURL, "--data", data,
                                        "--now", Cluster.now], output: log)
        defer { console.signal(SIGTERM); if console.wait(timeout: 10) == nil { console.kill9() } }
        func logText() -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        let base = "http://127.0.0.1:\(port)"
        func curl(_ args: [String]) throws -> String { try Cluster.run("/usr/bin/curl", ["-s", "-i", "--max-time", "20"] + args, timeout: 30).output }
        try cluster.waitFor("the console to answer on \(base) (log: \(logText().suffix(400)))", timeout: 30) {
            (try? curl([base + "/login"]))?.hasPrefix("HTTP/1.1 200") == true || !console.isRunning
        }
        try #require(console.isRunning, "console exited: \(logText())")
        func cookie(_ name: String, in response: String) -> String? {
            guard let range = response.range(of: "set-cookie: \(name)=", options: .caseInsensitive) else { return nil }
            let value = response[range.upperBound...].prefix { $0 != ";" && $0 != "\r" && $0 != "\n" }
            return value.isEmpty ? nil : String(value)
        }
        func logIn(_ name: String) throws -> String {
            let loginCSRF = try #require(cookie("ivr_login_csrf", in: try curl([base + "/login"])))
            let login = try curl(["-H", "Cookie: ivr_login_csrf=\(loginCSRF)",
                                  "--data", "csrf=\(loginCSRF)&name=\(name)&password=\(password)&next=%2Ftickets", base + "/login"])
            #expect(login.hasPrefix("HTTP/1.1 303"), "login \(name): \(login.prefix(300))")
            return try #require(cookie("ivr_session", in: login))
        }
        let session = try logIn("zhang")
        let queue = try curl(["-H", "Cookie: ivr_session=\(session)", base + "/tickets"])
        for n in told.values.flatMap({ $0 }) { #expect(queue.contains("/tickets/\(n)"), "ticket \(n) is missing from the console's queue") }

        // A message recorded by node2, from the database, with a range request; the listen is audited in PostgreSQL.
        let number = try #require(told[cluster.nodes[1].name]?.first)
        let size = cluster.sql("SELECT octet_length(r.wav) FROM recording r JOIN ticket t ON t.id = r.ticket_id WHERE t.number = '\(number)'")
        let part = try curl(["-H", "Cookie: ivr_session=\(session)", "-H", "Range: bytes=0-99", "-o", "/dev/null", "-D", "-",
                             base + "/tickets/\(number)/recording"])
        #expect(part.hasPrefix("HTTP/1.1 206"), "range: \(part.prefix(300))")
        #expect(part.lowercased().contains("content-range: bytes 0-99/\(size.first ?? "?")"), "range: \(part.prefix(400))")
        #expect(cluster.sql("SELECT staff_name || ' ' || subject || ' ' || ref FROM listen_audit WHERE subject = 'ticket'") == ["zhang ticket \(number)"])

        // A QA call recording made on node1, from the database: the node keeps no copy, the console has none of its own.
        let recorded = try #require(cluster.nodes[0].calls().values.map(Self.callID).sorted().first)
        var flac: [String] = []
        try cluster.waitFor("call \(recorded)'s recording in the store (\(flac))", timeout: 20) {
            flac = cluster.sql("SELECT octet_length(audio) || ' ' || substr(encode(audio, 'escape'), 1, 4) FROM call_recording WHERE call_id = '\(recorded)'")
            return flac.first?.hasSuffix(" fLaC") == true
        }
        #expect(Cluster.files(under: cluster.nodes[0].data + "/calls", named: { $0.hasSuffix(".flac") }).isEmpty)
        let refused = try curl(["-H", "Cookie: ivr_session=\(session)", "-o", "/dev/null", "-D", "-", base + "/calls/\(recorded)/recording"])
        #expect(refused.hasPrefix("HTTP/1.1 403"), "a 咨询员 may not listen to call recordings: \(refused.prefix(300))")
        let supervisor = try logIn("li")
        let call = try curl(["-H", "Cookie: ivr_session=\(supervisor)", "-o", "/dev/null", "-D", "-", base + "/calls/\(recorded)/recording"])
        #expect(call.hasPrefix("HTTP/1.1 200"), "call recording: \(call.prefix(300))")
        #expect(call.lowercased().contains("content-type: audio/flac"), "call recording: \(call.prefix(400))")
        #expect(call.lowercased().contains("content-length: \(flac.first?.split(separator: " ").first ?? "?")"), "call recording: \(call.prefix(400))")
        #expect(cluster.sql("SELECT count(*) FROM listen_audit WHERE subject = 'call' AND ref = '\(recorded)' AND staff_name = 'li'") == ["1"])

        // QA sampling on the console's host exports the nodes' recordings from the database.
        let qa = try IVRProcess.run(["qa", "sample", "--from", "2025-09-26", "--to", "2025-09-26", "--n", "4", "--seed", "3", "--dry-run",
                                     "--csv", cluster.dir + "/qa.csv", "--export", cluster.dir + "/qa-audio", "--store", cluster.storeURL,
                                     "--data", data, "--now", Cluster.now])
        #expect(qa.status == 0, "qa sample: \(qa.stderr)")
        let exports = qa.stdout.split(separator: "\n").filter { $0.contains("\t") }.map { String($0.split(separator: "\t")[2]) }
        #expect(exports.count == 4, "qa sample: \(qa.stdout)")
        for path in exports { #expect(FileManager.default.contents(atPath: path)?.prefix(4) == Data("fLaC".utf8), "\(path)") }

        // `ivr calls import` of a call recorded on a machine of its own (SQLite, its FLAC beside the log) puts the
        // recording into the store with the row; the file stays.
        let other = try RecordingTests.recordedCall("voicemail-hash-friday", id: "imported-1", data: cluster.dir + "/imported")
        let local = Cluster.files(under: other + "/calls", named: { $0 == "imported-1.flac" })
        try #require(local.count == 1, "the recorded call's FLAC: \(local)")
        let flacSize = (try FileManager.default.attributesOfItem(atPath: other + "/calls/" + local[0])[.size] as? Int) ?? -1
        let imported = try IVRProcess.run(["calls", "import", other + "/calls", "--store", cluster.storeURL, "--data", other])
        #expect(imported.status == 0, "calls import: \(imported.stderr)")
        #expect(cluster.sql("SELECT octet_length(audio) FROM call_recording WHERE call_id = 'imported-1'") == ["\(flacSize)"])
        #expect(FileManager.default.fileExists(atPath: other + "/calls/" + local[0]))

        let csrf = try #require(cluster.sql("SELECT csrf FROM staff_session WHERE staff_name = 'zhang'").first)
        let answer = try curl(["-H", "Cookie: ivr_session=\(session)", "--data", "csrf=\(csrf)&note=called-back", base + "/tickets/\(number)/answer"])
        #expect(answer.hasPrefix("HTTP/1.1 303"), "answer: \(answer.prefix(300))")
        #expect(cluster.sql("SELECT t.status || ' ' || e.actor || ' ' || e.note FROM ticket t JOIN ticket_event e ON e.ticket_id = t.id WHERE t.number = '\(number)' ORDER BY e.id DESC LIMIT 1")
            == ["answered zhang called-back"])
    }
}
