import FileSafety
import Foundation
import WorkingDays

/// A voicemail being recorded, streamed to `<data>/voicemail/partial/<call-id>.wav`, with a JSON sidecar
/// `<call-id>.json` so that a crash loses nothing: at the next start the store turns it into a ticket.
///
/// Sidecar format (UTF-8 JSON object): `{"callID": "...", "caller": "13800138000" | null,
/// "menuPath": ["main", "voicemail"], "kind": "voicemail", "createdAt": "2025-09-26T10:00:00+08:00",
/// "dueDate": "2025-09-30" | null}`.
package struct PartialRecording: Codable, Sendable, Hashable {
    /// The call id (also the file name).
    package var callID: String
    /// The caller's number, `nil` when unknown.
    package var caller: String?
    /// Node ids on the way to the recording.
    package var menuPath: [String]
    /// The ticket kind it would become (`voicemail` or `complaint`).
    package var kind: TicketKind
    /// When recording started, ISO 8601 with offset.
    package var createdAt: String
    /// The due date computed for the call, `YYYY-MM-DD`, if known.
    package var dueDate: String?
    /// This recording's own id (a call can record more than one message); the ticket filed from it keeps it, so
    /// a partial whose ticket is already committed is never filed again. Nil in sidecars written before it existed.
    package var partialID: String?

    /// Creates a sidecar value.
    package init(callID: String, caller: String?, menuPath: [String], kind: TicketKind = .voicemail, createdAt: String,
                dueDate: String? = nil, partialID: String? = nil) {
        self.partialID = partialID
        self.callID = callID
        self.caller = caller
        self.menuPath = menuPath
        self.kind = kind
        self.createdAt = createdAt
        self.dueDate = dueDate
    }

    /// The folder of recordings in progress: `<data>/voicemail/partial`.
    package static func folder(dataDirectory: String) -> String { dataDirectory + "/voicemail/partial" }

    /// The WAV to stream a call's recording to: `<data>/voicemail/partial/<call-id>.wav`.
    package static func audioPath(dataDirectory: String, callID: String) -> String {
        folder(dataDirectory: dataDirectory) + "/" + callID + ".wav"
    }

    /// The sidecar path: `<data>/voicemail/partial/<call-id>.json`.
    package static func sidecarPath(dataDirectory: String, callID: String) -> String {
        folder(dataDirectory: dataDirectory) + "/" + callID + ".json"
    }

    /// Writes the sidecar (owner-only, temp + fsync + rename), creating the folder owner-only, and locks it.
    /// Call it when recording starts, before the first sample, and keep the returned lease until the ticket is
    /// opened or the message discarded: while it is held, a store opened by another process (a parallel batch
    /// call) leaves this recording alone; if the process dies, the kernel drops the lock and the next start
    /// recovers the recording.
    /// - Throws: ``TicketStorageError`` when the folder or file cannot be written.
    @discardableResult
    package func write(dataDirectory: String) throws -> PartialRecordingLease {
        let dir = PartialRecording.folder(dataDirectory: dataDirectory)
        let path = PartialRecording.sidecarPath(dataDirectory: dataDirectory, callID: callID)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(self)
        try TicketStorageError.mapping {
            try DurableFiles.makeOwnerOnlyDirectories(dir)
            try DurableFiles.writeAtomically(data, to: path)
        }
        return try PartialRecordingLease(path: path)
    }

    /// Removes a call's partial WAV and sidecar (a discarded message: too short or silent).
    package static func discard(dataDirectory: String, callID: String) {
        unlink(audioPath(dataDirectory: dataDirectory, callID: callID))
        unlink(sidecarPath(dataDirectory: dataDirectory, callID: callID))
    }

    /// Reads a sidecar; `nil` when missing or malformed.
    package static func read(path: String) -> PartialRecording? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(PartialRecording.self, from: data)
    }
}
