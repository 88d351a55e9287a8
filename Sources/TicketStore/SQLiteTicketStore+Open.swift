import FileSafety
import Foundation
internal import GRDB
import IVREngine
import Logging
import WorkingDays

extension SQLiteTicketStore {
    /// A recording staged beside its final place, fsynced, waiting for the transaction.
    private struct Staged {
        /// Where the file is now (a temp file of ours, or the caller's finished file).
        var path: String
        /// True when `path` is a temp file of ours (removed on failure); false for the caller's file (kept).
        var ownedTemp: Bool
        /// The folder of the final file, absolute, and relative to the data folder.
        var folder: String
        var relativeFolder: String
        /// An open descriptor holding a lock on the temp file so recovery in another process leaves it alone.
        var lockFD: Int32
    }

    /// Opens a ticket; see ``TicketStoring/openTicket(_:)``.
    func openTicket(_ r: TicketRequest, recovered: Bool, actor: String) throws -> TicketInfo {
        let local = settings.localDateTime(at: r.createdAt)
        var staged: Staged? = nil
        if let recording = r.recording {
            do {
                staged = try stage(recording, day: local.date)
            } catch {
                throw storageError(error, path: dataDirectory + "/voicemail", action: "cannot write the recording").noTicket
            }
        }
        defer { if let s = staged, s.lockFD >= 0 { close(s.lockFD) } }

        let id = UUID()
        let created = timestamp(r.createdAt)
        var finalPath: String? = nil
        var moved = false
        var number = TicketNumber(sequence: 0)
        var relative: String? = nil
        do {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    let maxSeq = try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM ticket") ?? (Schema.firstSequence - 1)
                    let seq = max(maxSeq, Schema.firstSequence - 1) + 1
                    number = TicketNumber(sequence: seq)
                    if let s = staged {
                        relative = s.relativeFolder + "/" + number.digits + ".wav"
                    }
                    try db.execute(sql: """
                        INSERT INTO ticket (id, seq, number, kind, status, caller_number, menu_path, created_at, due_date,
                                            recording_path, details, call_id, recovered, partial_id)
                        VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [id.uuidString, seq, number.digits, r.kind.rawValue, r.callerNumber,
                                         TicketRow.json(r.menuPath), created, r.dueDate.description, relative,
                                         TicketRow.json(r.details), r.callID, recovered ? 1 : 0, r.partialID])
                    try db.execute(sql: "INSERT INTO ticket_event (ticket_id, at, from_status, to_status, note, actor) VALUES (?, ?, NULL, 'open', ?, ?)",
                                   arguments: [id.uuidString, created, recovered ? "recovered after a crash" : "opened", actor])
                    if let s = staged, let relative {
                        let target = dataDirectory + "/" + relative
                        if access(target, F_OK) == 0 { try setAside(existing: target) }
                        try check(rename(s.path, target), path: target, action: "cannot move the recording into place")
                        finalPath = target
                        moved = true
                        let syncError = DurableFiles.fsyncDirectory(s.folder)
                        if syncError != 0 { throw TicketStorageError(errno: syncError, path: s.folder, action: "cannot fsync the folder") }
                        if !s.ownedTemp {
                            let source = DurableFiles.directory(of: s.path)
                            let sourceError = DurableFiles.fsyncDirectory(source)
                            if sourceError != 0 { throw TicketStorageError(errno: sourceError, path: source, action: "cannot fsync the folder") }
                        }
                    }
                    return .commit
                }
            }
        } catch {
            // Undo: the file goes back where it was (the caller's file) or away (our temp).
            if let s = staged {
                if moved, let finalPath, rename(finalPath, s.path) != 0 {
                    // The recording stays at its final place without a ticket: the next start's orphan scan files it.
                    logger.error("\(TicketStorageError(errno: errno, path: finalPath, action: "cannot move the recording back to \(s.path) after a failed commit").description); it is recovered at the next start")
                }
                if s.ownedTemp { unlink(s.path) }
            }
            throw storageError(error, path: databasePath, action: "cannot open a \(r.kind.rawValue) ticket").noTicket
        }
        if case .file(let source)? = r.recording {
            PartialRecording.removeSidecar(ofRecording: source)
        }
        return TicketInfo(id: id, number: number, kind: r.kind, status: .open, callerNumber: r.callerNumber, menuPath: r.menuPath,
                          createdAt: LocalDateTime.parse(created)?.instant ?? r.createdAt, dueDate: r.dueDate,
                          recordingPath: relative, details: r.details, recovered: recovered)
    }

    /// Writes (or checks) the recording next to its final place and fsyncs it.
    private func stage(_ recording: TicketRecording, day: CivilDate) throws -> Staged {
        let relativeFolder = String(format: "voicemail/%04d/%02d/%02d", day.year, day.month, day.day)
        let folder = dataDirectory + "/" + relativeFolder
        try TicketStorageError.mapping { try DurableFiles.makeOwnerOnlyDirectories(folder) }
        switch recording {
        case .file(let path):
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw TicketStorageError(errno: errno, path: path, action: "cannot open the recording") }
            defer { close(fd) }
            try check(fsync(fd), path: path, action: "cannot fsync the recording")
            var a = stat(), b = stat()
            try check(fstat(fd, &a), path: path, action: "cannot stat the recording")
            try check(stat(folder, &b), path: folder, action: "cannot stat the folder")
            if a.st_dev == b.st_dev {
                try check(fchmod(fd, 0o600), path: path, action: "cannot make the recording owner-only")
                return Staged(path: path, ownedTemp: false, folder: folder, relativeFolder: relativeFolder, lockFD: -1)
            }
            // Another volume: copy beside the target first (rename cannot cross volumes).
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TicketStorageError(.failure, path: path, message: "cannot read the recording")
            }
            return try writeTemp(bytes: Array(data), folder: folder, relativeFolder: relativeFolder)
        }
    }

    private func writeTemp(bytes: [UInt8], folder: String, relativeFolder: String) throws -> Staged {
        let temp = DurableFiles.temporaryPath(beside: folder + "/recording.wav")
        let fd = try TicketStorageError.mapping { try DurableFiles.createOwnerOnlyFile(temp, readable: true) }
        flock(fd, LOCK_EX)
        var failure = bytes.withUnsafeBytes { DurableFiles.writeAll(fd, $0) }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        if failure != 0 {
            close(fd)
            unlink(temp)
            throw TicketStorageError(errno: failure, path: temp, action: "cannot write the recording")
        }
        return Staged(path: temp, ownedTemp: true, folder: folder, relativeFolder: relativeFolder, lockFD: fd)
    }

    /// A file already sits where a new ticket's recording goes (left by a crash between rename and commit):
    /// move it to `voicemail/partial/` so that the next start turns it into a ticket, never overwrite it.
    private func setAside(existing target: String) throws {
        let name = "orphan-" + UUID().uuidString.prefix(8) + "-" + (target as NSString).lastPathComponent
        let aside = PartialRecording.folder(dataDirectory: dataDirectory) + "/" + name
        try check(rename(target, aside), path: target, action: "cannot set aside an orphaned recording")
        logger.warning("ticket store: an orphaned recording was in the way at \(target); moved to \(aside) for recovery at the next start")
    }
}
