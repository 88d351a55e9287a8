import FileSafety
import Foundation
import IVREngine
import TestGate
import Testing
import TicketStore
import WorkingDays

/// Disk full, read-only data folder, concurrent writers. One at a time: these tests mount and fill small
/// volumes, and one of them failed once (SQLite SHM sizing at open) when run alongside the others under load.
@Suite(.serialized) struct FaultTests {
    /// A small tmpfs mounted for one test; unmounted at the end.
    final class SmallVolume {
        let path: String
        init(kilobytes: Int) throws {
            path = temporaryFolder("vol")
            guard run(["mount", "-t", "tmpfs", "-o", "size=\(kilobytes)k,mode=0700", "tmpfs", path]) == 0 else {
                throw TicketStorageError(.failure, path: path, message: "mount failed: these tests need root and mount (CI runs as root after Scripts/setup.sh)")
            }
        }
        var freeBytes: Int {
            var s = statvfs()
            statvfs(path, &s)
            return Int(s.f_bavail) * Int(s.f_frsize)
        }
        /// Fills the volume until only `leave` bytes are free.
        func fill(leaving leave: Int) throws {
            let filler = path + "/filler-" + UUID().uuidString
            let fd = open(filler, O_WRONLY | O_CREAT, 0o600)
            defer { close(fd) }
            let chunk = [UInt8](repeating: 1, count: 4096)
            while freeBytes > leave {
                if chunk.withUnsafeBytes({ write(fd, $0.baseAddress, min(4096, freeBytes - leave)) }) <= 0 { break }
            }
        }
        func removeFillers() {
            for f in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] where f.hasPrefix("filler-") {
                unlink(path + "/" + f)
            }
        }
        func remount(readOnly: Bool) -> Bool {
            run(["mount", "-o", "remount," + (readOnly ? "ro" : "rw"), path]) == 0
        }
        deinit { _ = run(["umount", "-l", path]); rmdir(path) }
    }

    /// The WAV itself does not fit: typed error, one log line, nothing written; the next ticket after freeing
    /// space takes the number the failed one would have had.
    @Test(.enabled(if: needs(canMountTmpfs), "needs root to mount a small tmpfs"))
    func diskFullWhileWritingTheRecording() throws {
        let vol = try SmallVolume(kilobytes: 1024)
        let data = vol.path + "/var"
        _ = try openStore(data)
        let (logger, lines) = collectingLogger()
        let store = try openStore(data, logger: logger)
        try vol.fill(leaving: 0)
        let error = #expect(throws: TicketStorageError.self) { try store.openTicket(voicemailRequest(samples: tone(seconds: 2))) }
        #expect(error?.reason == .diskFull)
        // The caller logs the error once; it is one line naming the cause, the place and the fix.
        #expect(lines.atLeastWarning.isEmpty, "\(lines.atLeastWarning)")
        let line = try #require(error?.description)
        print("disk full, the line the engine logs: \(line)")
        #expect(!line.contains("\n"))
        #expect(line.hasPrefix("ticket store: disk full at \(data)/voicemail"), "\(line)")
        #expect(line.contains("No space left on device") && line.contains("free space") && line.hasSuffix("(no ticket was opened)"), "\(line)")
        vol.removeFillers()
        #expect(files(under: data + "/voicemail").isEmpty)
        #expect(try store.tickets().isEmpty)
        let t = try store.openTicket(voicemailRequest(samples: tone(seconds: 2)))
        #expect(t.number.sequence == 10001)
    }

    /// The WAV fits but the database commit does not: the transaction rolls back and the renamed file goes.
    @Test(.enabled(if: needs(canMountTmpfs), "needs root to mount a small tmpfs"))
    func diskFullAtCommit() throws {
        let vol = try SmallVolume(kilobytes: 1024)
        let data = vol.path + "/var"
        let (logger, lines) = collectingLogger()
        let store = try openStore(data, logger: logger)
        // Make the day folder exist, then leave one page: enough for a 0.25 s WAV, not for the WAL frames.
        try DurableFiles.makeOwnerOnlyDirectories(data + "/voicemail/2025/09/26")
        try vol.fill(leaving: 4096)
        let error = #expect(throws: TicketStorageError.self) { try store.openTicket(voicemailRequest(samples: tone(seconds: 0.25))) }
        #expect(error?.reason == .diskFull, "\(String(describing: error))")
        #expect(error?.description.hasSuffix("(no ticket was opened)") == true)
        #expect(lines.atLeastWarning.isEmpty, "\(lines.atLeastWarning)")
        vol.removeFillers()
        #expect(files(under: data + "/voicemail").isEmpty)
        #expect(try store.tickets().isEmpty)
        let reopened = try openStore(data)
        #expect(try reopened.tickets().isEmpty)
        #expect(try reopened.openTicket(voicemailRequest(samples: tone(seconds: 1))).number.sequence == 10001)
    }

    /// A full volume when the store opens (SQLite cannot size its -shm file): the typed error says disk full.
    @Test(.enabled(if: needs(canMountTmpfs), "needs root to mount a small tmpfs"))
    func diskFullAtOpen() throws {
        let vol = try SmallVolume(kilobytes: 4096)
        let data = vol.path + "/var"
        _ = try openStore(data)  // created, then closed: SQLite removes -wal and -shm
        try vol.fill(leaving: 0)
        let error = #expect(throws: TicketStorageError.self) { try openStore(data) }
        #expect(error?.reason == .diskFull, "\(String(describing: error))")
        vol.removeFillers()
        #expect(try openStore(data).tickets().isEmpty)
    }

    /// The voicemail folder becomes read-only while running (a read-only tmpfs mounted over it): typed error, one
    /// log line, no ticket; then the whole data folder is read-only at start: opening fails with the same error.
    @Test(.enabled(if: needs(canMountTmpfs), "needs root to mount a read-only tmpfs"))
    func readOnlyDataFolder() throws {
        let vol = try SmallVolume(kilobytes: 2048)
        let data = vol.path + "/var"
        let (logger, lines) = collectingLogger()
        var store: SQLiteTicketStore? = try openStore(data, logger: logger)
        _ = try store!.openTicket(voicemailRequest(samples: tone(seconds: 1)))
        let overlay = data + "/voicemail"
        #expect(run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", overlay]) == 0)
        let error = #expect(throws: TicketStorageError.self) { try store!.openTicket(voicemailRequest(samples: tone(seconds: 1))) }
        #expect(run(["umount", overlay]) == 0)
        #expect(error?.reason == .readOnly)
        #expect(lines.atLeastWarning.isEmpty)
        #expect(error?.description.contains("Read-only file system") == true, "\(String(describing: error))")
        #expect(error?.description.contains("writable") == true, "\(String(describing: error))")
        #expect(try store!.tickets().count == 1)
        #expect(files(under: overlay) == ["2025/09/26/100017.wav"])

        store = nil
        #expect(vol.remount(readOnly: true))
        let (logger2, lines2) = collectingLogger()
        let atStart = #expect(throws: TicketStorageError.self) { try openStore(data, logger: logger2) }
        #expect(vol.remount(readOnly: false))
        #expect(atStart?.reason == .readOnly, "\(String(describing: atStart))")
        #expect(lines2.atLeastWarning.isEmpty, "\(lines2.atLeastWarning)")
        let reopened = try openStore(data)
        #expect(try reopened.tickets().map(\.number.sequence) == [10001])
    }

    /// Several store instances (each its own connection pool, as several processes or nodes) writing at once:
    /// no lost or duplicate numbers.
    @Test(arguments: Backend.allCases) func concurrentWritersGetDistinctContiguousNumbers(backend: Backend) throws {
        let dir = temporaryFolder()
        let writers = 4, perWriter = 20
        let stores = try (0..<writers).map { _ in try openStore(dir, backend: backend) }
        let results = ResultBox()
        DispatchQueue.concurrentPerform(iterations: writers) { w in
            for i in 0..<perWriter {
                do {
                    let samples = i % 4 == 0 ? tone(seconds: 0.2) : nil
                    results.add(try stores[w].openTicket(voicemailRequest(samples: samples)).number.sequence)
                } catch {
                    results.fail("\(error)")
                }
            }
        }
        #expect(results.failures.isEmpty, "\(results.failures)")
        #expect(results.numbers.sorted() == Array(10001...(10000 + writers * perWriter)))
        let all = try openStore(dir, backend: backend).tickets()
        #expect(all.count == writers * perWriter)
        #expect(all.compactMap(\.recordingPath).count == writers * perWriter / 4)
        if backend == .sqlite { #expect(files(under: dir + "/voicemail").count == writers * perWriter / 4) }
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var numbers: [Int] = []
    private(set) var failures: [String] = []
    func add(_ n: Int) { lock.lock(); numbers.append(n); lock.unlock() }
    func fail(_ s: String) { lock.lock(); failures.append(s); lock.unlock() }
}
