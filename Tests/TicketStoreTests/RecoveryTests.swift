import AudioIO
import Foundation
import IVREngine
import TestGate
import Testing
import TicketStore
import WorkingDays

/// Crash recovery: what a killed process leaves in `voicemail/partial/` becomes a ticket or is quarantined.
struct RecoveryTests {
    /// A real writer (sox, streaming from a pipe, header sizes written only at the end) killed with SIGKILL
    /// mid-recording, while holding the sidecar lock as the engine does.
    @Test(.enabled(if: needs(tool("/usr/bin/sox")), "needs sox"), arguments: Backend.allCases)
    func killNineDuringRecordingIsRecoveredAtTheNextStart(backend: Backend) throws {
        try #require(tool("/usr/bin/sox"), "sox is missing: run Scripts/setup.sh")
        let dir = temporaryFolder()
        _ = try openStore(dir, backend: backend)  // creates the folders, as the engine's start does
        let callID = "call-kill9"
        let wav = PartialRecording.audioPath(dataDirectory: dir, callID: callID)
        let sidecarPath = PartialRecording.sidecarPath(dataDirectory: dir, callID: callID)
        try PartialRecording(callID: callID, caller: "13912345678", menuPath: ["main", "voicemail"],
                             createdAt: "2025-09-26T18:05:00+08:00").write(dataDirectory: dir).release()
        // The child locks the sidecar on fd 9, then becomes sox writing the WAV from its stdin.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sh")
        child.arguments = ["-c", "exec 9<\"$1\"; flock 9; exec sox -q -t raw -r 8000 -e signed -b 16 -c 1 - \"$2\"", "sh", sidecarPath, wav]
        let pipe = Pipe()
        child.standardInput = pipe
        try child.run()
        let audio = tone(seconds: 3)
        pipe.fileHandleForWriting.write(audio.withUnsafeBytes { Data($0) })
        // Wait until at least 2 s of audio reached the file.
        var size = 0
        for _ in 0..<500 where size < 44 + 32_000 {
            usleep(10_000)
            size = (try? FileManager.default.attributesOfItem(atPath: wav)[.size] as? Int) ?? 0
        }
        #expect(size >= 44 + 32_000)

        // While the recorder lives, another process's store leaves the recording alone.
        let during = try openStore(dir, backend: backend)
        #expect(during.recovery.inProgress == 1)
        #expect(during.recovery.recovered.isEmpty)
        #expect(FileManager.default.fileExists(atPath: wav))

        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal)
        let leftBytes = try #require(FileManager.default.contents(atPath: wav))
        let declared = leftBytes[40..<44].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
        #expect(Int(declared) != leftBytes.count - 44, "sox's header should be stale after SIGKILL")

        let (logger, lines) = collectingLogger()
        let start = Date()
        let store = try openStore(dir, logger: logger, now: fridayMorning.addingTimeInterval(86_400 * 3), backend: backend)
        let elapsed = Date().timeIntervalSince(start)
        let t = try #require(store.recovery.recovered.first)
        #expect(store.recovery.recovered.count == 1)
        #expect(t.recovered)
        #expect(t.kind == .voicemail)
        #expect(t.callerNumber == "13912345678")
        #expect(t.menuPath == ["main", "voicemail"])
        // 18:05 on Friday is after hours: the make-up Sunday 09-28 is day 1, due Tue 09-30.
        #expect(t.dueDate == CivilDate(iso: "2025-09-30"))
        #expect(t.details["header_repaired"] == "true")
        #expect(try store.ticket(number: t.number)?.recovered == true)
        // The recovered file is a correct WAV holding exactly the samples that reached the disk.
        let fixed = try #require(try recordingBytes(store, t))
        let dataBytes = fixed[40..<44].withUnsafeBytes { Int($0.loadUnaligned(as: UInt32.self)) }
        let riffBytes = fixed[4..<8].withUnsafeBytes { Int($0.loadUnaligned(as: UInt32.self)) }
        #expect(dataBytes == fixed.count - 44)
        #expect(riffBytes == fixed.count - 8)
        let samples = fixed.dropFirst(44).withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        #expect(samples.count >= 16_000)
        #expect(samples == Array(audio.prefix(samples.count)))
        #expect(!FileManager.default.fileExists(atPath: wav))
        #expect(!FileManager.default.fileExists(atPath: sidecarPath))
        #expect(lines.atLeastWarning.contains { $0.contains("recovered call-kill9.wav") && $0.contains("header repaired") })
        print("recovery of one killed 2+ s recording at open: \(String(format: "%.1f", elapsed * 1000)) ms (debug build)")
    }

    /// The engine's own writer (AudioIO's streaming WAVFileOutput, libsndfile) as it stands on disk while the call
    /// is still recording, cut mid-sample as a SIGKILL during a write could leave it.
    @Test(arguments: Backend.allCases) func theEnginesStreamingWriterFileIsRecovered(backend: Backend) throws {
        let dir = temporaryFolder()
        _ = try openStore(dir, backend: backend)
        let live = temporaryFolder() + "/live.wav"
        let writer = try WAVFileOutput(path: live, mode: .streaming)
        let audio = tone(seconds: 1.5)
        try audio.withUnsafeBufferPointer { try writer.write($0) }
        var onDisk = try #require(FileManager.default.contents(atPath: live))
        writer.abandon()
        onDisk.append(0x12)  // half of a sample
        try onDisk.write(to: URL(fileURLWithPath: PartialRecording.audioPath(dataDirectory: dir, callID: "c-sndfile")))
        try PartialRecording(callID: "c-sndfile", caller: "02087654321", menuPath: ["main", "agent", "voicemail"],
                             kind: .voicemail, createdAt: "2026-02-12T10:00:00+08:00", dueDate: "2026-02-24")
            .write(dataDirectory: dir).release()
        let store = try openStore(dir, backend: backend)
        let t = try #require(store.recovery.recovered.first)
        #expect(t.dueDate == CivilDate(iso: "2026-02-24"))
        #expect(t.recordingPath == "voicemail/2026/02/12/100017.wav")
        #expect(t.menuPath == ["main", "agent", "voicemail"])
        let copy = temporaryFolder() + "/back.wav"
        try #require(try recordingBytes(store, t)).write(to: URL(fileURLWithPath: copy))
        let back = try SoundFile.read(copy)
        #expect(back == audio)
    }

    @Test(arguments: Backend.allCases) func aHeaderThatWasNeverUpdatedIsRepaired(backend: Backend) throws {
        let dir = temporaryFolder()
        _ = try openStore(dir, backend: backend)
        let wav = PartialRecording.audioPath(dataDirectory: dir, callID: "c-zero")
        let audio = tone(seconds: 1.25)
        var bytes = WAVBytes.make(audio, declaredDataBytes: 0)
        bytes.append(0x7f)  // half a sample written when the process died
        try Data(bytes).write(to: URL(fileURLWithPath: wav))
        let store = try openStore(dir, backend: backend)
        let t = try #require(store.recovery.recovered.first)
        #expect(t.callerNumber == nil)  // no sidecar: caller unknown
        #expect(t.details["recovered"] == "partial recording without sidecar")
        let fixed = try #require(try recordingBytes(store, t))
        #expect(fixed.count == 44 + audio.count * 2)
        #expect(Array(fixed) == WAVBytes.make(audio))
    }

    @Test(arguments: Backend.allCases, [
        ("garbage", Array("this is not audio at all, just text".utf8), "unreadable"),
        ("stereo", WAVBytes.stereo(seconds: 2), "expected 8 kHz mono 16-bit PCM"),
        ("short", WAVBytes.make(tone(seconds: 0.5)), "under 1 s"),
        ("empty", [UInt8](), "unreadable"),
    ])
    func unusablePartialsAreQuarantinedWithALogLine(backend: Backend, partial: (name: String, bytes: [UInt8], reason: String)) throws {
        let (name, bytes, reason) = partial
        let dir = temporaryFolder()
        _ = try openStore(dir, backend: backend)
        try Data(bytes).write(to: URL(fileURLWithPath: PartialRecording.audioPath(dataDirectory: dir, callID: name)))
        try PartialRecording(callID: name, caller: "110", menuPath: ["main"], createdAt: "2025-09-26T10:00:00+08:00")
            .write(dataDirectory: dir).release()
        let (logger, lines) = collectingLogger()
        let store = try openStore(dir, logger: logger, backend: backend)
        #expect(store.recovery.recovered.isEmpty)
        #expect(store.recovery.quarantined.map(\.path) == ["voicemail/quarantine/\(name).wav"])
        #expect(store.recovery.quarantined.first?.reason.contains(reason) == true, "\(store.recovery.quarantined)")
        #expect(files(under: dir + "/voicemail/quarantine") == ["\(name).json", "\(name).wav"])
        #expect(files(under: dir + "/voicemail/partial").isEmpty)
        #expect(lines.atLeastWarning.count == 1)
        #expect(lines.atLeastWarning.first?.contains("quarantined") == true)
        #expect(try store.tickets().isEmpty)
        // Nothing is lost: the quarantined bytes are the original ones.
        #expect(FileManager.default.contents(atPath: dir + "/voicemail/quarantine/\(name).wav") == Data(bytes))
    }

    /// SQLite only: it keeps recordings as files renamed into place before the commit. The PostgreSQL store
    /// commits the audio in the ticket's transaction (see PostgresStoreTests for its ambiguous-commit retry).
    @Test func aRecordingWithoutItsTicketRowIsRecovered() throws {
        let backend = Backend.sqlite
        // A crash between the rename into place and the commit leaves a file no ticket points to.
        let dir = temporaryFolder()
        let first = try openStore(dir, backend: backend)
        let kept = try first.openTicket(voicemailRequest(samples: tone(seconds: 1)))
        let orphanFolder = dir + "/voicemail/2025/09/26"
        try Data(WAVBytes.make(tone(seconds: 2))).write(to: URL(fileURLWithPath: orphanFolder + "/" + TicketNumber(sequence: 10002).digits + ".wav"))
        // And a temp file of a writer that died before its rename.
        let dead = orphanFolder + "/.tmp-dead.wav"
        try Data(WAVBytes.make(tone(seconds: 1.5))).write(to: URL(fileURLWithPath: dead))
        // A fresh temp file may belong to a live writer that has not locked it yet: left alone.
        #expect(try openStore(dir, backend: backend).recovery.recovered.count == 1)
        #expect(FileManager.default.fileExists(atPath: dead))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-120)], ofItemAtPath: dead)
        let store = try openStore(dir, backend: backend)
        #expect(store.recovery.recovered.count == 1)
        let all = try store.tickets()
        #expect(all.map(\.number.sequence) == [10001, 10002, 10003])
        #expect(all[0] == kept)
        #expect(Set(all.compactMap(\.recordingPath)).count == 3)
        for t in all { #expect(FileManager.default.fileExists(atPath: dir + "/" + t.recordingPath!)) }
        #expect(files(under: dir + "/voicemail").filter { $0.contains(".tmp-") || $0.hasPrefix("partial") }.isEmpty)
    }

    @Test(arguments: Backend.allCases) func recoveringManyPartialsIsQuick(backend: Backend) throws {
        let dir = temporaryFolder()
        _ = try openStore(dir, backend: backend)
        for i in 0..<20 {
            try Data(WAVBytes.make(tone(seconds: 2), declaredDataBytes: 0))
                .write(to: URL(fileURLWithPath: PartialRecording.audioPath(dataDirectory: dir, callID: "bulk-\(i)")))
        }
        let store = try openStore(dir, backend: backend)
        #expect(store.recovery.recovered.count == 20)
        #expect(Set(store.recovery.recovered.map(\.number)).count == 20)
    }
}

extension WAVBytes {
    /// A 2-channel WAV (not what the hotline records).
    static func stereo(seconds: Double) -> [UInt8] {
        var b = make(tone(seconds: seconds))
        b[22] = 2
        return b
    }
}
