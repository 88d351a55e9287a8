import Foundation
import Testing

/// `ivr prompts …` run as an operator runs it.
@Suite("prompts command")
struct PromptsCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// A temporary prompt folder with the shipped manifest and a few recordings.
    static func folder(_ ids: [String]) throws -> String {
        let dir = IVRProcess.temporaryDirectory("prompts")
        try FileManager.default.createDirectory(atPath: dir + "/cmn", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: root + "/Prompts/prompts.yaml", toPath: dir + "/prompts.yaml")
        for id in ids { try FileManager.default.copyItem(atPath: root + "/Prompts/cmn/\(id).wav", toPath: dir + "/cmn/\(id).wav") }
        return dir
    }

    /// Makes a studio-like file with sox: the shipped recording of `from`, resampled, in `channels` channels.
    static func sox(_ from: String, rate: Int, channels: Int, to path: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sox")
        p.arguments = ["-V1", root + "/Prompts/cmn/\(from).wav", "-r", "\(rate)", "-c", "\(channels)", path, "gain", "-3"]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }

    @Test func checkPassesOnTheShippedSet() throws {
        let r = try IVRProcess.run(["prompts", "check", "--prompts", Self.root + "/Prompts"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("check ok"))
    }

    @Test(arguments: [(44100, 2, "flac"), (48000, 1, "wav")])
    func installConformsAndRollbackRestores(rate: Int, channels: Int, ext: String) throws {
        let dir = try Self.folder(["welcome"])
        let original = try Data(contentsOf: URL(fileURLWithPath: dir + "/cmn/welcome.wav"))
        try Self.sox("goodbye", rate: rate, channels: channels, to: "\(dir)/studio.\(ext)")
        let install = try IVRProcess.run(["prompts", "install", "welcome", "\(dir)/studio.\(ext)", "--prompts", dir])
        #expect(install.status == 0, "\(install.stderr)")
        #expect(install.stdout.contains("previous kept for rollback"))
        let list = try IVRProcess.run(["prompts", "list", "--prompts", dir, "--lang", "cmn"])
        let line = list.stdout.split(separator: "\n").first { $0.hasPrefix("welcome\t") } ?? ""
        #expect(line.split(separator: "\t").count == 6)
        #expect(line.contains("\treplacement\t欢迎拨打12333"), "\(line)")
        let check = try IVRProcess.run(["prompts", "check", "--prompts", dir])
        #expect(!check.stdout.contains("problem\twelcome\t"), "\(check.stdout)")
        let rollback = try IVRProcess.run(["prompts", "rollback", "welcome", "--prompts", dir])
        #expect(rollback.status == 0 && rollback.stdout.contains("default version"), "\(rollback.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/cmn/welcome.wav")) == original)
    }

    @Test func installRejectsPathCharactersAndJunkWithOneLine() throws {
        let dir = try Self.folder([])
        let bad = try IVRProcess.run(["prompts", "install", "../etc/passwd", "/dev/null", "--prompts", dir])
        #expect(bad.status == 64 && bad.stderr.contains("invalid prompt id"), "\(bad.stderr)")
        try "junk".write(toFile: dir + "/junk.wav", atomically: true, encoding: .utf8)
        let junk = try IVRProcess.run(["prompts", "install", "welcome", dir + "/junk.wav", "--prompts", dir])
        #expect(junk.status == 3 && junk.stderr.split(separator: "\n").count == 1, "\(junk.stderr)")
        let none = try IVRProcess.run(["prompts", "rollback", "welcome", "--prompts", dir])
        #expect(none.status == 1 && none.stderr.contains("no previous version"))
    }

    @Test(arguments: [
        (["money", "1234.50", "--text"], "一千两百三十四元五角"), (["number", "1010"], "num_1 num_1000 num_0 num_1 num_10"),
        (["date", "2025-09-30", "--text"], "二〇二五年九月三十日"), (["time", "14:30", "--text"], "下午两点三十分"),
        (["workdays", "2", "--text"], "两个工作日"), (["phone", "13812345678", "--text"], "幺三八，幺二三四，五六七八"),
        (["digits", "1203", "--text"], "幺二零三"),
    ])
    func say(arguments: [String], expected: String) throws {
        let r = try IVRProcess.run(["prompts", "say"] + arguments)
        #expect(r.status == 0 && r.stdout == expected + "\n", "\(r.stdout)\(r.stderr)")
    }

    @Test func sayWritesAudio() throws {
        let dir = IVRProcess.temporaryDirectory("say")
        let r = try IVRProcess.run(["prompts", "say", "money", "20000", "-o", dir + "/m.wav", "--prompts", Self.root + "/Prompts"])
        #expect(r.status == 0, "\(r.stderr)")
        let size = try FileManager.default.attributesOfItem(atPath: dir + "/m.wav")[.size] as? Int ?? 0
        #expect(size > 8000)
    }
}
