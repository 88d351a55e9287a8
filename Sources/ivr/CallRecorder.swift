import AudioIO
import DSP
import Foundation
import IVREngine

/// The QA recording of one call (norms Art. 38-39): caller left, line right, FLAC, owner-only, at
/// `<data>/calls/YYYY/MM/DD/<call-id>.flac`.
///
/// It starts with the first frame after the recording notice ends (nothing before the caller was told), and while the
/// caller is inside an identity check (typing an ID number or PIN) the caller channel holds silence, so no key tone of
/// a secret can be decoded from the file. The line channel is kept: prompts hold no secrets.
final class CallRecorder {
    /// The final path.
    let path: String
    /// The path relative to the data folder (what the call index stores).
    let relativePath: String
    private var writer: FLACStereoFileOutput?
    private var started = false
    private var failed = false
    private let silence = [Int16](repeating: 0, count: Telephony.frameSamples)

    /// Prepares the recording of `callID` (nothing is created before the notice ends).
    init(dataDirectory: String, dayFolder: String, callID: String) {
        relativePath = "\(dayFolder)/\(callID).flac"
        path = "\(dataDirectory)/\(relativePath)"
    }

    /// The recording notice has played to its end: frames from the next one on are kept.
    func noticeFinished() { started = true }

    /// One frame of the call: what the caller sent and what the line played; `secret` while an ID or PIN may be typed.
    /// A write failure (disk full) stops the recording and is reported by ``finish()``; the call goes on.
    func frame(caller: UnsafeBufferPointer<Int16>, line: UnsafeBufferPointer<Int16>, secret: Bool) throws {
        guard started, !failed else { return }
        do {
            if writer == nil { writer = try FLACStereoFileOutput(path: path) }
            if secret {
                try silence.withUnsafeBufferPointer { try writer!.write(left: UnsafeBufferPointer(rebasing: $0.prefix(caller.count)), right: line) }
            } else {
                try writer!.write(left: caller, right: line)
            }
        } catch {
            failed = true
            writer?.abandon()
            writer = nil
            throw error
        }
    }

    /// Completes the file. - Returns: the relative path, or `nil` when nothing was recorded (the caller hung up
    /// during the notice). - Throws: ``AudioFileError`` when the file cannot be finished.
    func finish() throws -> String? {
        guard let writer else { return nil }
        self.writer = nil
        try writer.finish()
        return relativePath
    }

    /// Drops a recording in progress.
    func abandon() {
        writer?.abandon()
        writer = nil
    }
}

/// Feeds a ``CallRecorder`` from the session's audio tap port: every frame (caller and line), the secret flag, and
/// the end of the recording notice.
final class RecordingTap: CallAudioTap {
    let recorder: CallRecorder
    /// The notice ended in the frame being delivered: that frame still holds its tail, so recording starts with the
    /// next one.
    private var startAfterThisFrame = false
    /// The first write error, reported once by the driver.
    private(set) var failure: (any Error)?

    init(recorder: CallRecorder) {
        self.recorder = recorder
    }

    func recordingNoticeFinished(at sample: Int) {
        startAfterThisFrame = true
    }

    func frame(caller: UnsafeBufferPointer<Int16>, line: UnsafeBufferPointer<Int16>, sample: Int, secret: Bool) {
        do { try recorder.frame(caller: caller, line: line, secret: secret) } catch {
            if failure == nil { failure = error }
        }
        if startAfterThisFrame {
            startAfterThisFrame = false
            recorder.noticeFinished()
        }
    }
}
