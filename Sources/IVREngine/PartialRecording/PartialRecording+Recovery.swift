package import AudioIO
import FileSafety
package import Foundation
package import Logging
package import WorkingDays

/// The recovery side of `<data>/voicemail/partial`: the scan a store runs at start (and, for PostgreSQL, during an
/// outage) hands it finished, header-checked recordings only; this type owns the paths, the locks, the header
/// repair and the quarantine, so no store knows the folder's layout.
extension PartialRecording {
    /// Minimum audio for a recovered recording to become a ticket, in seconds (shorter ones are quarantined).
    package static let minimumRecoveredSeconds = 1.0

    /// The sidecar of a recording in the partial folder: `<call-id>.wav` → `<call-id>.json`.
    package static func sidecarPath(ofRecording path: String) -> String {
        (path.hasSuffix(".wav") ? String(path.dropLast(4)) : path) + ".json"
    }

    /// Where an orphaned recording found elsewhere in the voicemail tree waits for recovery: `partial/orphan-<name>`.
    package static func orphanPath(dataDirectory: String, name: String) -> String {
        folder(dataDirectory: dataDirectory) + "/orphan-" + name
    }

    /// Removes the sidecar of a recording the store has moved into place with its ticket.
    package static func removeSidecar(ofRecording path: String) {
        if path.hasSuffix(".wav") { unlink(sidecarPath(ofRecording: path)) }
    }

    /// Removes a recording the store has copied into its database with its ticket, and its sidecar; fsyncs the folder.
    package static func removeFiled(recording path: String) {
        unlink(path)
        removeSidecar(ofRecording: path)
        DurableFiles.fsyncDirectory(DurableFiles.directory(of: path))
    }

    /// A finished recording found by ``scanLeftovers(dataDirectory:logger:file:)``: its lock is held while the
    /// store files it, and its header is already repaired.
    package struct Leftover {
        /// The WAV file in the partial folder.
        package let path: String
        /// Its sidecar, `nil` when missing or malformed.
        package let sidecar: PartialRecording?
        /// Where its samples are.
        package let layout: WAVFormat.Layout
        /// The file's modification time (when there is no sidecar, the ticket's creation time).
        package let modified: Date
        /// The file name, e.g. `call-1.wav`.
        package var name: String { (path as NSString).lastPathComponent }

        /// Removes the recording and its sidecar: its ticket was already filed (a crash before their removal).
        package func removeAlreadyFiled(dataDirectory: String, logger: Logger) {
            unlink(path)
            unlink(PartialRecording.sidecarPath(ofRecording: path))
            DurableFiles.fsyncDirectory(PartialRecording.folder(dataDirectory: dataDirectory))
            logger.info("ticket store: partial recording \(name) was already filed; removed")
        }

        /// The ticket request that files it, marked recovered at `recoveredAt`; the due date is the sidecar's, or
        /// computed with `calendar` and `settings` when the sidecar does not record it.
        package func ticketRequest(recoveredAt: String, calendar: WorkingDayCalendar, settings: CalendarSettings) -> TicketRequest {
            let created = sidecar.flatMap { LocalDateTime.parse($0.createdAt)?.instant } ?? modified
            let kind = sidecar?.kind ?? .voicemail
            let due = sidecar?.dueDate.flatMap { CivilDate(iso: $0) }
                ?? calendar.dueDate(from: settings.localDateTime(at: created),
                                    workingDays: settings.replyWorkingDays(for: kind.rawValue), businessHours: settings.businessHours).date
            var details = ["recovered": sidecar == nil ? "partial recording without sidecar" : "partial recording",
                           "recovered_at": recoveredAt, "seconds": String(format: "%.2f", layout.seconds)]
            if layout.headerStale { details["header_repaired"] = "true" }
            return TicketRequest(kind: kind, callerNumber: sidecar?.caller, menuPath: sidecar?.menuPath ?? [],
                                 createdAt: created, dueDate: due, recording: .file(path: path), details: details,
                                 callID: sidecar?.callID ?? (name.hasPrefix("orphan-") ? nil : String(name.dropLast(4))),
                                 partialID: sidecar?.partialID)
        }

        /// The log line after filing it as ticket `ticket`.
        package func recoveredLine(_ ticket: TicketInfo) -> String {
            "ticket store: recovered \(name) (\(String(format: "%.1f", layout.seconds)) s\(layout.headerStale ? ", header repaired" : "")) into ticket \(ticket.number), due \(ticket.dueDate)"
        }
    }

    /// What a scan left alone or moved aside.
    package struct ScanResult {
        /// Recordings left alone because a live call (or another process) still holds them.
        package var inProgress = 0
        /// Files moved to `voicemail/quarantine/` (paths relative to the data folder) with the reason.
        package var quarantined: [(path: String, reason: String)] = []
    }

    /// Scans `<data>/voicemail/partial`: removes temporary files an interrupted write left, skips recordings a live
    /// call holds, quarantines unreadable or too short ones, repairs stale headers, and hands every other recording
    /// to `file` (in name order) while holding its lock. `file` returns false to stop the scan (the store is
    /// unreachable). Never throws: a failure is logged and the file stays for the next scan.
    package static func scanLeftovers(dataDirectory: String, logger: Logger, file: (Leftover) -> Bool) -> ScanResult {
        var result = ScanResult()
        let partial = folder(dataDirectory: dataDirectory)
        for name in DurableFiles.sweepTemporaryFiles(in: partial) {
            logger.warning("ticket store: removed \(partial)/\(name), a temporary file an interrupted write left behind")
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: partial)) ?? []).filter { $0.hasSuffix(".wav") }.sorted()
        for name in names {
            if !scanOne(path: partial + "/" + name, dataDirectory: dataDirectory, logger: logger, result: &result, file: file) { break }
        }
        return result
    }

    private static func scanOne(path: String, dataDirectory: String, logger: Logger, result: inout ScanResult,
                                file: (Leftover) -> Bool) -> Bool {
        let sidecarPath = sidecarPath(ofRecording: path)
        // A live call keeps its sidecar locked while it records (``write(dataDirectory:)`` returns that lock).
        let sidecarFD = open(sidecarPath, O_RDONLY | O_CLOEXEC)
        defer { if sidecarFD >= 0 { close(sidecarFD) } }
        if sidecarFD >= 0, flock(sidecarFD, LOCK_EX | LOCK_NB) != 0 {
            result.inProgress += 1
            return true
        }
        func quarantine(_ reason: String) {
            if let q = PartialRecording.quarantine(path, dataDirectory: dataDirectory, reason: reason, logger: logger) {
                result.quarantined.append(q)
            }
        }
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else {
            if errno != ENOENT { quarantine("cannot open: \(String(cString: strerror(errno)))") }
            return true
        }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 { result.inProgress += 1; return true }
        let layout: WAVFormat.Layout
        do {
            layout = try WAVFormat.inspect(fd: fd)
        } catch {
            quarantine("unreadable: \(error)")
            return true
        }
        guard layout.seconds >= minimumRecoveredSeconds else {
            quarantine(String(format: "only %.2f s of audio (under 1 s)", layout.seconds))
            return true
        }
        if layout.headerStale || layout.dataBytes % 2 != 0 {
            let status = WAVFormat.repair(fd: fd, layout: layout)
            if status != 0 {
                logger.error("\(TicketStorageError(FileError(status, path: path, action: "cannot repair the header of a partial recording")).description); left for the next start")
                return true
            }
        }
        var st = stat()
        fstat(fd, &st)
        let leftover = Leftover(path: path, sidecar: read(path: sidecarPath), layout: layout,
                                modified: Date(timeIntervalSince1970: TimeInterval(st.st_mtim.tv_sec)))
        return file(leftover)
    }

    /// Moves an unusable recording and its sidecar to `voicemail/quarantine/` (nothing is deleted).
    /// - Returns: the path relative to the data folder and the reason, or nil when the move failed (logged).
    private static func quarantine(_ path: String, dataDirectory: String, reason: String, logger: Logger) -> (path: String, reason: String)? {
        let folder = dataDirectory + "/voicemail/quarantine"
        let name = (path as NSString).lastPathComponent
        var target = folder + "/" + name
        if access(target, F_OK) == 0 { target = folder + "/" + UUID().uuidString.prefix(8) + "-" + name }
        guard rename(path, target) == 0 else {
            logger.error("\(TicketStorageError(FileError(errno, path: path, action: "cannot quarantine a partial recording (\(reason))")).description)")
            return nil
        }
        let sidecar = sidecarPath(ofRecording: path)
        if access(sidecar, F_OK) == 0 { rename(sidecar, sidecarPath(ofRecording: target)) }
        DurableFiles.fsyncDirectory(folder)
        DurableFiles.fsyncDirectory(PartialRecording.folder(dataDirectory: dataDirectory))
        let relative = String(target.dropFirst(dataDirectory.count + 1))
        logger.warning("ticket store: partial recording \(name) quarantined to \(relative): \(reason)")
        return (relative, reason)
    }
}
