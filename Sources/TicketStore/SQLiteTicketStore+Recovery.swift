import Foundation
internal import GRDB
import IVREngine
import Logging
import WorkingDays

extension SQLiteTicketStore {
    /// Minimum audio for a recovered recording to become a ticket, in seconds (shorter ones are quarantined).
    static let minimumRecoveredSeconds = 1.0
    /// A temp file beside a recording's final place is taken as left by a crash only when older than this (seconds).
    static let staleTempSeconds = 60.0

    /// Turns what a crash left into tickets, or quarantines it: orphaned files in the voicemail tree (renamed into
    /// place but never committed), stale temp files, and `voicemail/partial/*.wav`. Called at open, under the
    /// folder lock. Never throws: a failure is logged and the file stays where it is for the next start.
    func recoverLeftovers(now: Date) -> RecoveryReport {
        var report = RecoveryReport()
        // File ages are compared with the real clock (mtimes are real); the injected `now` only stamps records.
        collectOrphans(wallClock: Date())
        let partial = PartialRecording.folder(dataDirectory: dataDirectory)
        for name in DurableFiles.sweepTemporaryFiles(in: partial) {
            logger.warning("ticket store: removed \(partial)/\(name), a temporary file an interrupted write left behind")
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: partial)) ?? []).filter { $0.hasSuffix(".wav") }.sorted()
        for name in names {
            recoverPartial(path: partial + "/" + name, now: now, report: &report)
        }
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
                        if rel.hasSuffix(".wav") { candidates.append(rel) }
                    }
                    for rel in candidates {
                        let name = (rel as NSString).lastPathComponent
                        let path = root + "/" + rel
                        if name.hasPrefix(".tmp-") {
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
                        let flat = rel.replacingOccurrences(of: "/", with: "-")
                        let target = PartialRecording.folder(dataDirectory: dataDirectory) + "/orphan-" + flat.replacingOccurrences(of: ".tmp-", with: "tmp-")
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

    private func recoverPartial(path: String, now: Date, report: inout RecoveryReport) {
        let sidecarPath = String(path.dropLast(4)) + ".json"
        // A live call keeps its sidecar locked while it records (PartialRecording.write returns that lock).
        let sidecarFD = open(sidecarPath, O_RDONLY | O_CLOEXEC)
        defer { if sidecarFD >= 0 { close(sidecarFD) } }
        if sidecarFD >= 0, flock(sidecarFD, LOCK_EX | LOCK_NB) != 0 {
            report.inProgress += 1
            return
        }
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else {
            if errno != ENOENT { quarantine(path, sidecar: sidecarPath, reason: "cannot open: \(String(cString: strerror(errno)))", report: &report) }
            return
        }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 { report.inProgress += 1; return }
        let layout: WAVFile.Layout
        do {
            layout = try WAVFile.inspect(fd: fd)
        } catch {
            quarantine(path, sidecar: sidecarPath, reason: "unreadable: \(error)", report: &report)
            return
        }
        guard layout.seconds >= SQLiteTicketStore.minimumRecoveredSeconds else {
            quarantine(path, sidecar: sidecarPath, reason: String(format: "only %.2f s of audio (under 1 s)", layout.seconds), report: &report)
            return
        }
        if layout.headerStale || layout.dataBytes % 2 != 0 {
            let status = WAVFile.repair(fd: fd, layout: layout)
            if status != 0 {
                logger.error("\(DurableFiles.error(status, path: path, action: "cannot repair the header of a partial recording").description); left for the next start")
                return
            }
        }
        let sidecar = PartialRecording.read(path: sidecarPath)
        if let partialID = sidecar?.partialID, alreadyFiled(partialID: partialID) {
            // The ticket committed, then the process died before the partial was removed: file it once only.
            unlink(path)
            unlink(sidecarPath)
            DurableFiles.fsyncDirectory(PartialRecording.folder(dataDirectory: dataDirectory))
            report.alreadyFiled += 1
            logger.info("ticket store: partial recording \((path as NSString).lastPathComponent) was already filed; removed")
            return
        }
        var st = stat()
        fstat(fd, &st)
        let mtime = Date(timeIntervalSince1970: TimeInterval(st.st_mtim.tv_sec))
        let created = sidecar.flatMap { LocalDateTime.parse($0.createdAt)?.instant } ?? mtime
        let kind = sidecar?.kind ?? .voicemail
        let due = sidecar?.dueDate.flatMap { CivilDate(iso: $0) }
            ?? calendar.dueDate(from: LocalDateTime(created, utcOffsetSeconds: settings.utcOffsetSeconds),
                                workingDays: settings.replyWorkingDays(for: kind.rawValue), businessHours: settings.businessHours).date
        var details = ["recovered": sidecar == nil ? "partial recording without sidecar" : "partial recording",
                       "recovered_at": timestamp(now), "seconds": String(format: "%.2f", layout.seconds)]
        if layout.headerStale { details["header_repaired"] = "true" }
        let name = (path as NSString).lastPathComponent
        let request = TicketRequest(kind: kind, callerNumber: sidecar?.caller, menuPath: sidecar?.menuPath ?? [],
                                    createdAt: created, dueDate: due, recording: .file(path: path), details: details,
                                    callID: sidecar?.callID ?? (name.hasPrefix("orphan-") ? nil : String(name.dropLast(4))),
                                    partialID: sidecar?.partialID)
        do {
            let ticket = try openTicket(request, recovered: true, actor: "recovery")
            report.recovered.append(ticket)
            logger.warning("ticket store: recovered \(name) (\(String(format: "%.1f", layout.seconds)) s\(layout.headerStale ? ", header repaired" : "")) into ticket \(ticket.number), due \(ticket.dueDate)")
        } catch {
            logger.error("\(error); the recording \(name) stays in voicemail/partial for the next start")
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

    private func quarantine(_ path: String, sidecar: String, reason: String, report: inout RecoveryReport) {
        let folder = dataDirectory + "/voicemail/quarantine"
        let name = (path as NSString).lastPathComponent
        var target = folder + "/" + name
        if access(target, F_OK) == 0 { target = folder + "/" + UUID().uuidString.prefix(8) + "-" + name }
        guard rename(path, target) == 0 else {
            logger.error("\(DurableFiles.error(errno, path: path, action: "cannot quarantine a partial recording (\(reason))").description)")
            return
        }
        if access(sidecar, F_OK) == 0 { rename(sidecar, String(target.dropLast(4)) + ".json") }
        DurableFiles.fsyncDirectory(folder)
        DurableFiles.fsyncDirectory(PartialRecording.folder(dataDirectory: dataDirectory))
        let relative = String(target.dropFirst(dataDirectory.count + 1))
        report.quarantinedPaths.append(relative)
        report.quarantineReasons.append(reason)
        logger.warning("ticket store: partial recording \(name) quarantined to \(relative): \(reason)")
    }
}
