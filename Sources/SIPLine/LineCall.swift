import DSP
import Foundation
import IVREngine
import Logging
import Prompts
import WorkingDays

/// One SIP call driving a frame-push ``CallSession``: each jitter-buffered 20 ms frame from the shim is pushed
/// on the call's own serial queue, and the frame the session returns goes to the shim's send queue, which the
/// shim's timer paces. RFC 4733 keys go in with ``CallSession/pushDigit(_:startSample:)`` (the session takes a
/// key that also arrives in-band once).
final class LineCall: SIPCallEvents, @unchecked Sendable {
    let id: String
    let invite: IncomingInvite
    let handle: SIPCallHandle
    let startedAt = DispatchTime.now()
    private unowned let server: LineServer
    private let queue: DispatchQueue

    // Used on `queue` only.
    private var session: CallSession?
    private var log: SIPCallLog?
    private var tap: (any CallAudioTap)?
    private var finished = false
    private var stopping = false
    private var goodbye: [Int16] = []
    private var goodbyeAt = 0
    private var transferring = false
    private var output = [Int16](repeating: 0, count: Telephony.frameSamples)
    private var keysCounted = KeyCounts()
    private let jitterSamples: Int

    /// Caller audio and RFC 4733 keys from the line thread, in arrival order, waiting for the call queue: one
    /// queue hop drains whatever has arrived, so a busy machine costs no allocation per frame.
    private let inboxLock = NSLock()
    private var inboxSamples: [Int16] = []
    private var inboxKeys: [(frame: Int, key: Character)] = []
    private var drainScheduled = false
    // Used on `queue` only: the inbox's contents being worked on.
    private var workSamples: [Int16] = []
    private var workKeys: [(frame: Int, key: Character)] = []

    /// How the shim closed the call (set on the line thread, read after).
    private let lock = NSLock()
    private var end: SIPCallEnd?

    init(id: String, invite: IncomingInvite, handle: SIPCallHandle, server: LineServer, jitterMilliseconds: Int) {
        self.id = id
        self.invite = invite
        self.handle = handle
        self.server = server
        jitterSamples = Telephony.samples(milliseconds: jitterMilliseconds)
        queue = DispatchQueue(label: "call \(id)", target: DispatchQueue.global())
        inboxSamples.reserveCapacity(16 * Telephony.frameSamples)
        workSamples.reserveCapacity(16 * Telephony.frameSamples)
    }

    var closedEnd: SIPCallEnd? {
        lock.lock()
        defer { lock.unlock() }
        return end
    }

    // MARK: - From the server

    /// The line answered: the session starts (its greeting is the first frames sent).
    func start(services: LineServices, now: WorkingDays.LocalDateTime, logger: Logger) {
        queue.async { [self] in
            do { log = try server.openLog(id, invite.sipCallID) } catch {
                logger.error("call \(id): \(error); this call's event log is not kept")
            }
            tap = server.makeTap(id, now)
            let s = CallSession(services: services, now: now, callID: id, caller: invite.fromUser.isEmpty ? nil : invite.fromUser,
                                logger: logger, events: log, tap: tap)
            session = s
            goodbye = services.prompts.audio(id: Prompts.Greeting.goodbyeID(at: now, calendar: services.calendar),
                                             lang: services.languages.first ?? "cmn").samples
            handle(s.start())
        }
    }

    /// The second SIGTERM: the caller hears the goodbye, then BYE.
    func requestStop() {
        queue.async { [self] in
            guard !finished, !stopping else { return }
            stopping = true
            log?.shutdown = true
        }
    }

    // MARK: - Line thread

    func frame(_ samples: UnsafeBufferPointer<Int16>) {
        inboxLock.lock()
        inboxSamples.append(contentsOf: samples)
        let schedule = !drainScheduled
        drainScheduled = true
        inboxLock.unlock()
        if schedule { queue.async { [self] in drainInbox() } }
    }

    func dtmf(_ key: Character) {
        inboxLock.lock()
        inboxKeys.append((inboxSamples.count / Telephony.frameSamples, key))
        let schedule = !drainScheduled
        drainScheduled = true
        inboxLock.unlock()
        if schedule { queue.async { [self] in drainInbox() } }
    }

    func referResult(_ status: Int) {
        queue.async { [self] in
            guard let session, !finished, transferring else { return }
            transferring = false
            handle((200..<300).contains(status) ? session.transferAnswered() : session.transferFailed())
        }
    }

    func closed(_ end: SIPCallEnd, status: Int) {
        lock.lock()
        self.end = end
        lock.unlock()
        queue.async { [self] in
            if let session, !finished {
                handle(session.callerHungUp())
            }
            finish()
            server.callClosed(self, end: end)
        }
    }

    // MARK: - Call queue

    /// Takes what the line thread left in the inbox: frames in order, each key before the frame it came ahead of.
    private func drainInbox() {
        inboxLock.lock()
        swap(&inboxSamples, &workSamples)
        swap(&inboxKeys, &workKeys)
        drainScheduled = false
        inboxLock.unlock()
        let n = Telephony.frameSamples
        var k = 0
        workSamples.withUnsafeBufferPointer { all in
            for f in 0..<(all.count / n) {
                while k < workKeys.count && workKeys[k].frame <= f { key(workKeys[k].key); k += 1 }
                push(UnsafeBufferPointer(rebasing: all[(f * n)..<((f + 1) * n)]))
            }
        }
        while k < workKeys.count { key(workKeys[k].key); k += 1 }
        workSamples.removeAll(keepingCapacity: true)
        workKeys.removeAll(keepingCapacity: true)
    }

    private func key(_ key: Character) {
        guard let session, !finished, !stopping, let digit = DTMFDigit(key) else { return }
        // The key's tone reaches the session through the jitter buffer; the event does not wait there.
        handle(session.pushDigit(digit, startSample: session.sample + jitterSamples))
    }

    private func push(_ input: UnsafeBufferPointer<Int16>) {
        guard let session, !finished else { return }
        if stopping {
            playGoodbye()
            return
        }
        let step = output.withUnsafeMutableBufferPointer { session.process(input: input, output: $0) }
        output.withUnsafeBufferPointer { _ = handle.send($0) }
        handle(step)
    }

    private func playGoodbye() {
        var frame = [Int16](repeating: 0, count: Telephony.frameSamples)
        let end = min(goodbyeAt + frame.count, goodbye.count)
        for i in goodbyeAt..<end { frame[i - goodbyeAt] = goodbye[i] }
        goodbyeAt = end
        frame.withUnsafeBufferPointer { _ = handle.send($0) }
        if goodbyeAt >= goodbye.count, let session {
            handle(session.callerHungUp())   // keeps a message being recorded; the log says the line ended it
            hangUp()
        }
    }

    private func handle(_ step: CallStep) {
        if let counts = session?.keyCounts, counts != keysCounted {
            server.metrics.digits(inBand: counts.inBand - keysCounted.inBand, rfc4733: counts.outOfBand - keysCounted.outOfBand,
                                  both: counts.twins - keysCounted.twins)
            keysCounted = counts
        }
        if step.transfer != nil, let uri = server.agentURI {
            transferring = true
            handle.refer(uri)
        }
        if step.isFinished && !finished {
            if step.ended == .line { hangUp() }
        }
    }

    /// BYE once the frames already queued (the goodbye's end) have left.
    private func hangUp() {
        guard !finished else { return }
        finished = true
        closeLog()
        handle.hangup()
    }

    private func finish() {
        finished = true
        closeLog()
    }

    private func closeLog() {
        guard let log else { return }
        self.log = nil
        do {
            try log.close()
            server.logClosed(log.path, tap: tap)
        } catch { server.logError("call \(id): \(error)") }
    }
}
