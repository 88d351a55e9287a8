import Foundation
import Testing

/// `ivr` finds its prompts and data from any folder (issue 11, "run from anywhere").
@Suite("run from anywhere")
struct RunFromAnywhereTests {
    static var root: String { LineCommandTests.packageRoot }

    /// A caller recording made in a folder far from the checkout.
    static func callerWAV(_ dir: String) throws -> String {
        try "seed: 4\nsteps:\n  - wait: 12\n  - hangup\n".write(toFile: "\(dir)/c.yaml", atomically: true, encoding: .utf8)
        let made = try IVRProcess.run(["gen", "call", "\(dir)/c.yaml", "-o", "\(dir)/c.wav"])
        #expect(made.status == 0, "\(made.stderr)")
        return "\(dir)/c.wav"
    }

    @Test func theEnvironmentNamesThePromptsAndTheDataFolders() throws {
        let dir = IVRProcess.temporaryDirectory("anywhere")
        let wav = try Self.callerWAV(dir)
        let env = ["IVR_PROMPTS": Self.root + "/Prompts", "IVR_DATA": dir + "/live"]
        let r = try IVRProcess.run(["call", wav, "--now", "2025-09-26T15:00:00+08:00", "--call-id", "a1"], environment: env, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/live/ivr.sqlite"))
        #expect(FileManager.default.fileExists(atPath: dir + "/live/calls/a1/events.jsonl"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/var"))
        // The tickets command reads the same folder; the calendar comes from the prompts folder.
        let list = try IVRProcess.run(["tickets", "list"], environment: env, in: dir)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("0 ticket(s)"))
        #expect(!list.stderr.contains("fall back"), "\(list.stderr)")
        // An option still wins over the variable.
        let other = try IVRProcess.run(["tickets", "list", "--data", dir + "/other"], environment: env, in: dir)
        #expect(other.status == 0 && FileManager.default.fileExists(atPath: dir + "/other/ivr.sqlite"))
    }

    @Test func withoutThemTheErrorNamesThePathTriedAndTheFix() throws {
        let dir = IVRProcess.temporaryDirectory("anywhere")
        let wav = try Self.callerWAV(dir)
        let r = try IVRProcess.run(["call", wav, "--now", "2025-09-26T15:00:00+08:00"], environment: ["IVR_PROMPTS": ""], in: dir)
        #expect(r.status != 0)
        #expect(r.stderr.contains(dir + "/Prompts/prompts.yaml"), "\(r.stderr)")
        #expect(r.stderr.contains("IVR_PROMPTS") && r.stderr.contains("--prompts"), "\(r.stderr)")
        let wrong = try IVRProcess.run(["prompts", "list"], environment: ["IVR_PROMPTS": dir + "/nowhere"], in: dir)
        #expect(wrong.stderr.contains(dir + "/nowhere/prompts.yaml") && wrong.stderr.contains("from IVR_PROMPTS"), "\(wrong.stderr)")
    }

    @Test func aFolderGivenAsTheCallerAudioSaysItIsAFolder() throws {
        let dir = IVRProcess.temporaryDirectory("anywhere")
        let r = try IVRProcess.run(["call", dir, "--data", dir + "/var", "--prompts", Self.root + "/Prompts"])
        #expect(r.status == 3)
        #expect(r.stderr.contains("\(dir): is a folder, not an audio file"), "\(r.stderr)")
    }

    /// One option group: every command takes the same --prompts/--data spelling and rejects what it cannot use.
    @Test func optionsThatDoNotApplyAreRefusedNotIgnored() throws {
        let dir = IVRProcess.temporaryDirectory("anywhere")
        let batch = try IVRProcess.run(["batch", dir, "--data", dir + "/var"])
        #expect(batch.status == 64 && batch.stderr.contains("--data does not apply"), "\(batch.stderr)")
        let prompts = try IVRProcess.run(["prompts", "list", "--data", dir + "/var", "--prompts", Self.root + "/Prompts"])
        #expect(prompts.status == 64, "\(prompts.stderr)")
    }
}
