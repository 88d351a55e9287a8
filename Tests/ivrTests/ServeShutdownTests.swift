import Foundation
import Testing

/// `ivr serve`'s second SIGTERM: the calls that remain hear the closing prompt, then get BYE; the process exits 0.
extension ServeTests {
    @Test("a second SIGTERM: each remaining call hears the goodbye, then BYE (answered); exit 0")
    func secondSigterm() throws {
        let dir = IVRProcess.temporaryDirectory("serve")
        let line = try ServeProcess(data: dir + "/data")
        try #require(line.port > 0, "serve did not start: \(line.log)")
        // Everything the line sends, by the line's RTP port (one per call).
        let capture = try ServeSupport.Capture(filter: "udp src portrange \(line.rtpPorts.lowerBound)-\(line.rtpPorts.upperBound)",
                                               to: dir + "/line.pcap")
        // Callers that stay silent and wait up to 40 s for the line's BYE (the welcome alone takes 12 s).
        let scenario = try Self.caller(dir, pauseMs: 40000, name: "uac_line_bye")
        nonisolated(unsafe) var calls: ServeSupport.Run?
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            calls = try? ServeSupport.sipp(scenario, line: line, calls: 3, concurrent: 3, rate: 100, in: dir)
            group.leave()
        }
        Thread.sleep(forTimeInterval: 4)
        line.signal(SIGTERM)
        Thread.sleep(forTimeInterval: 1)
        line.signal(SIGTERM)
        #expect(group.wait(timeout: .now() + 30) == .success, "sipp did not end within 30 s of the second SIGTERM")
        #expect(calls?.status == 0, "each call must get the line's BYE: \(calls?.output.suffix(1200) ?? "")")
        let (status, log) = line.stop(timeout: 20)
        #expect(status == 0, "exit status after the second SIGTERM: \(log)")
        capture.stop()

        let folders = line.callFolders()
        #expect(folders.count == 3)
        for folder in folders {
            let events = try ServeSupport.events(folder + "/events.jsonl")
            let hangup = events.last { $0["event"] as? String == "hangup" }
            #expect(hangup?["by"] as? String == "line" && hangup?["reason"] as? String == "shutdown", "\(folder): \(hangup ?? [:])")
        }
        // Each call's last audio is the whole goodbye (what the shim had queued before it may precede it).
        let goodbye = try ServeSupport.samples(ServeSupport.root + "/Prompts/cmn/goodbye.wav")
        let streams = try ServeSupport.rtpStreams(pcap: dir + "/line.pcap") { _, _ in true }
        #expect(streams.count == 3, "three RTP streams from the line: \(streams.keys.sorted())")
        for (port, payloads) in streams {
            let sent = payloads.flatMap { $0.payload.map(ServeSupport.ulawDecode) }
            // Whole frames from the end: the goodbye starts on a frame boundary of the stream.
            let tail = Array(sent.suffix(((goodbye.count + 159) / 160 + 40) * 160))
            let m = ServeSupport.matchedFrames(reference: goodbye, sent: tail)
            #expect(m.total > 40 && Double(m.matched) >= 0.97 * Double(m.total),
                    "stream from port \(port): \(m.matched) of \(m.total) goodbye frames in its last \(tail.count) samples")
        }
    }
}
