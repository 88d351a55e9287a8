import AudioIO
import Foundation
import Prompts
import Testing

/// `check` passes on the shipped set and names each kind of problem.
struct CheckTests {
    @Test func shippedSetPasses() throws {
        let report = PromptChecker(manifest: try Fixtures.shippedManifest(), directory: Fixtures.promptsDirectory)
            .run(menuPromptIDs: ["welcome", "main_menu", "wait_tone", "goodbye", "agent_busy"])
        #expect(report.passed, "\(report.problems)")
        #expect(report.filesChecked >= 150)
        #expect(report.findings.contains { !$0.isProblem && $0.language == "yue" && $0.message.contains("2 of 5 menu prompts fall back") })
    }

    @Test func findsEachKindOfProblem() throws {
        let dir = try Fixtures.promptFolder(copying: ["welcome", "main_menu", "goodbye"], label: "check")
        // A 48 kHz file dropped in by hand, a quiet one, an orphan, a non-audio file; wait_tone and the rest missing.
        try Fixtures.write(Fixtures.speechLike(rate: 48000, peak: 0.4), rate: 48000, channels: 1, format: .wav16, to: dir + "/cmn/welcome.wav")
        try Fixtures.write(Fixtures.speechLike(rate: 8000, peak: 0.005), rate: 8000, channels: 1, format: .wav16, to: dir + "/cmn/main_menu.wav")
        try FileManager.default.copyItem(atPath: dir + "/cmn/goodbye.wav", toPath: dir + "/cmn/goodby.wav")
        try "junk".write(toFile: dir + "/cmn/agent_busy.wav", atomically: true, encoding: .utf8)
        let report = PromptChecker(manifest: try Fixtures.shippedManifest(), directory: dir).run(menuPromptIDs: ["welcome", "menu_typo"])
        func has(_ id: String, _ text: String) -> Bool { report.problems.contains { $0.id == id && $0.message.contains(text) } }
        #expect(!report.passed)
        #expect(has("welcome", "48000 Hz"))
        #expect(has("main_menu", "level"))
        #expect(has("goodby", "no entry in prompts.yaml"))
        #expect(has("agent_busy", "not a WAV file"))
        #expect(has("wait_tone", "no recording"))
        #expect(has("menu_typo", "not in prompts.yaml"))
    }

    @Test func lintProblemsAreReported() throws {
        let yaml = """
        languages: [cmn]
        prompts:
          - {id: welcome, text: {cmn: 欢迎}}
          - {id: main_menu, text: {cmn: 你问我，我问谁？}}
          - {id: wait_tone, kind: tone, text: {cmn: 音乐}}
        """
        let m = try PromptManifest.parse(yaml: yaml)
        let report = PromptChecker(manifest: m, directory: Fixtures.temporaryDirectory("lint")).run(menuPromptIDs: nil)
        #expect(report.problems.contains { $0.id == "main_menu" && $0.message.contains("shirking") })
        #expect(report.problems.contains { $0.id == "num_0" && $0.message.contains("building block missing") })
    }

    @Test func menuReferencesAreCollectedFromPromptKeysAtAnyDepth() throws {
        let yaml = """
        nodes:
          welcome: {prompts: [greeting, welcome, recording_notice]}
          main:
            prompt: main_menu
            noinput: {prompt: main_menu_short}
            children:
              - {id: agent, prompts: {queue: wait_tone, busy: agent_busy}}
        """
        #expect(try MenuPromptReferences.collect(yaml: yaml) ==
            ["greeting", "welcome", "recording_notice", "main_menu", "main_menu_short", "wait_tone", "agent_busy"])
    }
}
