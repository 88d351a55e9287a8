import AudioIO
import Foundation
import Prompts
import Testing

/// The play-time lookup: fallback to Mandarin and the neutral tone, and hot swap without a restart.
struct LibraryTests {
    @Test func fallsBackToMandarinThenToTheNeutralTone() throws {
        let library = PromptLibrary(directory: Fixtures.promptsDirectory)
        let yue = library.audio("welcome", language: "yue")
        #expect(yue.language == "yue" && !yue.isFallback)
        let fallback = library.audio("agent_busy", language: "yue")
        #expect(fallback.language == "cmn" && fallback.isFallback)
        #expect(fallback.samples == (try SoundFile.read(Fixtures.promptsDirectory + "/cmn/agent_busy.wav")))
        let missing = library.audio("no_such_prompt", language: "cmn")
        #expect(missing.source == .neutralTone && missing.samples == NeutralTone.samples)
        #expect(library.audio("../cmn/welcome", language: "cmn").source == .neutralTone)
    }

    @Test func cachedUntilTheFileChanges() throws {
        let dir = try Fixtures.promptFolder(copying: ["welcome", "goodbye"], label: "cache")
        let library = PromptLibrary(directory: dir)
        let first = library.audio("welcome", language: "cmn").samples
        _ = library.audio("welcome", language: "cmn")
        #expect(library.decodes == 1)
        try Fixtures.write(Fixtures.speechLike(rate: 44100), rate: 44100, channels: 2, format: .flac, to: dir + "/new.flac")
        _ = try PromptInstaller(manifest: try Fixtures.shippedManifest(), directory: dir).install(id: "welcome", from: dir + "/new.flac")
        let second = library.audio("welcome", language: "cmn").samples
        #expect(second != first)
        #expect(second == (try SoundFile.read(dir + "/cmn/welcome.wav")))
        try PromptStore(directory: dir).rollback("welcome", language: "cmn")
        #expect(library.audio("welcome", language: "cmn").samples == first)
        #expect(library.decodes == 3)
    }

    @Test func playersNeverSeeAHalfWrittenFileDuringInstalls() async throws {
        let dir = try Fixtures.promptFolder(copying: ["welcome"], label: "race")
        let library = PromptLibrary(directory: dir)
        let old = library.audio("welcome", language: "cmn").samples
        try Fixtures.write(Fixtures.speechLike(rate: 48000, syllables: 12), rate: 48000, channels: 1, format: .wav16, to: dir + "/a.wav")
        let installer = PromptInstaller(manifest: try Fixtures.shippedManifest(), directory: dir)
        let new = try installer.install(id: "welcome", from: dir + "/a.wav")
        let newSamples = try SoundFile.read(new.path)
        try PromptStore(directory: dir).rollback("welcome", language: "cmn")
        let reader = Task.detached { () -> Bool in
            for _ in 0..<300 {
                let a = library.audio("welcome", language: "cmn")
                guard a.source != .neutralTone, a.samples == old || a.samples == newSamples else { return false }
            }
            return true
        }
        for _ in 0..<20 { try PromptStore(directory: dir).rollback("welcome", language: "cmn") }
        #expect(await reader.value)
    }

    @Test func renderStringsTheVerbaliserSequence() throws {
        let library = PromptLibrary(directory: Fixtures.promptsDirectory)
        let items = try ChineseVerbaliser().phone("13812345678")
        let audio = library.render(items, language: "cmn")
        let expected = items.reduce(into: 0) { n, item in
            switch item {
            case .prompt(let id, _): n += library.audio(id, language: "cmn").samples.count
            case .pause(let ms): n += ms * 8
            }
        }
        #expect(audio.count == expected && expected > 8000)
    }
}
