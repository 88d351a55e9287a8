import FileSafety
import Foundation
import IVREngine
import Logging
import Supervision

/// Calls whose indexing failed (the store was away or refused the row) wait in `<data>/calls/backlog/<call-id>.json`
/// (owner-only, written atomically): the call's event log and its recording's path. They are indexed again, with
/// their recording, at the driver's next start and every few seconds while `ivr serve` runs, so a store outage
/// loses no call from the index and no recording from the store.
enum CallIndexBacklog {
    /// One waiting call.
    struct Entry: Codable {
        /// The call's event log (JSON lines).
        var events: String
        /// The recording, relative to the data folder; `nil` for a call with none.
        var recordingPath: String?

        enum CodingKeys: String, CodingKey {
            case events
            case recordingPath = "recording_path"
        }
    }

    /// `<data>/calls/backlog`.
    static func folder(_ data: String) -> String { data + "/calls/backlog" }

    /// Keeps a call for a later try.
    /// - Throws: ``FileError`` naming the file when it cannot be written (disk full).
    static func keep(callID: String, eventsJSONL: String, recordingPath: String?, data: String) throws {
        let dir = folder(data)
        try DurableFiles.makeOwnerOnlyDirectories(dir)
        let bytes = try JSONEncoder().encode(Entry(events: eventsJSONL, recordingPath: recordingPath))
        try DurableFiles.writeAtomically(bytes, to: "\(dir)/\(callID).json")
    }

    /// The calls waiting, by file name (oldest name first: call ids start with their time).
    static func waiting(_ data: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder(data))) ?? []
        return names.filter { $0.hasSuffix(".json") && !DurableFiles.isTemporary($0) }.sorted()
    }

    /// Indexes the waiting calls into `index`. Three failures in a row end the pass (the store is still away: the
    /// rest wait too), so one call the store refuses does not hold up the others; each call's first failure is logged
    /// with the store's error. A file that is not a backlog entry is logged and moved aside to `<name>.unreadable`.
    /// - Returns: how many were indexed, and how many still wait.
    @discardableResult
    static func retry(into index: any CallIndexStoring, data: String, utcOffsetSeconds: Int, logger: Logger) -> (indexed: Int, waiting: Int) {
        let names = waiting(data)
        var indexed = 0, failedInARow = 0
        for name in names {
            let path = folder(data) + "/" + name
            let record: CallRecord
            do {
                let entry = try JSONDecoder().decode(Entry.self, from: try Data(contentsOf: URL(fileURLWithPath: path)))
                var r = try CallRecord(eventLog: entry.events, utcOffsetSeconds: utcOffsetSeconds)
                r.recordingPath = entry.recordingPath
                record = r
            } catch {
                logger.error("\(path): not a call the index can take (\(error)); moved to \(name).unreadable, check it by hand")
                _ = rename(path, path + ".unreadable")
                continue
            }
            do {
                try CallArchive.store(record, into: index, data: data)
            } catch {
                if reported.first(path) { logger.error("\(path): \(error); the call waits and is tried again every 5 s") }
                failedInARow += 1
                if failedInARow == 3 { break }
                continue
            }
            failedInARow = 0
            unlink(path)
            indexed += 1
        }
        if indexed > 0 { logger.warning("indexed \(indexed) call(s) kept in \(folder(data)) while the store was away") }
        return (indexed, waiting(data).count)
    }

    /// The entries whose failure was logged already (each is logged once per process).
    private static let reported = OncePerKey()
}

/// Remembers keys seen; `@unchecked Sendable`: the set is only reached under the lock.
final class OncePerKey: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: Set<String> = []

    /// True the first time `key` is given.
    func first(_ key: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return seen.insert(key).inserted
    }
}
