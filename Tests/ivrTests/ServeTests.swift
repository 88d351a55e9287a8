import Foundation
import Testing

/// `ivr serve` against sipp on loopback: signalling, media, keys, refusals, bad input, drain and metrics.
/// Real time: each call lasts as long as its audio.
@Suite("ivr serve (SIP)", .serialized)
struct ServeTests {
    init() throws {
        try #require(FileManager.default.isExecutableFile(atPath: ServeSupport.sipp), "sipp missing: run Scripts/setup.sh (sip-tester)")
    }

    /// A caller scenario with the standard offer and `media` (an `<exec>` action) then `pauseMs` and the caller's BYE.
    static func caller(_ dir: String, media: String = "", pauseMs: Int, caller: String = "13800138000",
                       name: String = "uac") throws -> String {
        try ServeSupport.scenario(name, in: dir, ["FORMATS": ServeSupport.formats, "ATTRS": ServeSupport.attributes,
                                                  "MEDIA": media, "PAUSE": "\(pauseMs)", "CALLER": caller])
    }

    static func stream(_ file: String) -> String { "<nop><action><exec rtp_stream=\"\(file),1,0\"/></action></nop>" }
    static func pcap(_ file: String) -> String { "<nop><action><exec play_pcap_audio=\"\(file)\"/></action></nop>" }

    @Test("OPTIONS 200, CANCEL while ringing 487, a source outside --allow 403, no common codec 488")
    func signalling() throws {
        let dir = IVRProcess.temporaryDirectory("serve")
        let line = try ServeProcess(data: dir + "/data", extra: ["--ring", "3000", "--allow", "127.0.0.1/32"])
        defer { _ = line.stop() }
        try #require(line.port > 0, "serve did not start: \(line.log)")

        let options = try ServeSupport.scenario("options", in: dir, ["STATUS": "200"])
        #expect(try ServeSupport.sipp(options, line: line, in: dir).status == 0)

        let cancel = try ServeSupport.scenario("cancel", in: dir, [:])
        let c = try ServeSupport.sipp(cancel, line: line, in: dir)
        #expect(c.status == 0, "CANCEL while ringing: \(c.output.suffix(800))")

        let acl = try ServeSupport.scenario("refused", in: dir, ["STATUS": "403", "FORMATS": "0", "ATTRS": "a=rtpmap:0 PCMU/8000"])
        #expect(try ServeSupport.sipp(acl, line: line, bind: "127.0.0.2", in: dir).status == 0, "127.0.0.2 must get 403")

        let codec = try ServeSupport.scenario("refused", in: dir, ["STATUS": "488", "FORMATS": "3 18", "ATTRS": "a=rtpmap:3 GSM/8000\n      a=rtpmap:18 G729/8000"])
        #expect(try ServeSupport.sipp(codec, line: line, in: dir).status == 0, "GSM/G.729 only must get 488")

        let page = try ServeSupport.scrape(port: line.metricsPort)
        #expect(ServeSupport.metric(page, "ivr_refused_total{reason=\"acl\"}") == 1)
        #expect(ServeSupport.metric(page, "ivr_refused_total{reason=\"codec\"}") == 1)
        #expect(ServeSupport.metric(page, "ivr_calls_total{end=\"cancelled\"}") == 1)
        #expect(ServeSupport.metric(page, "ivr_calls_active") == 0)
        #expect(line.callFolders().isEmpty, "no call was answered")
    }

    @Test("RFC 4733: \"11\" is two keys; a key sent in-band and as an event at once counts once")
    func telephoneEvents() throws {
        let dir = IVRProcess.temporaryDirectory("serve")
        let line = try ServeProcess(data: dir + "/data")
        defer { _ = line.stop() }
        try #require(line.port > 0, "serve did not start: \(line.log)")
        let script = ServeSupport.fixtures + "/make_rtp_pcap.py"
        #expect(try ServeSupport.run("/usr/bin/python3", [script, "events", "11", dir + "/e11.pcap"]).status == 0)
        #expect(try ServeSupport.run("/usr/bin/python3", [script, "both", "5", dir + "/b5.pcap"]).status == 0)

        let events = try Self.caller(dir, media: Self.pcap(dir + "/e11.pcap"), pauseMs: 2500)
        let r1 = try ServeSupport.sipp(events, line: line, in: dir)
        #expect(r1.status == 0, "\(r1.output.suffix(800))")
        var page = try ServeSupport.scrape(port: line.metricsPort)
        #expect(ServeSupport.metric(page, "ivr_digits_total{source=\"rfc4733\"}") == 2, "\(page)")

        let both = try Self.caller(dir, media: Self.pcap(dir + "/b5.pcap"), pauseMs: 3000)
        let r2 = try ServeSupport.sipp(both, line: line, in: dir)
        #expect(r2.status == 0, "\(r2.output.suffix(800))")
        page = try ServeSupport.scrape(port: line.metricsPort)
        // The event comes first (it skips the jitter buffer): the key is taken from RFC 4733 and its in-band twin
        // is merged, so three keys in all were taken, and one press came both ways.
        #expect(ServeSupport.metric(page, "ivr_digits_total{source=\"both\"}") == 1, "\(page)")
        #expect(ServeSupport.metric(page, "ivr_digits_total{source=\"rfc4733\"}") == 3)
        #expect(ServeSupport.metric(page, "ivr_digits_total{source=\"inband\"}") == 0)
        #expect(ServeSupport.metric(page, "ivr_calls_total{end=\"caller_bye\"}") == 2)
        #expect((ServeSupport.metric(page, "ivr_rtp_received_packets") ?? 0) >= 100)
        #expect(ServeSupport.metric(page, "ivr_rtp_lost_packets") == 0)
    }

    @Test("the first 200 OK lost: the line re-sends it until the ACK, the calls succeed")
    func lostOK() throws {
        let dir = IVRProcess.temporaryDirectory("serve")
        let line = try ServeProcess(data: dir + "/data")
        defer { _ = line.stop() }
        try #require(line.port > 0, "serve did not start: \(line.log)")
        let path = try Self.caller(dir, pauseMs: 1000)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "<recv response=\"200\" rtd=\"true\"/>", with: "<recv response=\"200\" rtd=\"true\" lost=\"50\"/>")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try ServeSupport.sipp(path, line: line, calls: 6, concurrent: 6, rate: 20, extra: ["-nr"], in: dir)
        #expect(r.status == 0, "\(r.output.suffix(1200))")
        #expect(line.callFolders().count == 6)
    }

    @Test("a flood of malformed datagrams is counted and dropped; a normal call then works")
    func malformedFlood() throws {
        let dir = IVRProcess.temporaryDirectory("serve")
        let line = try ServeProcess(data: dir + "/data")
        defer { _ = line.stop() }
        try #require(line.port > 0, "serve did not start: \(line.log)")
        let invite = "INVITE sip:12333@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK-x\r\n" +
            "From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:12333@127.0.0.1>\r\n"
        var datagrams: [[UInt8]] = [
            Array((invite + "Call-ID: trunc").utf8.prefix(40)),                                  // truncated
            (0..<900).map { _ in UInt8.random(in: 0...255) },                                    // binary
            Array((invite + "Call-ID: huge\r\nCSeq: 1 INVITE\r\nX-Big: " + String(repeating: "A", count: 30000) + "\r\n\r\n").utf8),
            Array((invite + "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n").utf8),               // no Call-ID
            Array("SIP/2.0 200\r\n\r\n".utf8),
            [0, 1, 2, 3, 4, 5, 6, 7],
        ]
        for _ in 0..<4 { datagrams += datagrams }
        let s = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        var to = sockaddr_in()
        to.sin_family = sa_family_t(AF_INET)
        to.sin_port = in_port_t(UInt16(line.port).bigEndian)
        to.sin_addr.s_addr = inet_addr("127.0.0.1")
        for d in datagrams {
            usleep(2000)   // paced, so the kernel's socket buffer never drops one: each must be counted
            _ = d.withUnsafeBytes { b in
                withUnsafePointer(to: &to) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(s, b.baseAddress, b.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
            }
        }
        close(s)
        let r = try ServeSupport.sipp(try Self.caller(dir, pauseMs: 1500), line: line, in: dir)
        #expect(r.status == 0, "\(r.output.suffix(800))")
        let page = try ServeSupport.scrape(port: line.metricsPort)
        #expect(ServeSupport.metric(page, "ivr_refused_total{reason=\"malformed\"}") == Double(datagrams.count), "\(page)")
        #expect(ServeSupport.metric(page, "ivr_calls_total{end=\"caller_bye\"}") == 1)
        let (status, log) = line.stop()
        #expect(status == 0, "\(log)")
    }

    @Test("SIGTERM with 20 calls up: they finish, a new INVITE gets 503, exit 0")
    func drain() throws {
        let dir = IVRProcess.temporaryDirectory("serve")
        let line = try ServeProcess(data: dir + "/data")
        try #require(line.port > 0, "serve did not start: \(line.log)")
        let scenario = try Self.caller(dir, pauseMs: 7000)
        nonisolated(unsafe) var calls: ServeSupport.Run?
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            calls = try? ServeSupport.sipp(scenario, line: line, calls: 20, concurrent: 20, rate: 100, in: dir)
            group.leave()
        }
        Thread.sleep(forTimeInterval: 3)
        line.signal(SIGTERM)
        Thread.sleep(forTimeInterval: 0.5)
        let refused = try ServeSupport.scenario("refused", in: dir, ["STATUS": "503", "FORMATS": "0", "ATTRS": "a=rtpmap:0 PCMU/8000"])
        let r = try ServeSupport.sipp(refused, line: line, in: dir)
        #expect(r.status == 0, "a new INVITE while draining must get 503: \(r.output.suffix(600))")
        let probe = try ServeSupport.scenario("options", in: dir, ["STATUS": "503"])
        #expect(try ServeSupport.sipp(probe, line: line, in: dir).status == 0, "OPTIONS while draining must get 503")
        group.wait()
        #expect(calls?.status == 0, "the 20 calls must finish normally: \(calls?.output.suffix(1200) ?? "")")
        let (status, log) = line.stop(timeout: 20)
        #expect(status == 0, "\(log)")
        #expect(line.callFolders().count == 20)
    }

    @Test("a fixture call over SIP gives ivr call's path, keys and tickets; the line's RTP is ivr call's line.wav",
          arguments: ["voicemail-hangup", "documents-request"])
    func fixtureCall(_ name: String) throws {
        let dir = IVRProcess.temporaryDirectory("serve")
        let now = try #require(try ServeSupport.expectation(name, "now"))
        let caller = try ServeSupport.expectation(name, "caller") ?? "13800138000"
        let byLine = try ServeSupport.expectation(name, "hangup") == "line"
        let wav = "\(ServeSupport.calls)/\(name).wav"

        // The reference: ivr call on the same recording, time and caller.
        let ref = try IVRProcess.run(["call", wav, "--now", now, "--caller", caller, "--data", dir + "/ref",
                                      "--prompts", ServeSupport.root + "/Prompts", "--out", dir + "/ref-out", "--call-id", "ref"])
        try #require(ref.status == 0, "ivr call: \(ref.stderr)")
        let expected = ServeSupport.summary(try ServeSupport.events(dir + "/ref-out/events.jsonl"))

        let line = try ServeProcess(data: dir + "/data", now: now)
        defer { _ = line.stop() }
        try #require(line.port > 0, "serve did not start: \(line.log)")
        let audio = try ServeSupport.ulaw(name, in: dir)
        let seconds = Double(try Data(contentsOf: URL(fileURLWithPath: audio)).count) / 8000
        let scenario = byLine
            ? try Self.caller(dir, media: Self.stream(audio), pauseMs: Int(seconds * 1000) + 30000, caller: caller, name: "uac_line_bye")
            : try Self.caller(dir, media: Self.stream(audio), pauseMs: Int(seconds * 1000), caller: caller)

        // What the line sends, captured on loopback.
        let media = ServeSupport.freePort()
        let capture = Process()
        capture.executableURL = URL(fileURLWithPath: "/usr/bin/dumpcap")
        capture.arguments = ["-q", "-i", "lo", "-P", "-f", "udp and dst port \(media)", "-w", dir + "/line.pcap"]
        capture.standardOutput = FileHandle.nullDevice
        capture.standardError = FileHandle.nullDevice
        try capture.run()
        Thread.sleep(forTimeInterval: 1)
        let r = try ServeSupport.sipp(scenario, line: line, timeout: Int(seconds) + 60, media: media, in: dir)
        Thread.sleep(forTimeInterval: 0.5)
        kill(capture.processIdentifier, SIGTERM)
        let stopBy = Date().addingTimeInterval(10)
        while capture.isRunning && Date() < stopBy { Thread.sleep(forTimeInterval: 0.1) }
        #expect(r.status == 0, "sipp: \(r.output.suffix(1200))")

        let folders = line.callFolders()
        try #require(folders.count == 1)
        let events = try ServeSupport.events(folders[0] + "/events.jsonl")
        #expect(ServeSupport.summary(events) == expected)
        let answer = try #require(events.first)
        #expect(answer["event"] as? String == "answer")
        #expect(answer["caller"] as? String == caller)
        #expect(answer["now"] as? String == now)
        #expect((answer["sip_call_id"] as? String)?.isEmpty == false)
        #expect(answer["call"] as? String == URL(fileURLWithPath: folders[0]).lastPathComponent)
        // The QA recording, as `ivr line` keeps it: two channels from the end of the notice, owner-only.
        let id = URL(fileURLWithPath: folders[0]).lastPathComponent
        let day = now.prefix(10).replacingOccurrences(of: "-", with: "/")
        let flac = "\(dir)/data/calls/\(day)/\(id).flac"
        let attributes = try #require(try? FileManager.default.attributesOfItem(atPath: flac), "no QA recording at \(flac)")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let info = try ServeSupport.run("/usr/bin/soxi", [flac])
        #expect(info.output.contains("Channels       : 2"), "\(info.output)")

        let sent = try ServeSupport.rtpPayloads(pcap: dir + "/line.pcap", port: media).flatMap { $0.map(ServeSupport.ulawDecode) }
        let reference = try ServeSupport.samples(dir + "/ref-out/line.wav")
        let m = ServeSupport.matchedFrames(reference: reference, sent: sent)
        #expect(m.total > 100 && Double(m.matched) >= 0.97 * Double(m.total),
                "line audio: \(m.matched) of \(m.total) spoken frames match line.wav (\(sent.count) samples sent)")
    }
}
