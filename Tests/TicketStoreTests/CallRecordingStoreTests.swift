import Foundation
import PostgresStore
import Supervision
import Testing
import TicketStore
import WorkingDays

/// QA call recordings in the store (issue 14): PostgreSQL keeps their bytes with the call's index row, so every node
/// and console has them; SQLite names a file in its data folder. The same use on both backends.
struct CallRecordingStoreTests {
    static func call(_ id: String, recorded: Bool) -> CallRecord {
        let start = LocalDateTime(year: 2025, month: 9, day: 26, hour: 10)
        return CallRecord(callID: id, start: start, startText: start.iso8601, durationSeconds: 42, caller: "13800138000", language: "cmn",
                          path: ["welcome", "main", "pension"], hangupBy: "caller", hangupReason: "caller",
                          recordingPath: recorded ? "calls/2025/09/26/\(id).flac" : nil)
    }

    /// Writes the recording file where the driver leaves it (SQLite reads it there; PostgreSQL is given its bytes).
    static func writeRecording(_ dir: String, _ record: CallRecord, bytes: Data) throws {
        let path = dir + "/" + record.recordingPath!
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try bytes.write(to: URL(fileURLWithPath: path))
    }

    @Test(arguments: Backend.allCases) func aCallAndItsRecordingAreStoredTogetherAndReadBack(backend: Backend) throws {
        let dir = temporaryFolder("rec") + "/var"
        let store = try openStore(dir, backend: backend)
        #expect(store.keepsRecordingAudio == (backend == .postgres))
        let bytes = Data("fLaC".utf8) + Data((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let recorded = Self.call("20250926T100000-a1", recorded: true), plain = Self.call("20250926T100100-b2", recorded: false)
        try Self.writeRecording(dir, recorded, bytes: bytes)
        try store.indexCall(recorded, recording: bytes)
        try store.indexCall(plain, recording: nil)
        #expect(try store.callRecordingData(callID: recorded.callID) == bytes)
        #expect(try store.callRecordingData(callID: plain.callID) == nil)
        #expect(try store.callRecordingData(callID: "no-such-call") == nil)
        #expect(try store.call(id: recorded.callID)?.recordingPath == recorded.recordingPath)

        // Indexing the same call again without a path (an import of its log) keeps path and recording.
        try store.indexCall(Self.call(recorded.callID, recorded: false))
        #expect(try store.callRecordingData(callID: recorded.callID) == bytes)
        if backend == .postgres {
            // The database holds the one copy: the recording plays with the node's file gone.
            try FileManager.default.removeItem(atPath: dir + "/" + recorded.recordingPath!)
            #expect(try store.callRecordingData(callID: recorded.callID) == bytes)
        }
    }

    @Test(arguments: Backend.allCases) func purgePastRetentionRemovesTheRecordingFromTheStore(backend: Backend) throws {
        let dir = temporaryFolder("rec") + "/var"
        let store = try openStore(dir, backend: backend)
        let old = Self.call("20250926T100000-c3", recorded: true)
        let bytes = Data("fLaC-old-call".utf8)
        try Self.writeRecording(dir, old, bytes: bytes)
        try store.indexCall(old, recording: bytes)
        let service = SupervisionService(store: store, calendar: shippedCalendar, dataDirectory: dir)
        let today = try #require(CivilDate(iso: "2026-04-01"))
        let removed = try service.purgeRecordings(retention: RetentionPolicy(days: 180), today: today, at: fridayMorning)
        #expect(removed.map(\.callID) == [old.callID] && removed.allSatisfy { $0.failure == nil })
        #expect(try store.callRecordingData(callID: old.callID) == nil)
        #expect(try store.call(id: old.callID)?.recordingPath == nil)
        #expect(!FileManager.default.fileExists(atPath: dir + "/" + old.recordingPath!))
    }
}
