import Foundation
import Testing

/// `ivr serve` and a late offer (an INVITE without SDP, as many trunks send): the line offers PCMU, PCMA and
/// telephone-event in its 200, and the ACK's answer picks.
extension ServeTests {
    @Test("late offer: the line offers in the 200, the ACK answers PCMA; the call runs on A-law with RFC 4733 keys")
    func lateOffer() throws {
        let dir = IVRProcess.temporaryDirectory("serve")
        let line = try ServeProcess(data: dir + "/data")
        defer { _ = line.stop() }
        try #require(line.port > 0, "serve did not start: \(line.log)")
        let keys = dir + "/keys.pcap"
        #expect(try ServeSupport.run("/usr/bin/python3", [ServeSupport.fixtures + "/make_rtp_pcap.py", "timed", "1@2000,6@4000", keys]).status == 0)
        // The answer picks PCMA (the offer's second codec) and telephone-event 101.
        let scenario = try ServeSupport.scenario("uac_late", in: dir, [
            "FORMATS": "8 101", "ATTRS": "a=rtpmap:8 PCMA/8000\n      a=rtpmap:101 telephone-event/8000\n      a=fmtp:101 0-15",
            "MEDIA": Self.pcap(keys), "PAUSE": "16000", "CALLER": "13800138000"])
        let capture = try ServeSupport.Capture(filter: "udp src portrange \(line.rtpPorts.lowerBound)-\(line.rtpPorts.upperBound)",
                                               to: dir + "/line.pcap")
        let r = try ServeSupport.sipp(scenario, line: line, in: dir)
        capture.stop()
        #expect(r.status == 0, "sipp: \(r.output.suffix(1200))")

        let folders = line.callFolders()
        try #require(folders.count == 1)
        let summary = ServeSupport.summary(try ServeSupport.events(folders[0] + "/events.jsonl"))
        #expect(summary.digits == ["1", "6"], "the keys arrive as RFC 4733 events: \(summary)")
        #expect(Array(summary.nodes.prefix(3)) == ["welcome", "main", "voicemail"], "\(summary)")
        #expect(summary.hangup == "caller")

        // The line sends A-law (payload type 8) from the start: its first audio is the morning greeting.
        let streams = try ServeSupport.rtpStreams(pcap: dir + "/line.pcap") { _, _ in true }
        try #require(streams.count == 1, "one RTP stream from the line: \(streams.keys.sorted())")
        let packets = streams.values.first ?? []
        #expect(packets.count > 500 && packets.allSatisfy { $0.payloadType == 8 }, "\(packets.count) packets, types \(Set(packets.map(\.payloadType)))")
        let sent = packets.flatMap { $0.payload.map(ServeSupport.alawDecode) }
        let greeting = try ServeSupport.samples(ServeSupport.root + "/Prompts/cmn/greeting_morning.wav")
        let m = ServeSupport.matchedFrames(reference: greeting, sent: Array(sent.prefix(greeting.count + 50 * 160)))
        #expect(m.total > 20 && Double(m.matched) >= 0.97 * Double(m.total), "greeting: \(m.matched) of \(m.total) frames")
        let page = try ServeSupport.scrape(port: line.metricsPort)
        #expect(ServeSupport.metric(page, "ivr_digits_total{source=\"rfc4733\"}") == 2, "\(page)")
    }
}
