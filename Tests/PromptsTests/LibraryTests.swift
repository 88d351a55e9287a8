import AudioIO
import Foundation
import Logging
import Prompts
import Testing

/// The play-time lookup: fallback to Mandarin and the neutral tone, and hot swap without a restart.
struct LibraryTests {
    @Test func fallsBackToMandarinThenToTheNeutralTone() throws {
        let library = PromptLibrary(directory: Fixtures.promptsDirectory, logger: Logger(label: "test"))
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
        let library = PromptLibrary(directory: dir, logger: Logger(label: "test"))
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
        let library = PromptLibrary(directory: dir, logger: Logger(label: "test"))
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
        let library = PromptLibrary(directory: Fixtures.promptsDirectory, logger: Logger(label: "test"))
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

/// The operator's path end to end: `ivr prompts install` in another process, heard by a running library.
struct CrossProcessSwapTests {
    /// The built `ivr` executable beside the test bundle.
    static var ivr: String {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("ivr").path), dir.path != "/" {
            dir.deleteLastPathComponent()
        }
        return dir.appendingPathComponent("ivr").path
    }

    static func run(_ arguments: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ivr)
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    @Test func installAndRollbackByTheCLIAreHeardOnTheNextPlay() throws {
        let dir = try Fixtures.promptFolder(copying: ["main_menu"], label: "xproc")
        let library = PromptLibrary(directory: dir, logger: Logger(label: "test"))
        let before = library.audio("main_menu", language: "cmn").samples
        try Fixtures.write(Fixtures.speechLike(rate: 44100, syllables: 10), rate: 44100, channels: 2, format: .flac, to: dir + "/studio.flac")
        #expect(try Self.run(["prompts", "install", "main_menu", dir + "/studio.flac", "--prompts", dir]) == 0)
        let after = library.audio("main_menu", language: "cmn").samples
        #expect(after != before && abs(Double(after.count) / 8000 - 2.63) < 0.1)
        #expect(try Self.run(["prompts", "rollback", "main_menu", "--prompts", dir]) == 0)
        #expect(library.audio("main_menu", language: "cmn").samples == before)
    }
}
