import Foundation
import Testing

/// QA recordings (`ivr call --record`; the live line records every call the same way): two channels from the end
/// of the recording notice, secrets silenced on the caller channel, owner-only FLAC beside the event log; and their
/// retention (`ivr calls purge`).
@Suite("call recordings", .serialized)
struct RecordingTests {
    static var root: String { LineCommandTests.packageRoot }

    /// Runs `ivr call --record` on a fixture; returns the data folder.
    static func recordedCall(_ fixture: String, id: String, now: String = "2025-09-26T10:00:00+08:00", data: String? = nil) throws -> String {
        let dir = data ?? IVRProcess.temporaryDirectory("rec") + "/var"
        let call = try IVRProcess.run(["call", "\(root)/Tests/Fixtures/calls/\(fixture).wav", "--record", "--call-id", id, "--now", now,
                                       "--data", dir, "--out", dir + "/../out-\(id)", "--prompts", "\(root)/Prompts"])
        #expect(call.status == 0, "\(call.stderr)")
        return dir
    }

    @Test(arguments: ["identity-demo-account", "identity-typo", "identity-lockout", "noisy-keys-identity"])
    func aRecordingHoldsNoDigitOfASecret(fixture: String) throws {
        let data = try Self.recordedCall(fixture, id: "c1")
        try Self.expectNoSecretDigits(data: data, original: "\(Self.root)/Tests/Fixtures/calls/\(fixture).wav")
    }

    /// A caller who types the ID again while the mismatch notice plays (it cannot be interrupted, so no entry is
    /// open): those keys are as secret as the ones typed into the entry, and the recording must not keep them.
    @Test func anIDTypedAgainDuringTheMismatchNoticeIsNotRecorded() throws {
        let dir = IVRProcess.temporaryDirectory("rec-notice")
        let script = """
        seed: 41
        steps:
          - wait: 2
          - keys: "1"
          - wait: 18
          - keys: "5"
          - wait: 4
          - keys: "11010519870412006*#"
          - wait: 1.5
          - keys: "123456#"
          - wait: 0.3
          - keys: "11010519870412006*#"
          - wait: 12
          - hangup
        """
        try script.write(toFile: "\(dir)/caller.yaml", atomically: true, encoding: .utf8)
        let gen = try IVRProcess.run(["gen", "call", "\(dir)/caller.yaml", "-o", "\(dir)/caller.wav"], in: Self.root)
        try #require(gen.status == 0, "\(gen.stderr)")
        let data = dir + "/var"
        let call = try IVRProcess.run(["call", "\(dir)/caller.wav", "--record", "--call-id", "c1", "--now", "2025-09-26T10:00:00+08:00",
                                       "--data", data, "--out", dir + "/out", "--prompts", "\(Self.root)/Prompts"])
        try #require(call.status == 0, "\(call.stderr)")
        // The second ID starts while the mismatch notice plays, not in a re-asked entry.
        let events = try String(contentsOfFile: "\(data)/calls/2025/09/26/c1.events.jsonl", encoding: .utf8)
        #expect(events.contains(#""event":"auth","result":"fail""#), "\(events)")
        try Self.expectNoSecretDigits(data: data, original: "\(dir)/caller.wav")
    }

    /// The QA recording of call `c1` in `data` holds no four consecutive digits of a secret, on the caller channel
    /// or mixed; the caller's `original` audio does, so the check can fail.
    static func expectNoSecretDigits(data: String, original: String) throws {
        let flac = "\(data)/calls/2025/09/26/c1.flac"
        var st = stat()
        #expect(stat(flac, &st) == 0)
        #expect(st.st_mode & 0o777 == 0o600)
        #expect(FileManager.default.fileExists(atPath: "\(data)/calls/2025/09/26/c1.events.jsonl"))
        // The caller channel alone (sox), and both channels mixed (ivr detect averages them).
        let left = (data as NSString).deletingLastPathComponent + "/left.wav"
        let sox = Process()
        sox.executableURL = URL(fileURLWithPath: "/usr/bin/sox")
        sox.arguments = [flac, left, "remix", "1"]
        try sox.run()
        sox.waitUntilExit()
        #expect(sox.terminationStatus == 0)
        let secrets = ["11010519870412006", "958473", "123456", "110105"]
        for file in [flac, left] {
            let detect = try IVRProcess.run(["detect", file])
            #expect(detect.status == 0, "\(detect.stderr)")
            let digits = detect.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            for secret in secrets {
                // No four consecutive digits of a secret survive.
                let chars = Array(secret)
                for i in 0...(chars.count - 4) {
                    #expect(!digits.contains(String(chars[i..<(i + 4)])), "\(file): \(digits) holds part of \(secret)")
                }
            }
        }
        // The original caller audio does hold them, so the check above can fail.
        let heard = try IVRProcess.run(["detect", original])
        #expect(secrets.contains { s in heard.stdout.contains(String(s.prefix(4))) })
    }

    @Test func theRecordingStartsWhenTheNoticeEndsAndKeepsTheCallerAndTheLine() throws {
        let data = try Self.recordedCall("identity-demo-account", id: "c2")
        let events = try String(contentsOfFile: "\(data)/calls/2025/09/26/c2.events.jsonl", encoding: .utf8)
        let noticeEnd = try #require(events.split(separator: "\n").first { $0.contains(#""event":"prompt_end","id":"recording_notice""#) })
        let t = try #require(Double(noticeEnd.split(separator: ",")[0].dropFirst(5)))
        let hangup = try #require(events.split(separator: "\n").last { $0.contains(#""event":"hangup""#) })
        let end = try #require(Double(hangup.split(separator: ",")[0].dropFirst(5)))
        let info = try IVRProcess.run(["detect", "--jsonl", "\(data)/calls/2025/09/26/c2.flac"])
        #expect(info.status == 0)
        // soxi: two channels, 8 kHz, the call's length minus the welcome, to the frame.
        let soxi = Process()
        soxi.executableURL = URL(fileURLWithPath: "/usr/bin/soxi")
        let pipe = Pipe()
        soxi.standardOutput = pipe
        soxi.arguments = ["-s", "\(data)/calls/2025/09/26/c2.flac"]
        try soxi.run()
        soxi.waitUntilExit()
        let samples = try #require(Int(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(abs(Double(samples) / 8000 - (end - t)) <= 0.021, "recorded \(samples) samples; call \(end) s, notice ended at \(t) s")
        // The survey key (1) after the identity check is on the caller channel.
        #expect(info.stdout.contains(#""digit":"1""#))
        // The index knows the recording.
        let list = try IVRProcess.run(["calls", "list", "--from", "2025-09-26", "--to", "2025-09-26", "--data", data,
                                       "--calendar", "\(Self.root)/Prompts/calendar"])
        #expect(list.stdout.contains("calls/2025/09/26/c2.flac"), "\(list.stdout)")
    }

    @Test func purgeRemovesExactlyWhatIsPastRetention() throws {
        let data = IVRProcess.temporaryDirectory("purge") + "/var"
        // Calls on Sep 1, 2, 3 (recorded), purged on Sep 3 with 1 day of retention: Sep 1 goes, Sep 2 and 3 stay.
        for day in 1...3 {
            _ = try Self.recordedCall("policy-replay", id: "d\(day)", now: "2025-09-0\(day)T10:00:00+08:00", data: data)
        }
        let common = ["--data", data, "--calendar", "\(Self.root)/Prompts/calendar"]
        let keepAll = try IVRProcess.run(["calls", "purge", "--retention-days", "2", "--now", "2025-09-03T23:59:00+08:00"] + common)
        #expect(keepAll.status == 0, "\(keepAll.stderr)")
        #expect(keepAll.stdout.contains("0 recordings removed"), "\(keepAll.stdout)")
        let purge = try IVRProcess.run(["calls", "purge", "--retention-days", "1", "--now", "2025-09-03T00:00:00+08:00"] + common)
        #expect(purge.status == 0, "\(purge.stderr)")
        #expect(purge.stdout.contains("purged calls/2025/09/01/d1.flac"), "\(purge.stdout)")
        #expect(purge.stdout.contains("1 recording removed"), "\(purge.stdout)")
        let fm = FileManager.default
        #expect(!fm.fileExists(atPath: "\(data)/calls/2025/09/01/d1.flac"))
        #expect(fm.fileExists(atPath: "\(data)/calls/2025/09/01/d1.events.jsonl"))
        #expect(fm.fileExists(atPath: "\(data)/calls/2025/09/02/d2.flac"))
        #expect(fm.fileExists(atPath: "\(data)/calls/2025/09/03/d3.flac"))
        // Running it again removes nothing more; the call stays in the index without its recording.
        let again = try IVRProcess.run(["calls", "purge", "--retention-days", "1", "--now", "2025-09-03T00:00:00+08:00"] + common)
        #expect(again.stdout.contains("0 recordings removed"))
        let list = try IVRProcess.run(["calls", "list", "--from", "2025-09-01", "--to", "2025-09-03"] + common)
        #expect(list.stdout.split(separator: "\n").count == 3)
        #expect(list.stdout.split(separator: "\n").first { $0.hasPrefix("d1\t") }?.hasSuffix("\t-") == true)
    }
}
