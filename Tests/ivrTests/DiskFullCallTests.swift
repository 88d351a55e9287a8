import Foundation
import TestGate
import Testing

@Suite("a full disk during a voicemail")
struct DiskFullCallTests {
    /// A caller who chooses Mandarin, then voicemail, speaks for about 10 s and presses #.
    static let script = """
    seed: 2
    steps:
      - wait: 3
      - keys: "1"
      - wait: 14
      - keys: "6"
      - wait: 8
      - say: "您好，我想咨询一下养老保险转移的问题，我的电话是一三八零零一三八零零零，谢谢。"
        level: -18
      - wait: 1
      - keys: "#"
      - wait: 40
    """

    @Test(.enabled(if: needs(Tmpfs.canMount), "needs root to mount a small tmpfs"))
    func theCallerHearsAnApologyAndTheAgentPathAndNoHalfTicketIsLeft() throws {
        let dir = IVRProcess.temporaryDirectory("full")
        try Self.script.write(toFile: "\(dir)/vm.yaml", atomically: true, encoding: .utf8)
        let gen = try IVRProcess.run(["gen", "call", "\(dir)/vm.yaml", "-o", "\(dir)/vm.wav"])
        #expect(gen.status == 0, "\(gen.stderr)")
        // Room for the database, not for the message: the store is created on a roomy tmpfs, which is then shrunk to
        // what it holds plus 64 kB (the schema grows with every migration, so no fixed size stays right).
        let volume = "\(dir)/vol"
        try FileManager.default.createDirectory(atPath: volume, withIntermediateDirectories: true)
        try #require(Tmpfs.sh(["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", volume]) == 0,
                     "cannot mount a tmpfs: this test needs root with mount (CI runs as root after Scripts/setup.sh)")
        defer { Tmpfs.sh(["umount", "-l", volume]) }
        let created = try IVRProcess.run(["tickets", "list", "--data", "\(volume)/var", "--now", "2025-09-26T09:00:00+08:00"])
        #expect(created.status == 0, "\(created.stderr)")
        var fs = statvfs()
        try #require(statvfs(volume, &fs) == 0)
        let usedKB = (Int(fs.f_blocks) - Int(fs.f_bfree)) * Int(fs.f_frsize) / 1024
        try #require(Tmpfs.sh(["mount", "-o", "remount,size=\(usedKB + 64)k", volume]) == 0, "cannot shrink the tmpfs")

        let r = try IVRProcess.run(["call", "\(dir)/vm.wav", "--now", "2025-09-26T10:00:00+08:00", "--data", "\(volume)/var",
                                    "--out", "\(dir)/out", "--prompts", CallCommandTests.prompts])
        #expect(r.status == 0, "the call goes on: \(r.stderr)")
        let events = try String(contentsOfFile: "\(dir)/out/events.jsonl", encoding: .utf8)
        #expect(events.contains(#""event":"record_end","reason":"dtmf""#))
        #expect(!events.contains(#""event":"ticket""#))
        #expect(events.contains(#""event":"prompt","id":"system_fault""#))
        #expect(events.contains(#""event":"node","id":"agent""#))
        // One line for the operator, naming the fault.
        // (The call index of `ivr report` fails on the same full disk and says so in a line of its own.)
        let errors = r.stderr.split(separator: "\n").filter { $0.contains("error") }
        let recording = errors.filter { $0.contains("recording") }
        #expect(recording.count == 1, "\(errors)")
        #expect(errors.allSatisfy { $0.contains("disk full") }, "\(errors)")
        #expect(recording.first?.contains("message is kept in") == true, "what reached the disk is recovered later")
        // Nothing half-written: no filed recording without its ticket, no ticket without its recording.
        let saved = FileManager.default.enumerator(atPath: "\(volume)/var/voicemail")?.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".wav") && !$0.hasPrefix("partial/") } ?? []
        #expect(saved.isEmpty, "\(saved)")
        let list = try IVRProcess.run(["tickets", "list", "--data", "\(volume)/var", "--now", "2025-09-26T12:00:00+08:00"])
        #expect(list.stdout.contains("0 ticket(s)"), "\(list.stdout)\(list.stderr)")
    }
}
