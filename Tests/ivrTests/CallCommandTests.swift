import Foundation
import Testing

@Suite("ivr call")
struct CallCommandTests {
    static var prompts: String { LineCommandTests.packageRoot + "/Prompts" }

    @Test func aRecordedCallWritesLineAudioAndTheEventLog() throws {
        let dir = IVRProcess.temporaryDirectory("call")
        try "seed: 4\nsteps:\n  - wait: 30\n  - hangup\n".write(toFile: "\(dir)/c.yaml", atomically: true, encoding: .utf8)
        _ = try IVRProcess.run(["gen", "call", "\(dir)/c.yaml", "-o", "\(dir)/c.wav"])
        let r = try IVRProcess.run(["call", "\(dir)/c.wav", "--now", "2025-09-26T15:00:00+08:00", "--caller", "13800138000",
                                    "--data", "\(dir)/var", "--out", "\(dir)/out", "--prompts", Self.prompts, "--call-id", "t1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("call t1: 30.00 s; welcome → main; hangup by caller"))
        let events = try String(contentsOfFile: "\(dir)/out/events.jsonl", encoding: .utf8).split(separator: "\n")
        let objects = try events.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(objects.allSatisfy { $0["t"] is NSNumber && $0["event"] is String })
        #expect(objects.first?["event"] as? String == "answer")
        #expect(objects.first?["caller"] as? String == "13800138000")
        #expect(objects.first?["now"] as? String == "2025-09-26T15:00:00+08:00")
        #expect(objects.contains { $0["event"] as? String == "prompt" && $0["id"] as? String == "greeting_afternoon" })
        #expect(objects.last?["event"] as? String == "hangup")
        let wav = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/out/line.wav"))
        #expect(wav.count == 44 + 30 * 8000 * 2)
    }

    @Test func anEventLogOnAFullDiskIsReportedNotACrash() throws {
        let dir = IVRProcess.temporaryDirectory("call")
        try "seed: 4\nsteps:\n  - wait: 12\n".write(toFile: "\(dir)/c.yaml", atomically: true, encoding: .utf8)
        _ = try IVRProcess.run(["gen", "call", "\(dir)/c.yaml", "-o", "\(dir)/c.wav"])
        try FileManager.default.createDirectory(atPath: "\(dir)/out", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/out/events.jsonl", withDestinationPath: "/dev/full")
        let r = try IVRProcess.run(["call", "\(dir)/c.wav", "--now", "2025-09-26T15:00:00+08:00", "--data", "\(dir)/var",
                                    "--out", "\(dir)/out", "--prompts", Self.prompts])
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stderr.contains("events.jsonl") && r.stderr.contains("incomplete"))
        #expect(!r.stderr.contains("Fatal error"))
    }

    @Test func anUnreadableCallerFileIsOneLineAndExitCode3() throws {
        let dir = IVRProcess.temporaryDirectory("call")
        try "text".write(toFile: "\(dir)/bad.wav", atomically: true, encoding: .utf8)
        let r = try IVRProcess.run(["call", "\(dir)/bad.wav", "--data", "\(dir)/var", "--out", "\(dir)/out", "--prompts", Self.prompts])
        #expect(r.status == 3)
        #expect(r.stderr.contains("\(dir)/bad.wav") && r.stderr.split(separator: "\n").count == 1)
    }

    @Test func aBadNowIsExplained() throws {
        let dir = IVRProcess.temporaryDirectory("call")
        let r = try IVRProcess.run(["call", "\(dir)/x.wav", "--now", "yesterday", "--data", "\(dir)/var", "--prompts", Self.prompts])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--now yesterday") && r.stderr.contains("ISO 8601"))
    }

    @Test func aBrokenMenuNamesTheFileAndLine() throws {
        let dir = IVRProcess.temporaryDirectory("call")
        try FileManager.default.copyItem(atPath: Self.prompts, toPath: "\(dir)/Prompts")
        let menu = "\(dir)/Prompts/menu.yaml"
        let text = try String(contentsOfFile: menu, encoding: .utf8)
        try text.replacingOccurrences(of: "menu: main_menu,", with: "menu: main_menu_typo,").write(toFile: menu, atomically: true, encoding: .utf8)
        try "seed: 1\nsteps:\n  - wait: 1\n".write(toFile: "\(dir)/c.yaml", atomically: true, encoding: .utf8)
        _ = try IVRProcess.run(["gen", "call", "\(dir)/c.yaml", "-o", "\(dir)/c.wav"])
        let r = try IVRProcess.run(["call", "\(dir)/c.wav", "--data", "\(dir)/var", "--prompts", "\(dir)/Prompts"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("menu.yaml:") && r.stderr.contains("main_menu_typo"), "\(r.stderr)")
    }
}

@Suite("the line's own prompts echoed back")
struct PromptEchoTests {
    @Test func promptsEchoedAtMinus10dBProduceNoDigits() throws {
        let dir = IVRProcess.temporaryDirectory("echo")
        let prompts = CallCommandTests.prompts
        // First call: a silent caller hears the welcome, the main menu twice and the goodbye.
        try "seed: 8\nsteps:\n  - wait: 100\n".write(toFile: "\(dir)/silent.yaml", atomically: true, encoding: .utf8)
        _ = try IVRProcess.run(["gen", "call", "\(dir)/silent.yaml", "-o", "\(dir)/silent.wav"])
        let first = try IVRProcess.run(["call", "\(dir)/silent.wav", "--now", "2025-09-26T10:00:00+08:00", "--data", "\(dir)/v1",
                                        "--out", "\(dir)/o1", "--prompts", prompts])
        #expect(first.status == 0, "\(first.stderr)")
        // Second call: its input is the first call's line audio at -10 dB, as a hybrid echoes it back.
        let wav = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/o1/line.wav"))
        let echo = AudioCommandTests.int16(wav.subdata(in: 44..<wav.count)).map { Int16((Double($0) * 0.316).rounded()) }
        try AudioCommandTests.writeWAV(echo, to: "\(dir)/echo.wav")
        let second = try IVRProcess.run(["call", "\(dir)/echo.wav", "--now", "2025-09-26T10:00:00+08:00", "--data", "\(dir)/v2",
                                         "--out", "\(dir)/o2", "--prompts", prompts])
        #expect(second.status == 0, "\(second.stderr)")
        let events = try String(contentsOfFile: "\(dir)/o2/events.jsonl", encoding: .utf8)
        #expect(!events.contains(#""event":"digit""#), "the echo of the line's prompts was taken for a key")
        #expect(events.contains(#""event":"noinput""#))
    }
}
