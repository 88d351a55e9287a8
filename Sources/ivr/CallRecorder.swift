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

/// Feeds a ``CallRecorder`` from a session's audio and event log until the session's own tap port lands: wraps the
/// session's input and output (a frame read, then the frame written for it, in lock-step) and watches the events
/// for the end of the recording notice and for identity nodes.
final class RecordingTap {
    let recorder: CallRecorder
    private let noticePrompt: String
    private let secretNodes: Set<String>
    private var callerFrame = [Int16](repeating: 0, count: Telephony.frameSamples)
    private var callerCount = 0
    private var secret = false
    private var noticeDone = false
    /// The first write error, reported once by the driver.
    private(set) var failure: (any Error)?

    init(recorder: CallRecorder, tree: MenuTree) {
        self.recorder = recorder
        noticePrompt = tree.nodes["welcome"]?.prompt("notice") ?? "recording_notice"
        secretNodes = Set(tree.nodes.filter { $0.value.kind == .identity }.map(\.key))
    }

    /// Sees each event-log entry as the session emits it.
    func observe(_ entry: LoggedEvent) {
        switch entry.event {
        case .promptEnd(let id, _, _) where id == noticePrompt && !noticeDone:
            noticeDone = true
        case .node(let id):
            secret = secretNodes.contains(id)
        default:
            break
        }
    }

    /// The session's input, remembering each caller frame.
    func input(_ inner: any AudioInput) -> any AudioInput { TapInput(inner: inner, tap: self) }

    /// The session's output, recording each frame with the caller frame it answers.
    func output(_ inner: any AudioOutput) -> any AudioOutput { TapOutput(inner: inner, tap: self) }

    fileprivate func caller(_ samples: UnsafeMutableBufferPointer<Int16>, count: Int) {
        callerCount = min(count, callerFrame.count)
        for i in 0..<callerCount { callerFrame[i] = samples[i] }
        for i in callerCount..<callerFrame.count { callerFrame[i] = 0 }
    }

    fileprivate func line(_ samples: UnsafeBufferPointer<Int16>) {
        // The frame in which the notice ended still holds its tail: recording starts with the next one.
        let record = noticeDone
        do {
            try callerFrame.withUnsafeBufferPointer {
                try recorder.frame(caller: UnsafeBufferPointer(rebasing: $0.prefix(samples.count)), line: samples, secret: secret)
            }
        } catch {
            if failure == nil { failure = error }
        }
        if record { recorder.noticeFinished() }
    }
}

private final class TapInput: AudioInput {
    let inner: any AudioInput
    unowned let tap: RecordingTap

    init(inner: any AudioInput, tap: RecordingTap) {
        self.inner = inner
        self.tap = tap
    }

    func read(into buffer: UnsafeMutableBufferPointer<Int16>) throws -> Int {
        let n = try inner.read(into: buffer)
        tap.caller(buffer, count: n)
        return n
    }
}

private final class TapOutput: AudioOutput {
    let inner: any AudioOutput
    unowned let tap: RecordingTap

    init(inner: any AudioOutput, tap: RecordingTap) {
        self.inner = inner
        self.tap = tap
    }

    func write(_ samples: UnsafeBufferPointer<Int16>) throws {
        try inner.write(samples)
        tap.line(samples)
    }
}
