import Foundation
import Testing

/// Line states (Art. 20) on the live line, through the store: `ivr line state closed` takes effect on the next call
/// (closed announcement, no agent, a `line_state` event), `open` restores service, `stopped` ends the line.
@Suite("ivr line state", .serialized)
struct LineStateTests {
    static var root: String { LineCommandTests.packageRoot }

    /// Runs one call of `caller` (an 8 kHz WAV) on `ivr line` over an ALSA file PCM; returns its event log.
    static func lineCall(_ caller: String, dir: String, data: String) throws -> (IVRProcess.Result, String?) {
        let wav = try Data(contentsOf: URL(fileURLWithPath: caller))
        try wav.subdata(in: 44..<wav.count).write(to: URL(fileURLWithPath: "\(dir)/in.raw"))
        let conf = """
        pcm.ivrline {
            type asym
            playback.pcm { type file; slave.pcm null; file "\(dir)/out.raw"; format "raw" }
            capture.pcm { type file; slave.pcm null; file "/dev/null"; infile "\(dir)/in.raw"; format "raw" }
        }
        """
        try conf.write(toFile: "\(dir)/asound.conf", atomically: true, encoding: .utf8)
        let env = ["ALSA_CONFIG_PATH": "/usr/share/alsa/alsa.conf:\(dir)/asound.conf"]
        let before = Set((try? FileManager.default.contentsOfDirectory(atPath: "\(data)/calls/2025/09/26")) ?? [])
        let run = try IVRProcess.run(["line", "--device", "ivrline", "--calls", "1", "--data", data, "--now", "2025-09-26T10:00:00+08:00",
                                      "--prompts", "\(root)/Prompts"], environment: env)
        let after = Set((try? FileManager.default.contentsOfDirectory(atPath: "\(data)/calls/2025/09/26")) ?? [])
        let log = after.subtracting(before).first { $0.hasSuffix(".events.jsonl") }
        return (run, try log.map { try String(contentsOfFile: "\(data)/calls/2025/09/26/\($0)", encoding: .utf8) })
    }

    @Test func closedThenOpenThenStopped() throws {
        let dir = IVRProcess.temporaryDirectory("linestate")
        let data = "\(dir)/var"
        let common = ["--data", data, "--calendar", "\(Self.root)/Prompts/calendar", "--now", "2025-09-26T09:00:00+08:00"]
        // A caller who asks for an agent in business hours (Fri 10:00).
        let caller = "\(Self.root)/Tests/Fixtures/calls/agent-business-hours.wav"

        let close = try IVRProcess.run(["line", "state", "closed", "--by", "zhang", "--note", "系统维护"] + common)
        #expect(close.status == 0, "\(close.stderr)")
        #expect(close.stdout.contains("line default: closed"))
        let (closedRun, closedLog) = try Self.lineCall(caller, dir: dir, data: data)
        #expect(closedRun.status == 0, "\(closedRun.stderr)")
        let closed = try #require(closedLog)
        #expect(closed.contains(#""event":"line_state","state":"closed""#))
        #expect(closed.contains(#""event":"prompt","id":"line_closed""#))
        #expect(closed.contains(#""event":"transfer","queue":"general","result":"closed""#), "no agent while closed")
        #expect(!closed.contains(#""result":"queued""#))

        let open = try IVRProcess.run(["line", "state", "open", "--by", "zhang"] + common)
        #expect(open.status == 0)
        let (_, openLog) = try Self.lineCall(caller, dir: dir, data: data)
        let opened = try #require(openLog)
        #expect(!opened.contains("line_state"))
        #expect(!opened.contains("line_closed"))
        #expect(opened.contains(#""result":"queued""#))

        // The report counts the closed call; the history keeps who and when.
        let report = try IVRProcess.run(["report", "--from", "2025-09-26", "--to", "2025-09-26", "--json", "\(dir)/r.json"] + common)
        #expect(report.status == 0, "\(report.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/r.json"))) as? [String: Any])
        #expect(json["calls"] as? Int == 2)
        #expect(json["closed_calls"] as? Int == 1)
        let history = try IVRProcess.run(["line", "state"] + common)
        #expect(history.stdout.contains("closed\tzhang\t系统维护"), "\(history.stdout)")

        _ = try IVRProcess.run(["line", "state", "stopped"] + common)
        let (stoppedRun, stoppedLog) = try Self.lineCall(caller, dir: dir, data: data)
        #expect(stoppedRun.status == 0)
        #expect(stoppedRun.stdout.contains("is stopped"))
        #expect(stoppedLog == nil)
        let bad = try IVRProcess.run(["line", "state", "maintenance"] + common)
        #expect(bad.status == 64)
    }
}
