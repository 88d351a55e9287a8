import FileSafety
import AudioIO
import Foundation
import IVREngine
import Logging
import Supervision
import WorkingDays

/// Files a finished call: its event log beside its recording under `<data>/calls/YYYY/MM/DD/`, and its row in the
/// call index. Shared by `ivr line` and `ivr call` (and later `ivr serve`), so every driver indexes the same way.
enum CallArchive {
    /// `calls/YYYY/MM/DD` (relative to the data folder) for a call starting at `moment`.
    static func dayFolder(_ moment: WorkingDays.LocalDateTime) -> String { CallLogFiles.dayFolder(moment.date) }

    /// Indexes the call whose event log is `eventsJSONL` into the store of `services` (when it keeps an index), with
    /// its recording (see ``store(_:into:data:)``). When the store cannot take it, the call waits in the
    /// ``CallIndexBacklog`` and is indexed when the store is back; the call itself is over and its log is on disk.
    static func index(eventsJSONL: String, recordingPath: String?, services: LineServices, logger: Logger) {
        let index = services.store as? any CallIndexStoring
        if services.store != nil && index == nil { return }  // a store that keeps no call index
        // No store at all (it did not open): the call waits in the backlog for the store to open.
        var record: CallRecord
        do {
            record = try CallRecord(eventLog: eventsJSONL, utcOffsetSeconds: services.calendarSettings.utcOffsetSeconds)
        } catch {
            logger.error("cannot index the call: \(error); its event log stays in \(services.dataDirectory)/calls")
            return
        }
        record.recordingPath = recordingPath
        do {
            guard let index else {
                throw TicketStorageError(.failure, path: services.dataDirectory, message: "the ticket store is not open")
            }
            try store(record, into: index, data: services.dataDirectory)
        } catch {
            do {
                try CallIndexBacklog.keep(callID: record.callID, eventsJSONL: eventsJSONL, recordingPath: recordingPath,
                                          data: services.dataDirectory)
                logger.error("cannot index call \(record.callID): \(error); kept in \(CallIndexBacklog.folder(services.dataDirectory)) and indexed when the store is back")
            } catch let keepError {
                logger.error("cannot index call \(record.callID): \(error); nor keep it for later: \(keepError); run `ivr calls import \(services.dataDirectory)/calls` once fixed")
            }
        }
    }

    /// Indexes `record`. When the store keeps recordings' audio (PostgreSQL), the recording's file goes into the
    /// store in the same transaction and is then removed from the data folder: the store holds the one copy, which
    /// every node and console reads. A store that does not keep audio (SQLite) indexes the row; the file stays.
    /// - Throws: the store's error (nothing was stored; the file stays).
    static func store(_ record: CallRecord, into index: any CallIndexStoring, data: String) throws {
        guard index.keepsRecordingAudio, let relative = record.recordingPath else {
            try index.indexCall(record)
            return
        }
        let path = relative.hasPrefix("/") ? relative : data + "/" + relative
        // A file already gone was stored by an earlier try whose answer was lost: the row is indexed again, and the
        // recording stored then stays (its path is kept).
        let audio = FileManager.default.contents(atPath: path)
        try index.indexCall(record, recording: audio)
        if audio != nil { unlink(path) }
    }

    /// Indexes the calls waiting in the backlog of `services`' data folder (see ``CallIndexBacklog``).
    static func retryBacklog(services: LineServices, logger: Logger) {
        guard let index = services.store as? any CallIndexStoring else { return }
        CallIndexBacklog.retry(into: index, data: services.dataDirectory,
                               utcOffsetSeconds: services.calendarSettings.utcOffsetSeconds, logger: logger)
    }

    /// Completes a call's QA recording and writes its event log beside it (`<call-id>.events.jsonl`).
    /// - Returns: the recording's path relative to the data folder, `nil` when the call ended during the notice.
    /// - Throws: ``AudioFileError`` naming the file when the recording or the log cannot be written.
    static func finish(_ tap: RecordingTap, eventsJSONL: String, data: String, dayFolder: String, callID: String) throws -> String? {
        if let failure = tap.failure {
            tap.recorder.abandon()
            throw failure
        }
        let path = try tap.recorder.finish()
        let log = "\(data)/\(dayFolder)/\(callID).events.jsonl"
        try AudioFileError.unwritable {
            try DurableFiles.makeOwnerOnlyDirectories("\(data)/\(dayFolder)")
            try DurableFiles.writeAtomically(Data(eventsJSONL.utf8), to: log)
        }
        return path
    }

    /// The line's state at the start of a call (in service when the store is unavailable or keeps none).
    static func lineState(services: LineServices, line: String, logger: Logger) -> LineState {
        guard let states = services.store as? any LineStateStoring else { return .inService }
        do { return try states.lineState(line: line).state } catch {
            logger.error("cannot read the line state: \(error); answering in service")
            return .inService
        }
    }
}
