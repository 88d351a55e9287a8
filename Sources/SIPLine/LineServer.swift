import DSP
package import Foundation
package import IVREngine
package import Logging
import Prometheus
package import WorkingDays

/// `ivr serve`'s options (the CLI contract in the README).
package struct ServeConfiguration: Sendable {
    /// SIP listen address and port (UDP); port 0 picks a free one.
    package var host: String, port: Int
    /// RTP ports (one even port per call, RTCP on the next).
    package var rtpPorts: ClosedRange<Int>
    /// Sources allowed to call; others get 403.
    package var allow: [AddressRange]
    /// Where the agent node transfers calls (REFER); nil keeps the simulated queue.
    package var agentURI: String?
    /// Calls beyond this get 503.
    package var maxCalls: Int
    /// How long the line rings (180) before it answers.
    package var ringMilliseconds: Int
    /// Jitter buffer depth before play-out starts.
    package var jitterMilliseconds: Int
    /// A fixed local time for every call (tests, demos); nil reads the clock at each answer.
    package var now: WorkingDays.LocalDateTime?
    /// Called with a finished call's event log (its text), once the log is closed: the driver files the call
    /// (e.g. into the call index). Runs on the call's queue.
    package var callLogged: (@Sendable (_ eventsJSONL: String, _ tap: (any CallAudioTap)?) -> Void)?
    /// Makes the QA recording tap of a call from its id and local time (the driver's recorder, as `ivr line`
    /// keeps); `callLogged` receives the same tap to finish it. Nil records nothing. Runs on the call's queue.
    package var makeTap: (@Sendable (_ callID: String, _ now: WorkingDays.LocalDateTime) -> (any CallAudioTap)?)?

    /// Bundles the options.
    package init(host: String, port: Int, rtpPorts: ClosedRange<Int> = 20000...29999, allow: [AddressRange] = AddressRange.loopback,
                agentURI: String? = nil, maxCalls: Int = 500, ringMilliseconds: Int = 0, jitterMilliseconds: Int = 40,
                now: WorkingDays.LocalDateTime? = nil) {
        self.host = host
        self.port = port
        self.rtpPorts = rtpPorts
        self.allow = allow
        self.agentURI = agentURI
        self.maxCalls = maxCalls
        self.ringMilliseconds = ringMilliseconds
        self.jitterMilliseconds = jitterMilliseconds
        self.now = now
    }
}

/// The SIP line: answers allowed INVITEs and runs each call through a ``CallSession`` on the shared
/// ``LineServices``; refuses the rest (403 ACL, 488 codec, 503 limit or draining).
package final class LineServer: SIPInviteHandler, @unchecked Sendable {
    private let config: ServeConfiguration
    /// The shared services; only the store changes (``attachStore(_:)``), under `cond`.
    private var services: LineServices
    /// What never changes of `services`, read without the lock.
    private let dataDirectory: String
    private let calendarSettings: CalendarSettings
    private let logger: Logger
    /// The line's Prometheus metrics.
    package let metrics = LineMetrics()
    private var stack: SIPStack?
    private var endpoint: MetricsEndpoint?

    private let cond = NSCondition()
    private var calls: [String: LineCall] = [:]
    private var draining = false
    private var sequence = 0

    /// Prepares the line; each call's event log goes to `<services.dataDirectory>/calls/<call-id>/events.jsonl`.
    /// Every store failure a call meets (or every store request, when the store did not open) is counted in
    /// `ivr_store_errors_total`.
    package init(configuration: ServeConfiguration, services: LineServices, logger: Logger) {
        config = configuration
        self.logger = logger
        var counted = services
        counted.store = CountedStore(inner: services.store, dataDirectory: services.dataDirectory, metrics: metrics)
        self.services = counted
        dataDirectory = services.dataDirectory
        calendarSettings = services.calendarSettings
    }

    /// Gives the line a store that opened after the start (it was away then): calls answered from now on use it;
    /// calls already up keep what they had.
    package func attachStore(_ store: any TicketStoring) {
        cond.lock()
        services.store = CountedStore(inner: store, dataDirectory: dataDirectory, metrics: metrics)
        cond.unlock()
    }

    /// The agent URI transfers go to (nil: the simulated queue).
    var agentURI: String? { config.agentURI }

    func openLog(_ id: String, _ sipCallID: String) throws -> SIPCallLog {
        try SIPCallLog(directory: "\(dataDirectory)/calls/\(id)", sipCallID: sipCallID)
    }

    func logError(_ message: String) { logger.error("\(message)") }

    /// A call's event log was closed: hand its text to the driver.
    func logClosed(_ path: String, tap: (any CallAudioTap)?) {
        guard let callLogged = config.callLogged, let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        callLogged(text, tap)
    }

    /// The QA recording tap of a new call, when the driver keeps recordings.
    func makeTap(_ id: String, _ now: WorkingDays.LocalDateTime) -> (any CallAudioTap)? { config.makeTap?(id, now) }

    /// Starts listening. - Returns: the SIP port. - Throws: when the address cannot be bound.
    @discardableResult
    package func start() throws -> Int {
        let stack = try SIPStack(host: config.host, port: config.port, rtpPorts: config.rtpPorts, maxCalls: config.maxCalls,
                                 jitterMilliseconds: config.jitterMilliseconds, handler: self)
        self.stack = stack
        return stack.port
    }

    /// Serves `GET /metrics` on host:port.
    package func serveMetrics(host: String, port: Int) throws {
        endpoint = try MetricsEndpoint(host: host, port: port) { [weak self] in self?.renderMetrics() ?? "" }
    }

    /// The Prometheus text exposition of the line's metrics now.
    package func renderMetrics() -> String {
        cond.lock()
        let live = calls.map { ($0.key, $0.value.handle) }
        cond.unlock()
        metrics.update(line: stack?.counters ?? SIPLineCounters(sipMalformed: 0, rtpStray: 0, rtpReceived: 0, rtpLost: 0, rtpLate: 0,
                                                                 txUnderruns: 0, ticks: 0, lateTicks: 0),
                       calls: live.map { ($0.0, $0.1.counters) })
        return metrics.registry.emitToString()
    }

    /// The shim's counters (malformed SIP, stray RTP, ...).
    package var counters: SIPLineCounters? { stack?.counters }

    /// Calls in progress.
    package var activeCalls: Int {
        cond.lock()
        defer { cond.unlock() }
        return calls.count
    }

    /// First SIGTERM: new INVITEs and OPTIONS get 503; calls in progress run on.
    package func drain() {
        cond.lock()
        draining = true
        cond.unlock()
        stack?.setDraining(true)
    }

    /// Second SIGTERM: every call in progress ends politely (goodbye, then BYE).
    package func hangUpAll() {
        cond.lock()
        let live = Array(calls.values)
        cond.unlock()
        for call in live { call.requestStop() }
    }

    /// Waits until no call is in progress, or the deadline.
    /// - Returns: true when idle.
    package func waitUntilIdle(timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        cond.lock()
        defer { cond.unlock() }
        while !calls.isEmpty {
            if !cond.wait(until: deadline) { return calls.isEmpty }
        }
        return true
    }

    /// Stops the line (calls still up get BYE).
    package func stop() {
        stack?.stop()
        stack = nil
        endpoint?.stop()
        endpoint = nil
    }

    // MARK: - Line thread

    func invite(_ invite: IncomingInvite, call handle: SIPCallHandle) -> Result<any SIPCallEvents, SIPRefusal> {
        guard config.allow.contains(where: { $0.contains(invite.sourceAddress) }) else {
            metrics.refused(.acl)
            logger.warning("INVITE from \(invite.sourceAddress):\(invite.sourcePort) refused (403): not in --allow")
            return .failure(SIPRefusal(status: 403))
        }
        guard invite.codec != nil else {
            metrics.refused(.codec)
            logger.warning("INVITE from \(invite.sourceAddress) refused (488): no PCMU or PCMA in the offer (\(invite.offered))")
            return .failure(SIPRefusal(status: 488))
        }
        cond.lock()
        defer { cond.unlock() }
        if draining {
            metrics.refused(.draining)
            return .failure(SIPRefusal(status: 503))
        }
        guard calls.count < config.maxCalls else {
            metrics.refused(.limit)
            return .failure(SIPRefusal(status: 503))
        }
        sequence += 1
        let id = callID(sequence)
        let call = LineCall(id: id, invite: invite, handle: handle, server: self, jitterMilliseconds: config.jitterMilliseconds)
        calls[id] = call
        metrics.callStarted(id)
        let answerAt = DispatchTime.now() + .milliseconds(config.ringMilliseconds)
        DispatchQueue.global().asyncAfter(deadline: answerAt) { [self] in answer(call) }
        return .success(call)
    }

    /// The line's own call id: local start time, a sequence number and random hex (safe as a folder name).
    private func callID(_ n: Int) -> String {
        let now = config.now ?? calendarSettings.localDateTime(at: Date())
        let d = now.date, t = now.time
        return String(format: "s%04d%02d%02d-%02d%02d%02d-%d-%04x", d.year, d.month, d.day, t.hour, t.minute, t.second,
                      n, UInt16.random(in: 0...UInt16.max))
    }

    private func answer(_ call: LineCall) {
        cond.lock()
        let live = calls[call.id] != nil && call.closedEnd == nil
        let services = self.services
        cond.unlock()
        guard live else { return }
        call.handle.answer()
        metrics.callAnswered(after: .nanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - call.startedAt.uptimeNanoseconds)))
        let now = config.now ?? services.calendarSettings.localDateTime(at: Date())
        call.start(services: services, now: now, logger: logger)
    }

    /// The shim closed the call (BYE either way, CANCEL, timeout); the session has seen its end.
    func callClosed(_ call: LineCall, end: SIPCallEnd) {
        finish(call, reason: reason(end))
    }

    private func reason(_ end: SIPCallEnd) -> String {
        switch end {
        case .remoteBye: "caller_bye"
        case .cancelled: "cancelled"
        case .error: "error"
        case .local: "line_bye"
        case .rejected: "rejected"
        case .stopped: "stopped"
        }
    }

    private func finish(_ call: LineCall, reason: String) {
        cond.lock()
        guard calls.removeValue(forKey: call.id) != nil else { cond.unlock(); return }
        cond.broadcast()
        cond.unlock()
        metrics.callEnded(call.id, reason: reason)
        call.handle.release()
    }
}
