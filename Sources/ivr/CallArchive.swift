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

    /// Indexes the call whose event log is `eventsJSONL` into the store of `services` (when it keeps an index).
    /// A failure is one line in the operator log: the call itself is over and its log is on disk.
    static func index(eventsJSONL: String, recordingPath: String?, services: LineServices, logger: Logger) {
        guard let index = services.store as? any CallIndexStoring else { return }
        do {
            var record = try CallRecord(eventLog: eventsJSONL, utcOffsetSeconds: services.calendarSettings.utcOffsetSeconds)
            record.recordingPath = recordingPath
            try index.indexCall(record)
        } catch {
            logger.error("cannot index the call: \(error); run `ivr calls import \(services.dataDirectory)/calls` later")
        }
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
