import CSIPShim
import Foundation

/// An INVITE as the line's policy sees it (copied out of the C callback).
package struct IncomingInvite: Sendable {
    /// The user part of the From URI (the caller's number), empty when absent.
    package var fromUser: String
    /// The From and To URIs.
    package var fromURI: String, toURI: String
    /// The SIP Call-ID (any text; never used as a file name).
    package var sipCallID: String
    /// Where the INVITE came from.
    package var sourceAddress: String, sourcePort: Int
    /// The offered formats in order, e.g. `PCMU/0 PCMA/8 telephone-event/101`.
    package var offered: String
    /// The answer's codec: `PCMU`, `PCMA`, or nil when none is common.
    package var codec: String?
    /// The offer's telephone-event payload type, if any, and its ptime (0 when absent).
    package var eventPayloadType: Int?, offerPtime: Int
    /// No SDP in the INVITE: the line offers in its 200 and takes the answer from the ACK (then `codec` is
    /// the line's first choice until the answer picks).
    package var lateOffer = false
}

/// How a SIP call ended, from the C shim.
package enum SIPCallEnd: Sendable {
    case remoteBye, cancelled, error, local, rejected, stopped

    init(_ end: csip_end) {
        switch end {
        case CSIP_END_REMOTE_BYE: self = .remoteBye
        case CSIP_END_CANCELLED: self = .cancelled
        case CSIP_END_LOCAL: self = .local
        case CSIP_END_REJECTED: self = .rejected
        case CSIP_END_STOPPED: self = .stopped
        default: self = .error
        }
    }
}

/// What a call hears from the network; every method runs on the line thread and must return quickly.
protocol SIPCallEvents: AnyObject {
    func frame(_ samples: UnsafeBufferPointer<Int16>)
    func dtmf(_ key: Character)
    func referResult(_ status: Int)
    func closed(_ end: SIPCallEnd, status: Int)
}

/// A call's events receiver as the C context pointer: a concrete class, so each callback (50 frames a second
/// per call) reaches its receiver without a dynamic cast.
private final class CallContext {
    let events: any SIPCallEvents
    init(_ events: any SIPCallEvents) { self.events = events }

    static func of(_ ctx: UnsafeMutableRawPointer?) -> any SIPCallEvents {
        Unmanaged<CallContext>.fromOpaque(ctx!).takeUnretainedValue().events
    }
}

/// Decides about new calls; runs on the line thread.
protocol SIPInviteHandler: AnyObject {
    /// Returns the call's event receiver to take the call, or a SIP status to refuse it.
    func invite(_ invite: IncomingInvite, call: SIPCallHandle) -> Result<any SIPCallEvents, SIPRefusal>
}

/// A refusal status for an INVITE.
struct SIPRefusal: Error {
    let status: Int
}

/// Counters of the whole line.
package struct SIPLineCounters: Sendable {
    package var sipMalformed, rtpStray, rtpReceived, rtpLost, rtpLate, txUnderruns, ticks, lateTicks: UInt64
}

/// Counters of one call.
package struct SIPCallCounters: Sendable {
    package var rtpReceived, rtpLost, rtpLate, ssrcChanges, events, txPackets, txUnderruns: UInt64
}

/// One call of the C shim: thread-safe commands (they go through the shim's control queue).
final class SIPCallHandle: @unchecked Sendable {
    fileprivate let raw: OpaquePointer
    private let lock = NSLock()
    private var released = false

    fileprivate init(_ raw: OpaquePointer) { self.raw = raw }

    func ring() { csip_call_ring(raw) }
    func answer() { csip_call_answer(raw) }
    func reject(_ status: Int) { csip_call_reject(raw, Int32(status)) }
    func hangup() { csip_call_hangup(raw) }
    func refer(_ uri: String) { csip_call_refer(raw, uri) }

    /// Queues one 20 ms frame (160 samples).
    @discardableResult
    func send(_ frame: UnsafeBufferPointer<Int16>) -> Bool {
        precondition(frame.count == Int(CSIP_FRAME_SAMPLES))
        return csip_call_send_frame(raw, frame.baseAddress!)
    }

    var counters: SIPCallCounters {
        var s = csip_call_stats()
        csip_call_stats_get(raw, &s)
        return SIPCallCounters(rtpReceived: s.rtp_received, rtpLost: s.rtp_lost, rtpLate: s.rtp_late,
                               ssrcChanges: s.ssrc_changes, events: s.events_received, txPackets: s.tx_packets,
                               txUnderruns: s.tx_underruns)
    }

    /// Drops Swift's reference (once); the handle must not be used after.
    func release() {
        lock.lock()
        defer { lock.unlock() }
        if !released {
            released = true
            csip_call_release(raw)
        }
    }
}

/// The SIP stack: the C shim's line thread with its listener, RTP ports and pacing timer.
final class SIPStack: @unchecked Sendable {
    private var line: OpaquePointer?
    private let handler: Unmanaged<Box>

    /// Boxes the invite handler for the C context pointer.
    private final class Box {
        let handler: any SIPInviteHandler
        init(_ handler: any SIPInviteHandler) { self.handler = handler }
    }

    /// A startup failure with the shim's message.
    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts listening.
    init(host: String, port: Int, rtpPorts: ClosedRange<Int>, maxCalls: Int, jitterMilliseconds: Int,
         handler: any SIPInviteHandler) throws {
        self.handler = Unmanaged.passRetained(Box(handler))
        var callbacks = csip_callbacks()
        callbacks.on_invite = { ctx, inv, call, callCtx in
            let box = Unmanaged<Box>.fromOpaque(ctx!).takeUnretainedValue()
            let i = inv!.pointee
            let codec: String? = i.codec_pt == 0 ? "PCMU" : i.codec_pt == 8 ? "PCMA" : nil
            let invite = IncomingInvite(
                fromUser: String(cString: i.from_user), fromURI: String(cString: i.from_uri),
                toURI: String(cString: i.to_uri), sipCallID: String(cString: i.sip_call_id),
                sourceAddress: String(cString: i.source_ip), sourcePort: Int(i.source_port),
                offered: String(cString: i.offered), codec: codec,
                eventPayloadType: i.event_pt >= 0 ? Int(i.event_pt) : nil, offerPtime: Int(i.offer_ptime),
                lateOffer: i.late_offer)
            switch box.handler.invite(invite, call: SIPCallHandle(call!)) {
            case .success(let events):
                callCtx!.pointee = UnsafeMutableRawPointer(Unmanaged.passRetained(CallContext(events)).toOpaque())
                return 0
            case .failure(let refusal):
                return Int32(refusal.status)
            }
        }
        callbacks.on_frame = { ctx, samples, count in
            CallContext.of(ctx).frame(UnsafeBufferPointer(start: samples, count: Int(count)))
        }
        callbacks.on_dtmf = { ctx, key, _ in
            CallContext.of(ctx).dtmf(Character(UnicodeScalar(UInt8(bitPattern: key))))
        }
        callbacks.on_refer = { ctx, status in
            CallContext.of(ctx).referResult(Int(status))
        }
        callbacks.on_closed = { ctx, end, status in
            guard let ctx else { return }
            let unmanaged = Unmanaged<CallContext>.fromOpaque(ctx)
            unmanaged.takeUnretainedValue().events.closed(SIPCallEnd(end), status: Int(status))
            unmanaged.release()
        }
        var config = csip_config()
        var err = [CChar](repeating: 0, count: 256)
        let started: OpaquePointer? = host.withCString { h in
            config.listen_host = h
            config.listen_port = UInt16(port)
            config.rtp_low = UInt16(rtpPorts.lowerBound)
            config.rtp_high = UInt16(rtpPorts.upperBound)
            config.max_fds = Int32(max(1024, maxCalls * 4 + 256))
            config.jitter_ms = Int32(jitterMilliseconds)
            return csip_line_start(&config, &callbacks, self.handler.toOpaque(), &err, err.count)
        }
        guard let started else {
            self.handler.release()
            throw StartError(description: String(decoding: err.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        line = started
    }

    /// The bound SIP port.
    var port: Int { line.map { Int(csip_line_port($0)) } ?? 0 }

    /// New INVITEs and OPTIONS get 503 while draining.
    func setDraining(_ draining: Bool) {
        if let line { csip_line_set_draining(line, draining) }
    }

    var counters: SIPLineCounters {
        var s = csip_line_stats()
        if let line { csip_line_stats_get(line, &s) }
        return SIPLineCounters(sipMalformed: s.sip_malformed, rtpStray: s.rtp_stray, rtpReceived: s.rtp_received,
                               rtpLost: s.rtp_lost, rtpLate: s.rtp_late, txUnderruns: s.tx_underruns,
                               ticks: s.ticks, lateTicks: s.late_ticks)
    }

    /// Stops the line thread (calls still up get BYE) and waits for it.
    func stop() {
        guard let line else { return }
        self.line = nil
        csip_line_stop(line)
        handler.release()
    }
}
