import FileSafety
import Foundation
internal import GRDB
import IVREngine
import Testing
import TicketStore
import WorkingDays

/// A corrupt ticket row is a store error naming the row and the column, never a guess (issue 11).
struct CorruptRowTests {
    static func corrupt(_ dir: String, _ sql: String) throws {
        var config = Configuration()
        config.foreignKeysEnabled = false  // a row damaged outside the store, references and all
        let queue = try DatabaseQueue(path: dir + "/ivr.sqlite", configuration: config)
        try queue.inDatabase { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(sql: sql)
        }
    }

    @Test(arguments: [
        ("due_date", "UPDATE ticket SET due_date = 'soon'"),
        ("id", "UPDATE ticket SET id = 'not-a-uuid'"),
        ("status", "UPDATE ticket SET status = 'opne'"),
        ("kind", "UPDATE ticket SET kind = 'fax'"),
        ("created_at", "UPDATE ticket SET created_at = 'yesterday'"),
        ("menu_path", "UPDATE ticket SET menu_path = '[main'"),
    ])
    func aCorruptColumnIsAnErrorNamingTheRowAndTheColumn(column: String, sql: String) throws {
        let dir = temporaryFolder("corrupt")
        let store = try openStore(dir)
        let t = try store.openTicket(voicemailRequest(samples: tone(seconds: 1.5)))
        try Self.corrupt(dir, sql)
        for read in [{ _ = try store.ticket(number: t.number) }, { _ = try store.tickets() }] {
            do {
                try read()
                Issue.record("a corrupt \(column) was read as a ticket")
            } catch {
                let text = "\(error)"
                #expect(text.contains("column \(column)"), "\(text)")
                #expect(text.contains("number \(t.number.digits)"), "\(text)")
            }
        }
    }
}

/// Recovery is idempotent: a partial recording whose ticket already committed is not filed again (issue 11).
struct RecoveryIdempotenceTests {
    @Test func aPartialAlreadyFiledIsRemovedNotFiledTwice() throws {
        let dir = temporaryFolder("idem")
        let samples = tone(seconds: 2)
        do {
            let store = try openStore(dir)
            // The session streamed the message to a partial, then filed it with `.samples` (the rewrite failed) and
            // the process died before it removed the partial.
            let sidecar = PartialRecording(callID: "call-1", caller: "13800138000", menuPath: ["main", "voicemail"],
                                           createdAt: "2025-09-26T10:00:00+08:00", partialID: "p-1")
            let lease = try sidecar.write(dataDirectory: dir)
            let wav = WAVBytes.make(samples)
            try Data(wav).write(to: URL(fileURLWithPath: PartialRecording.audioPath(dataDirectory: dir, callID: "call-1")))
            var request = voicemailRequest(samples: samples)
            request.partialID = "p-1"
            _ = try store.openTicket(request)
            lease.release()
        }
        let reopened = try openStore(dir)
        #expect(reopened.recovery.recovered.isEmpty)
        #expect(reopened.recovery.alreadyFiled == 1)
        #expect(try reopened.tickets().count == 1)
        #expect(!FileManager.default.fileExists(atPath: PartialRecording.audioPath(dataDirectory: dir, callID: "call-1")))
        #expect(!FileManager.default.fileExists(atPath: PartialRecording.sidecarPath(dataDirectory: dir, callID: "call-1")))
    }
}

/// Temporary files an interrupted atomic write left in `voicemail/partial` are swept at open, unless a live
/// writer holds them (issue 11).
struct PartialTempSweepTests {
    @Test func leftoverTemporaryFilesAreSweptButNotOnesAWriterHolds() throws {
        let dir = temporaryFolder("sweep")
        let partial = PartialRecording.folder(dataDirectory: dir)
        try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: true)
        let stale = partial + "/call-9.json" + DurableFiles.temporaryInfix + "0badf00d"
        let held = partial + "/call-8.json" + DurableFiles.temporaryInfix + "cafe0001"
        for path in [stale, held] { try Data("{\"callID\":".utf8).write(to: URL(fileURLWithPath: path)) }
        let fd = open(held, O_RDONLY)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX) == 0)
        _ = try openStore(dir)
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: held))
    }
}
