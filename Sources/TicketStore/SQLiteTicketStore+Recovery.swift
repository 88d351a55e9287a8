import FileSafety
import Foundation
internal import GRDB
import IVREngine
import Logging
import WorkingDays

extension SQLiteTicketStore {
    /// A temp file beside a recording's final place is taken as left by a crash only when older than this (seconds).
    static let staleTempSeconds = 60.0

    /// Turns what a crash left into tickets, or quarantines it: orphaned files in the voicemail tree (renamed into
    /// place but never committed), stale temp files, and `voicemail/partial/*.wav`. Called at open, under the
    /// folder lock. Never throws: a failure is logged and the file stays where it is for the next start.
    func recoverLeftovers(now: Date) -> RecoveryReport {
        var report = RecoveryReport()
        // File ages are compared with the real clock (mtimes are real); the injected `now` only stamps records.
        collectOrphans(wallClock: Date())
        let scan = PartialRecording.scanLeftovers(dataDirectory: dataDirectory, logger: logger) { leftover in
            file(leftover, now: now, report: &report)
            return true
        }
        report.inProgress += scan.inProgress
        report.quarantinedPaths += scan.quarantined.map(\.path)
        report.quarantineReasons += scan.quarantined.map(\.reason)
        return report
    }

    /// Moves voicemail files that no ticket points to, and unlocked temp files, into `voicemail/partial/`.
    /// Runs in a write transaction so that a ticket being committed by another process is seen as committed.
    private func collectOrphans(wallClock: Date) {
        let root = dataDirectory + "/voicemail"
        do {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    let known = Set(try String.fetchAll(db, sql: "SELECT recording_path FROM ticket WHERE recording_path IS NOT NULL"))
                    guard let walker = FileManager.default.enumerator(atPath: root) else { return .commit }
                    var candidates: [String] = []
                    while let rel = walker.nextObject() as? String {
                        if rel.hasPrefix("partial") || rel.hasPrefix("quarantine") { walker.skipDescendants(); continue }
                        if rel.hasSuffix(".wav") || DurableFiles.isTemporary(rel) { candidates.append(rel) }
                    }
                    for rel in candidates {
                        let name = (rel as NSString).lastPathComponent
                        let path = root + "/" + rel
                        if DurableFiles.isTemporary(name) {
                            // A temp file that is locked, or younger than a minute (its writer may not have locked
                            // it yet), belongs to a ticket being written by a live process.
                            let fd = open(path, O_RDONLY | O_CLOEXEC)
                            guard fd >= 0 else { continue }
                            defer { close(fd) }
                            var st = stat()
                            guard fstat(fd, &st) == 0, wallClock.timeIntervalSince1970 - Double(st.st_mtim.tv_sec) > SQLiteTicketStore.staleTempSeconds
                            else { continue }
                            if flock(fd, LOCK_EX | LOCK_NB) != 0 { continue }
                        } else if known.contains("voicemail/" + rel) {
                            continue
                        }
                        var flat = rel.replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: DurableFiles.temporaryInfix, with: "tmp-")
                        if !flat.hasSuffix(".wav") { flat += ".wav" }
                        let target = PartialRecording.orphanPath(dataDirectory: dataDirectory, name: flat)
                        if rename(path, target) == 0 {
                            logger.warning("ticket store: recording without a ticket at \(path) (a crash before commit); queued for recovery")
                        }
                    }
                    return .commit
                }
            }
        } catch {
            logger.error("\(storageError(error, path: databasePath, action: "cannot look for orphaned recordings").description)")
        }
    }

    /// Files one finished leftover the partial folder's scan found (its lock held, its header repaired).
    private func file(_ leftover: PartialRecording.Leftover, now: Date, report: inout RecoveryReport) {
        if let partialID = leftover.sidecar?.partialID, alreadyFiled(partialID: partialID) {
            // The ticket committed, then the process died before the partial was removed: file it once only.
            leftover.removeAlreadyFiled(dataDirectory: dataDirectory, logger: logger)
            report.alreadyFiled += 1
            return
        }
        let request = leftover.ticketRequest(recoveredAt: timestamp(now), calendar: calendar, settings: settings)
        do {
            let ticket = try openTicket(request, recovered: true, actor: "recovery")
            report.recovered.append(ticket)
            logger.warning("\(leftover.recoveredLine(ticket))")
        } catch {
            logger.error("\(error); the recording \(leftover.name) stays in voicemail/partial for the next start")
        }
    }

    /// Whether a ticket was already filed from the partial recording `partialID`. A read failure answers no
    /// (the partial is then filed again, as before the id existed): a message is never lost.
    private func alreadyFiled(partialID: String) -> Bool {
        do {
            return try pool.read { db in
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM ticket WHERE partial_id = ?)", arguments: [partialID]) ?? false
            }
        } catch {
            logger.error("\(storageError(error, path: databasePath, action: "cannot check whether a partial recording was filed").description)")
            return false
        }
    }
}
