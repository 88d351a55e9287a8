import Foundation
import TestGate
import Testing

/// The live demo line on a real ALSA `type file` PCM: the caller's audio is the PCM's infile, what the line
/// plays lands in its output file.
@Suite("ivr line on an ALSA file PCM")
struct LineCommandTests {
    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    @Test func silentCallerOnTheLiveLinePlaysWhatARecordedCallPlays() throws {
        let dir = IVRProcess.temporaryDirectory("line")
        let root = Self.packageRoot
        // A caller who says nothing for 150 s: three no-input rounds, then the line says goodbye and hangs up.
        try "seed: 3\nsteps:\n  - wait: 150\n".write(toFile: "\(dir)/silent.yaml", atomically: true, encoding: .utf8)
        let gen = try IVRProcess.run(["gen", "call", "\(dir)/silent.yaml", "-o", "\(dir)/silent.wav"])
        #expect(gen.status == 0, "\(gen.stderr)")
        let wav = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/silent.wav"))
        try wav.subdata(in: 44..<wav.count).write(to: URL(fileURLWithPath: "\(dir)/in.raw"))
        // A duplex PCM as a sound card has: playback into out.raw, capture from in.raw (a `type file` PCM also
        // copies what it captures into its `file`, so capture gets its own).
        let conf = """
        pcm.ivrline {
            type asym
            playback.pcm { type file; slave.pcm null; file "\(dir)/out.raw"; format "raw" }
            capture.pcm { type file; slave.pcm null; file "/dev/null"; infile "\(dir)/in.raw"; format "raw" }
        }
        """
        try conf.write(toFile: "\(dir)/asound.conf", atomically: true, encoding: .utf8)
        let env = ["ALSA_CONFIG_PATH": "/usr/share/alsa/alsa.conf:\(dir)/asound.conf"]

        let line = try IVRProcess.run(["line", "--device", "ivrline", "--calls", "1", "--data", "\(dir)/var", "--now", "2025-09-26T10:00:00+08:00",
                                       "--prompts", "\(root)/Prompts"], environment: env)
        #expect(line.status == 0, "\(line.stderr)")
        #expect(line.stdout.contains("hangup by line (noinput)"), "\(line.stdout)")
        #expect(line.stdout.contains("stopped after 1 call"))

        // The same caller through the batch path.
        let call = try IVRProcess.run(["call", "\(dir)/silent.wav", "--now", "2025-09-26T10:00:00+08:00", "--data", "\(dir)/var2",
                                       "--out", "\(dir)/out", "--prompts", "\(root)/Prompts"])
        #expect(call.status == 0, "\(call.stderr)")
        let lineWAV = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/out/line.wav"))
        let recorded = AudioCommandTests.int16(lineWAV.subdata(in: 44..<lineWAV.count))
        let played = AudioCommandTests.int16(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/out.raw")))
        // The live line primes playback with two silent frames, then plays frame for frame what `ivr call` wrote.
        #expect(played.count == recorded.count + 320)
        #expect(played.prefix(320).allSatisfy { $0 == 0 })
        #expect(Array(played.dropFirst(320)) == recorded)
        let rms = (played.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(played.count, 1))).squareRoot()
        #expect(rms > 100, "the line played audible prompts")

        // Its event log is in the data folder.
        let calls = try FileManager.default.contentsOfDirectory(atPath: "\(dir)/var/calls/2025/09/26").filter { $0.hasSuffix(".events.jsonl") }
        #expect(calls.count == 1)
        let events = try String(contentsOfFile: "\(dir)/var/calls/2025/09/26/\(calls[0])", encoding: .utf8)
        #expect(events.contains(#""event":"hangup","by":"line","reason":"noinput""#))
    }

    /// The playback device fails while the line waits between calls (its output file is on a tmpfs that holds the
    /// first call and 128 kB more): the line exits 4 with the ALSA error, never "stopped after 1 call" and 0.
    @Test(.enabled(if: needs(Tmpfs.canMount), "needs root to mount a small tmpfs"))
    func aDeviceThatFailsBetweenCallsExits4() throws {
        let dir = IVRProcess.temporaryDirectory("line-fail")
        let root = Self.packageRoot
        try "seed: 3\nsteps:\n  - wait: 150\n".write(toFile: "\(dir)/silent.yaml", atomically: true, encoding: .utf8)
        #expect(try IVRProcess.run(["gen", "call", "\(dir)/silent.yaml", "-o", "\(dir)/silent.wav"]).status == 0)
        let wav = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/silent.wav"))
        try wav.subdata(in: 44..<wav.count).write(to: URL(fileURLWithPath: "\(dir)/in.raw"))
        // What the first call plays: `ivr call`'s line.wav plus the two priming frames.
        let call = try IVRProcess.run(["call", "\(dir)/silent.wav", "--now", "2025-09-26T10:00:00+08:00", "--data", "\(dir)/var2",
                                       "--out", "\(dir)/out", "--prompts", "\(root)/Prompts"])
        try #require(call.status == 0, "\(call.stderr)")
        let firstCallBytes = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/out/line.wav")).count - 44 + 640
        let volume = dir + "/volume"
        try FileManager.default.createDirectory(atPath: volume, withIntermediateDirectories: true)
        let sizeKB = firstCallBytes / 1024 + 128
        try #require(Tmpfs.sh(["mount", "-t", "tmpfs", "-o", "size=\(sizeKB)k,mode=0700", "tmpfs", volume]) == 0,
                     "cannot mount a tmpfs: this test needs root with mount (CI runs as root after Scripts/setup.sh)")
        defer { Tmpfs.sh(["umount", "-l", volume]) }
        let conf = """
        pcm.ivrline {
            type asym
            playback.pcm { type file; slave.pcm null; file "\(volume)/out.raw"; format "raw" }
            capture.pcm { type file; slave.pcm null; file "/dev/null"; infile "\(dir)/in.raw"; format "raw" }
        }
        """
        try conf.write(toFile: "\(dir)/asound.conf", atomically: true, encoding: .utf8)
        let env = ["ALSA_CONFIG_PATH": "/usr/share/alsa/alsa.conf:\(dir)/asound.conf"]
        let line = try IVRProcess.run(["line", "--device", "ivrline", "--calls", "2", "--data", "\(dir)/var", "--now", "2025-09-26T10:00:00+08:00",
                                       "--prompts", "\(root)/Prompts"], environment: env)
        #expect(line.stdout.contains("hangup by line (noinput)"), "the first call ran to its end: \(line.stdout)")
        #expect(line.stdout.contains("line: waiting"), "the failure came while waiting: \(line.stdout)")
        #expect(line.status == 4, "exit status \(line.status): \(line.stderr)")
        #expect(line.stderr.contains("snd_pcm_writei"), "the error names the failing call: \(line.stderr)")
        #expect(!line.stdout.contains("stopped after"), "\(line.stdout)")
    }
}
