import Foundation
import Glibc
import IVREngine
import Logging
import PostgresNIO
import TicketStore
import WorkingDays

extension PostgresTicketStore {
    /// Minimum audio for a recovered recording to become a ticket, in seconds (shorter ones are quarantined).
    static let minimumRecoveredSeconds = 1.0

    /// Files `<data>/voicemail/partial/*.wav` that no live call holds (a crash, or a message the store refused
    /// during an outage) as tickets marked recovered, or quarantines unusable ones. Never throws: a failure is
    /// logged (unless `quiet`, for the periodic retry during an outage) and the file stays for the next try.
    func fileLeftovers(now: Date, quiet: Bool = false) -> RecoveryReport {
        var report = RecoveryReport()
        let partial = PartialRecording.folder(dataDirectory: dataDirectory)
        for name in DurableFiles.sweepTemporaryFiles(in: partial) {
            logger.warning("ticket store: removed \(partial)/\(name), a temporary file an interrupted write left behind")
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: partial)) ?? []).filter { $0.hasSuffix(".wav") }.sorted()
        for name in names {
            if !fileLeftover(path: partial + "/" + name, now: now, quiet: quiet, report: &report) { break }
        }
        return report
    }

    /// One leftover; returns false when the store is unreachable (no point trying the others now).
    private func fileLeftover(path: String, now: Date, quiet: Bool, report: inout RecoveryReport) -> Bool {
        let sidecarPath = String(path.dropLast(4)) + ".json"
        // A live call keeps its sidecar locked while it records (PartialRecording.write returns that lock).
        let sidecarFD = open(sidecarPath, O_RDONLY | O_CLOEXEC)
        defer { if sidecarFD >= 0 { Glibc.close(sidecarFD) } }
        if sidecarFD >= 0, flock(sidecarFD, LOCK_EX | LOCK_NB) != 0 {
            report.inProgress += 1
            return true
        }
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else {
            if errno != ENOENT { quarantine(path, sidecar: sidecarPath, reason: "cannot open: \(String(cString: strerror(errno)))", report: &report) }
            return true
        }
        defer { Glibc.close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 { report.inProgress += 1; return true }
        let layout: WAVFile.Layout
        do {
            layout = try WAVFile.inspect(fd: fd)
        } catch {
            quarantine(path, sidecar: sidecarPath, reason: "unreadable: \(error)", report: &report)
            return true
        }
        guard layout.seconds >= PostgresTicketStore.minimumRecoveredSeconds else {
            quarantine(path, sidecar: sidecarPath, reason: String(format: "only %.2f s of audio (under 1 s)", layout.seconds), report: &report)
            return true
        }
        if layout.headerStale || layout.dataBytes % 2 != 0 {
            let status = WAVFile.repair(fd: fd, layout: layout)
            if status != 0 {
                logger.error("\(DurableFiles.error(status, path: path, action: "cannot repair the header of a partial recording").description); left for the next start")
                return true
            }
        }
        let sidecar = PartialRecording.read(path: sidecarPath)
        if let partialID = sidecar?.partialID {
            switch alreadyFiled(partialID: partialID) {
            case true?:
                // The ticket committed, then the process died before the partial was removed: file it once only.
                unlink(path)
                unlink(sidecarPath)
                DurableFiles.fsyncDirectory(PartialRecording.folder(dataDirectory: dataDirectory))
                report.alreadyFiled += 1
                logger.info("ticket store: partial recording \((path as NSString).lastPathComponent) was already filed; removed")
                return true
            case false?:
                break
            case nil:
                return false  // the store is unreachable: retried later
            }
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
            return true
        } catch {
            if !quiet { logger.error("\(error); the recording \(name) stays in voicemail/partial and is retried") }
            return false
        }
    }

    /// Whether a ticket was already filed from the partial recording `partialID`; `nil` when the store cannot
    /// be asked now (the partial then stays for the next try: never filed twice, never lost).
    private func alreadyFiled(partialID: String) -> Bool? {
        do {
            return try link.query("SELECT EXISTS (SELECT 1 FROM ticket WHERE partial_id = \(partialID))")
                .first(where: { _ in true })?.decode(Bool.self) ?? false
        } catch {
            return nil
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
