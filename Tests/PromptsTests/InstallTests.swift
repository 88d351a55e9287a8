import AudioIO
import Foundation
import Prompts
import Testing

/// `install` and `rollback` on real files: any format in, a conforming prompt out, atomically, with history.
struct InstallTests {
    @Test(arguments: [(44100, 2, AudioFileFormat.flac), (48000, 1, .wav16), (48000, 2, .wavFloat), (22050, 1, .ogg)])
    func anyFormatBecomesAConformingPrompt(rate: Int, channels: Int, format: AudioFileFormat) throws {
        let dir = try Fixtures.promptFolder(copying: ["welcome"], label: "install")
        let source = dir + "/studio.\(format == .flac ? "flac" : format == .ogg ? "ogg" : "wav")"
        try Fixtures.write(Fixtures.speechLike(rate: rate, peak: 0.8), rate: rate, channels: channels, format: format, to: source)
        let manifest = try Fixtures.shippedManifest()
        let result = try PromptInstaller(manifest: manifest, directory: dir).install(id: "welcome", from: source)
        #expect(result.keptPrevious)
        let checker = PromptChecker(manifest: manifest, directory: dir)
        #expect(checker.checkFile(dir + "/cmn/welcome.wav", kind: .sentence).isEmpty)
        #expect(WAVFormat.read(dir + "/cmn/welcome.wav")?.isTelephony == true)
        #expect(abs(result.measurement.activeLevelDBFS + 26) < 0.5)
        #expect(PromptStore(directory: dir).origins("welcome", language: "cmn") == (.replacement, .default))
    }

    @Test func rollbackRestoresThePreviousFileAndASecondRollbackRedoes() throws {
        let dir = try Fixtures.promptFolder(copying: ["welcome"], label: "rollback")
        let original = try Data(contentsOf: URL(fileURLWithPath: dir + "/cmn/welcome.wav"))
        try Fixtures.write(Fixtures.speechLike(rate: 48000), rate: 48000, channels: 1, format: .wav16, to: dir + "/new.wav")
        _ = try PromptInstaller(manifest: try Fixtures.shippedManifest(), directory: dir).install(id: "welcome", from: dir + "/new.wav")
        let installed = try Data(contentsOf: URL(fileURLWithPath: dir + "/cmn/welcome.wav"))
        #expect(installed != original)
        let store = PromptStore(directory: dir)
        try store.rollback("welcome", language: "cmn")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/cmn/welcome.wav")) == original)
        #expect(store.origins("welcome", language: "cmn") == (.default, .replacement))
        try store.rollback("welcome", language: "cmn")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/cmn/welcome.wav")) == installed)
    }

    @Test func rollbackWithoutHistoryFails() throws {
        let dir = try Fixtures.promptFolder(copying: ["welcome"], label: "nohist")
        #expect(throws: PromptError.self) { try PromptStore(directory: dir).rollback("welcome", language: "cmn") }
    }

    @Test(arguments: ["../welcome", "cmn/welcome", "Welcome", "no_such_prompt"])
    func badOrUnknownIDsAreRejectedBeforeReading(id: String) throws {
        let dir = try Fixtures.promptFolder(copying: [], label: "badid")
        #expect {
            try PromptInstaller(manifest: try Fixtures.shippedManifest(), directory: dir).install(id: id, from: "/nonexistent.wav")
        } throws: { ($0 as? PromptError)?.code == .badID }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/cmn").isEmpty)
    }

    @Test func unknownLanguageIsRejected() throws {
        let dir = try Fixtures.promptFolder(copying: [], label: "lang")
        #expect(throws: PromptError.self) {
            try PromptInstaller(manifest: try Fixtures.shippedManifest(), directory: dir).install(id: "welcome", from: "/x.wav", language: "wuu")
        }
    }

    @Test func undecodableSilentAndClippedFilesLeaveThePromptUntouched() throws {
        let dir = try Fixtures.promptFolder(copying: ["welcome"], label: "reject")
        let before = try Data(contentsOf: URL(fileURLWithPath: dir + "/cmn/welcome.wav"))
        try "not audio".write(toFile: dir + "/text.wav", atomically: true, encoding: .utf8)
        try Fixtures.write([Float](repeating: 0, count: 44100), rate: 44100, channels: 2, format: .flac, to: dir + "/silent.flac")
        try Fixtures.write(Fixtures.speechLike(rate: 44100, peak: 3).map { max(-1, min(1, $0)) }, rate: 44100, channels: 1,
                           format: .wav16, to: dir + "/clipped.wav")
        let installer = PromptInstaller(manifest: try Fixtures.shippedManifest(), directory: dir)
        #expect(throws: AudioFileError.self) { try installer.install(id: "welcome", from: dir + "/text.wav") }
        for (file, reason) in [("silent.flac", "silent"), ("clipped.wav", "clipped")] {
            #expect {
                try installer.install(id: "welcome", from: dir + "/" + file)
            } throws: { "\($0)".contains(reason) }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/cmn/welcome.wav")) == before)
        #expect(!FileManager.default.fileExists(atPath: dir + "/cmn/.versions/welcome.previous.wav"))
    }
}
