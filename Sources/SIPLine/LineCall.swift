import AudioIO
import DSP
import Foundation
import IVREngine
import Logging
import Prompts
import WorkingDays

/// Where a key came from (the `digits` metric's label).
public enum DigitSource: String, Sendable, CaseIterable {
    case inband, rfc4733, both
}

/// One SIP call driven through a ``CallSession``: jitter-buffered 20 ms frames in, one frame out per frame in.
///
/// The session runs on its own thread and pulls frames from ``frame(_:)`` (the line thread pushes one per
/// 20 ms tick); what it writes goes to the shim's send queue, paced by the shim's timer. RFC 4733 keys wait
/// a few frames so a key that also arrives in-band is reported once (the in-band one).
final class LineCall: SIPCallEvents, AudioInput, AudioOutput, @unchecked Sendable {
    /// Frames an RFC 4733 key waits for the in-band detector before it is injected (200 ms: audio waits 40 ms in the jitter buffer, the detector 40-60 ms more).
    static let holdFrames = 10
    /// An in-band key this close to an RFC 4733 key (in frames) is the same press.
    static let sameKeyFrames = 15

    let id: String
    let invite: IncomingInvite
    let handle: SIPCallHandle
    let startedAt = DispatchTime.now()
    private unowned let server: LineServer

    private let cond = NSCondition()
    private var frames: [[Int16]] = []
    private var framesIn = 0            // frames delivered by the line thread
    private var framesRead = 0          // frames consumed by the session
    private var gone = false            // the caller's side ended (BYE, CANCEL, error, stop)
    private var stopRequested = false   // second SIGTERM
    private var pending: [(key: Character, frame: Int)] = []
    private var inband: [(key: Character, frame: Int)] = []
    private var outBuffer: [Int16] = []
    private(set) var closedEnd: SIPCallEnd?
    private var referStatus: Int?

    init(id: String, invite: IncomingInvite, handle: SIPCallHandle, server: LineServer) {
        self.id = id
        self.invite = invite
        self.handle = handle
        self.server = server
    }

    // MARK: - Line thread

    func frame(_ samples: UnsafeBufferPointer<Int16>) {
        cond.lock()
        frames.append(Array(samples))
        framesIn += 1
        cond.signal()
        cond.unlock()
    }

    func dtmf(_ key: Character) {
        cond.lock()
        pending.append((key, framesIn))
        cond.unlock()
    }

    func referResult(_ status: Int) {
        cond.lock()
        referStatus = status
        cond.unlock()
    }

    func closed(_ end: SIPCallEnd, status: Int) {
        cond.lock()
        gone = true
        closedEnd = end
        cond.broadcast()
        cond.unlock()
        server.callClosed(self, end: end)
    }

    // MARK: - Session thread

    /// Asks the call to end politely (the second SIGTERM): the session stops, the goodbye plays, then BYE.
    func requestStop() {
        cond.lock()
        stopRequested = true
        cond.broadcast()
        cond.unlock()
    }

    var isStopRequested: Bool {
        cond.lock()
        defer { cond.unlock() }
        return stopRequested
    }

    func read(into buffer: UnsafeMutableBufferPointer<Int16>) throws -> Int {
        cond.lock()
        defer { cond.unlock() }
        while frames.isEmpty && !gone { cond.wait() }
        guard !frames.isEmpty else { return 0 }
        let frame = frames.removeFirst()
        framesRead += 1
        let n = min(buffer.count, frame.count)
        for i in 0..<n { buffer[i] = frame[i] }
        return n
    }

    func write(_ samples: UnsafeBufferPointer<Int16>) throws {
        outBuffer.append(contentsOf: samples)
        let size = Telephony.frameSamples
        while outBuffer.count >= size {
            _ = outBuffer.withUnsafeBufferPointer { handle.send(UnsafeBufferPointer(rebasing: $0[0..<size])) }
            outBuffer.removeFirst(size)
        }
    }

    /// RFC 4733 keys whose hold is over and that the in-band detector did not also report.
    func dueDigits() -> [Character] {
        cond.lock()
        defer { cond.unlock() }
        var due: [Character] = []
        var keep: [(key: Character, frame: Int)] = []
        for p in pending {
            guard framesRead - p.frame >= LineCall.holdFrames else { keep.append(p); continue }
            if let i = inband.firstIndex(where: { $0.key == p.key && abs($0.frame - p.frame) <= LineCall.sameKeyFrames }) {
                inband.remove(at: i)
                server.metrics.digit(.both)
            } else {
                due.append(p.key)
                server.metrics.digit(.rfc4733)
            }
        }
        pending = keep
        inband.removeAll { framesRead - $0.frame > 2 * LineCall.sameKeyFrames }
        return due
    }

    /// The in-band detector heard a key: it counts unless the same key came as RFC 4733 a moment before.
    func inBandKey(_ key: Character) {
        cond.lock()
        let frame = framesRead
        let matched = pending.firstIndex { $0.key == key && abs($0.frame - frame) <= LineCall.sameKeyFrames }
        if let matched {
            pending.remove(at: matched)
            server.metrics.digit(.both)
        } else {
            inband.append((key, frame))
            server.metrics.digit(.inband)
        }
        cond.unlock()
    }

    /// Runs the call: the session to its end, then the goodbye on a requested stop, then BYE when the caller is
    /// still there. Ends when the shim reports the call closed.
    func run(services: LineServices, now: WorkingDays.LocalDateTime, log: (any CallEventLog)?, logger: Logger) {
        let session = CallSession(services: services, input: self, output: self, now: now, callID: id,
                                  caller: invite.fromUser.isEmpty ? nil : invite.fromUser, logger: logger) { [self] entry in
            var line = entry.json
            switch entry.event {
            case .answer: line = AnswerLine.adding(sipCallID: invite.sipCallID, to: line)
            default: break
            }
            log?.append(line)
        }
        session.onInBandKey = { [self] key in inBandKey(key) }
        var outcome: CallOutcome?
        do {
            outcome = try session.run(injectedDigits: { [self] in dueDigits() }, shouldStop: { [self] in isStopRequested })
        } catch {
            logger.error("call \(id): \(error)")
        }
        if isStopRequested, !isGone {
            let goodbye = services.prompts.audio(id: Prompts.Greeting.goodbyeID(at: now, calendar: services.calendar),
                                                 lang: services.languages.first ?? "cmn").samples
            playThenWait(goodbye)
        }
        do { try log?.close() } catch { logger.error("call \(id): \(error)") }
        if !isGone { handle.hangup() }
        server.sessionEnded(self, outcome: outcome)
    }

    private var isGone: Bool {
        cond.lock()
        defer { cond.unlock() }
        return gone
    }

    /// Plays samples in lock-step with the incoming frames (the caller's audio is ignored).
    private func playThenWait(_ samples: [Int16]) {
        var frame = [Int16](repeating: 0, count: Telephony.frameSamples)
        var at = 0
        while at < samples.count {
            let n = (try? frame.withUnsafeMutableBufferPointer { try read(into: $0) }) ?? 0
            if n == 0 { return }
            let end = min(at + Telephony.frameSamples, samples.count)
            var out = Array(samples[at..<end])
            out += [Int16](repeating: 0, count: Telephony.frameSamples - out.count)
            try? write(out)
            at = end
        }
        // Let the last frames leave before the BYE.
        for _ in 0..<3 { _ = try? frame.withUnsafeMutableBufferPointer { try read(into: $0) } }
    }
}
