import Foundation
package import Prometheus

/// Why the line refused a request (the `ivr_refused_total` label).
package enum RefusalReason: String, Sendable, CaseIterable {
    case acl, codec, limit, draining, malformed
}

/// How a key arrived (the `ivr_digits_total` label): `both` counts presses reported in-band and as RFC 4733
/// (taken once, and counted once more under the source that came first).
package enum KeySource: String, Sendable, CaseIterable {
    case inband, rfc4733, both
}

/// The line's Prometheus metrics (swift-prometheus): calls, set-up time, RTP, digits, refusals, store errors.
package final class LineMetrics: @unchecked Sendable {
    /// The registry the `/metrics` endpoint renders.
    package let registry = PrometheusCollectorRegistry()
    private let active: Gauge
    private let setup: DurationHistogram
    private let digits: [KeySource: Counter]
    private let refusals: [RefusalReason: Counter]
    private let storeErrors: Counter
    private let rtpReceived: Gauge, rtpLost: Gauge, rtpLate: Gauge, rtpStray: Gauge, sipMalformed: Gauge
    private let lock = NSLock()
    private var ended: [String: Counter] = [:]
    private var perCall: [String: [Gauge]] = [:]
    private var malformedSeen: UInt64 = 0

    /// A descriptor: `name` is the full metric name, `unit` its unit suffix ("" for none).
    private static func d(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: unit, helpText: help)
    }

    package init() {
        let registry = self.registry
        active = registry.makeGauge(descriptor: Self.d("ivr_calls_active", "", "Calls in progress"))
        setup = registry.makeDurationHistogram(
            descriptor: Self.d("ivr_invite_to_answer", "seconds", "Time from INVITE to the 200 OK"), labels: [],
            buckets: [.milliseconds(5), .milliseconds(20), .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5), .seconds(20)])
        digits = Dictionary(uniqueKeysWithValues: KeySource.allCases.map {
            ($0, registry.makeCounter(descriptor: Self.d("ivr_digits", "total", "Keys by how they arrived"), labels: [("source", $0.rawValue)]))
        })
        refusals = Dictionary(uniqueKeysWithValues: RefusalReason.allCases.map {
            ($0, registry.makeCounter(descriptor: Self.d("ivr_refused", "total", "Requests refused"), labels: [("reason", $0.rawValue)]))
        })
        storeErrors = registry.makeCounter(descriptor: Self.d("ivr_store_errors", "total", "Ticket store failures seen by calls"))
        rtpReceived = registry.makeGauge(descriptor: Self.d("ivr_rtp_received_packets", "", "RTP audio packets received (all calls)"))
        rtpLost = registry.makeGauge(descriptor: Self.d("ivr_rtp_lost_packets", "", "RTP packets lost (all calls)"))
        rtpLate = registry.makeGauge(descriptor: Self.d("ivr_rtp_late_packets", "", "RTP packets that came too late to play (all calls)"))
        rtpStray = registry.makeGauge(descriptor: Self.d("ivr_rtp_stray_packets", "", "RTP from a source that is not the call's peer"))
        sipMalformed = registry.makeGauge(descriptor: Self.d("ivr_sip_malformed_datagrams", "", "Datagrams on the SIP port that are not SIP"))
    }

    func callStarted(_ id: String) {
        active.increment(by: 1)
        let labels = [("call", id)]
        let gauges = ["ivr_call_rtp_received_packets", "ivr_call_rtp_lost_packets", "ivr_call_rtp_late_packets"].map {
            registry.makeGauge(descriptor: Self.d($0, "", "RTP packets of one call in progress"), labels: labels)
        }
        lock.lock()
        perCall[id] = gauges
        lock.unlock()
    }

    func callAnswered(after duration: Duration) { setup.record(duration) }

    func callEnded(_ id: String, reason: String) {
        active.decrement(by: 1)
        lock.lock()
        let counter = ended[reason] ?? registry.makeCounter(descriptor: Self.d("ivr_calls", "total", "Calls by how they ended"),
                                                            labels: [("end", reason)])
        ended[reason] = counter
        let gauges = perCall.removeValue(forKey: id) ?? []
        lock.unlock()
        counter.increment()
        for g in gauges { registry.unregisterGauge(g) }
    }

    /// Keys taken in-band, keys taken from RFC 4733, and presses that came both ways (taken once).
    func digits(inBand: Int, rfc4733: Int, both: Int) {
        if inBand > 0 { digits[.inband]?.increment(by: Int64(inBand)) }
        if rfc4733 > 0 { digits[.rfc4733]?.increment(by: Int64(rfc4733)) }
        if both > 0 { digits[.both]?.increment(by: Int64(both)) }
    }
    func refused(_ reason: RefusalReason) { refusals[reason]?.increment() }
    func storeError() { storeErrors.increment() }

    /// Copies the shim's counters in (before each scrape).
    func update(line: SIPLineCounters, calls: [(String, SIPCallCounters)]) {
        rtpReceived.set(Double(line.rtpReceived))
        rtpLost.set(Double(line.rtpLost))
        rtpLate.set(Double(line.rtpLate))
        rtpStray.set(Double(line.rtpStray))
        sipMalformed.set(Double(line.sipMalformed))
        lock.lock()
        defer { lock.unlock() }
        if line.sipMalformed > malformedSeen {
            refusals[.malformed]?.increment(by: Int64(line.sipMalformed - malformedSeen))
            malformedSeen = line.sipMalformed
        }
        for (id, c) in calls {
            guard let g = perCall[id], g.count == 3 else { continue }
            g[0].set(Double(c.rtpReceived))
            g[1].set(Double(c.rtpLost))
            g[2].set(Double(c.rtpLate))
        }
    }
}

/// A minimal HTTP/1.1 endpoint for Prometheus scrapes: `GET /metrics` on its own thread, one request per
/// connection, loopback or wherever `--metrics` points.
final class MetricsEndpoint: @unchecked Sendable {
    private let fd: Int32
    private let render: @Sendable () -> String
    private var thread: Thread?

    struct BindError: Error, CustomStringConvertible { let description: String }

    init(host: String, port: Int, render: @escaping @Sendable () -> String) throws {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &addr.sin_addr) == 1 else {
            throw BindError(description: "--metrics \(host):\(port): not an IPv4 address")
        }
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var one: Int32 = 1
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard s >= 0, bound == 0, listen(s, 16) == 0 else {
            let reason = String(cString: strerror(errno))
            if s >= 0 { close(s) }
            throw BindError(description: "--metrics \(host):\(port): \(reason)")
        }
        fd = s
        self.render = render
        let t = Thread { [fd, render] in MetricsEndpoint.serve(fd: fd, render: render) }
        t.name = "metrics"
        thread = t
        t.start()
    }

    private static func serve(fd: Int32, render: @Sendable () -> String) {
        while true {
            let c = accept(fd, nil, nil)
            if c < 0 {
                if errno == EINTR { continue }
                return
            }
            var tv = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            var buf = [UInt8](repeating: 0, count: 4096)
            let n = recv(c, &buf, buf.count, 0)
            let request = n > 0 ? String(decoding: buf[0..<n], as: UTF8.self) : ""
            let ok = request.hasPrefix("GET /metrics")
            let body = ok ? render() : "not found\n"
            let head = "HTTP/1.1 \(ok ? "200 OK" : "404 Not Found")\r\nContent-Type: text/plain; version=0.0.4\r\n" +
                "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n"
            let bytes = Array((head + body).utf8)
            var sent = 0
            while sent < bytes.count {
                let w = bytes[sent...].withUnsafeBytes { send(c, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if w <= 0 { break }
                sent += w
            }
            close(c)
        }
    }

    /// Closes the listening socket (the thread ends at its next accept).
    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }
}
