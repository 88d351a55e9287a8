import Foundation
import TestGate
import Testing

/// The issue's fault test end to end: `ivr call` killed with SIGKILL while the caller is leaving a message; the next
/// start of the store (`ivr tickets list`) turns the partial recording into a ticket.
struct VoicemailCrashTests {
    static let script = """
        seed: 7
        steps:
          - wait: 12
          - keys: "6"
          - wait: 8
          - say: "您好，我想咨询一下养老保险关系转移的问题，我的电话是一三八零零一三八零零零，请您回电话，谢谢。"
          - say: "我再说一遍，我想咨询一下养老保险关系转移的问题，还有医疗保险异地报销的问题，麻烦您回电话。"
          - say: "我的电话是一三八零零一三八零零零，一三八零零一三八零零零，谢谢，再见。"
          - keys: "#"
          - wait: 6
          - keys: "2"
          - wait: 20
          - hangup
        """

    @Test(.enabled(if: needs(tool("/usr/bin/espeak-ng")), "needs espeak-ng"))
    func killNineDuringAVoicemailIsRecoveredIntoATicket() throws {
        try #require(tool("/usr/bin/espeak-ng"), "espeak-ng is missing: run Scripts/setup.sh")
        let root = TicketsCommandTests.root
        let work = IVRProcess.temporaryDirectory("crash")
        try Self.script.write(toFile: work + "/caller.yaml", atomically: true, encoding: .utf8)
        let gen = try IVRProcess.run(["gen", "call", work + "/caller.yaml", "-o", work + "/caller.wav"], in: root)
        #expect(gen.status == 0, "\(gen.stderr)")
        let data = work + "/var"
        let partial = data + "/voicemail/partial"

        let call = Process()
        call.executableURL = IVRProcess.executable
        call.arguments = ["call", work + "/caller.wav", "--out", work + "/out", "--data", data,
                          "--now", "2025-09-26T10:00:00+08:00", "--caller", "13900000000"]
        call.currentDirectoryURL = URL(fileURLWithPath: root)
        call.standardOutput = FileHandle.nullDevice
        call.standardError = FileHandle.nullDevice
        try call.run()
        // Kill as soon as 1.5 s of the message is on disk (the call runs much faster than real time).
        var killedAt = 0
        while call.isRunning {
            let wavs = ((try? FileManager.default.contentsOfDirectory(atPath: partial)) ?? []).filter { $0.hasSuffix(".wav") }
            if let wav = wavs.first, let size = try? FileManager.default.attributesOfItem(atPath: partial + "/" + wav)[.size] as? Int,
               size >= 44 + 24_000 {
                kill(call.processIdentifier, SIGKILL)
                killedAt = size
                break
            }
            usleep(200)
        }
        call.waitUntilExit()
        try #require(killedAt > 0, "the call ended before the test could kill it mid-message")
        #expect(call.terminationReason == .uncaughtSignal)
        #expect(try FileManager.default.contentsOfDirectory(atPath: partial).count == 2)  // WAV + sidecar

        let list = try IVRProcess.run(["tickets", "list", "--json", "--data", data, "--now", "2025-09-29T09:00:00+08:00"], in: root)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stderr.contains("recovered"), "one log line per recovered recording")
        let tickets = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(tickets.count == 1)
        let t = try #require(tickets.first)
        #expect(t["recovered"] as? Bool == true)
        #expect(t["kind"] as? String == "voicemail")
        #expect(t["caller"] as? String == "13900000000")
        #expect(t["created_at"] as? String == "2025-09-26T10:00:00+08:00")
        #expect(t["due_date"] as? String == "2025-09-30")
        #expect((t["menu_path"] as? [String])?.last == "voicemail")
        let recording = try #require(t["recording_path"] as? String)
        let bytes = try #require(FileManager.default.contents(atPath: data + "/" + recording))
        #expect(bytes.count >= killedAt - 1)
        let declared = bytes[40..<44].withUnsafeBytes { Int($0.loadUnaligned(as: UInt32.self)) }
        #expect(declared == bytes.count - 44)
        #expect(try FileManager.default.contentsOfDirectory(atPath: partial).isEmpty)
    }
}
