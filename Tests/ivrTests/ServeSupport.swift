import Foundation
import Testing

/// Runs `ivr serve` and sipp on loopback for the serve tests: free ports, scenario files filled in from
/// Tests/Fixtures/sip, bounded sipp runs, the line's metrics.
enum ServeSupport {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let fixtures = root + "/Tests/Fixtures/sip"
    static let calls = root + "/Tests/Fixtures/calls"
    static let sipp = "/usr/bin/sipp"

    /// The standard offer: PCMU, PCMA and telephone-event 101.
    static let formats = "0 8 101"
    static let attributes = "a=rtpmap:0 PCMU/8000\n      a=rtpmap:8 PCMA/8000\n      a=rtpmap:101 telephone-event/8000\n      a=fmtp:101 0-15"

    /// The next range of 400 RTP ports for a line, from 10000–19999: no other port the tests pick (`freePort`,
    /// 20000–29000), nor the kernel's ephemeral ports, lies there, so a capture filtered by the range holds only
    /// that line's RTP. Ranges handed out in one test process never overlap until 25 lines have started.
    static func rtpRange() -> ClosedRange<Int> {
        rtpRangeLock.lock()
        defer { rtpRangeLock.unlock() }
        let low = 10000 + (nextRTPRange % 25) * 400
        nextRTPRange += 1
        return low...(low + 398)
    }

    private static let rtpRangeLock = NSLock()
    nonisolated(unsafe) private static var nextRTPRange = Int(getpid() % 25)

    /// A free UDP port (even, with the next port free too, for sipp's media port). A port is never handed out
    /// twice in one test process, nor within 16 of one handed out before: a port is free when checked but taken
    /// only when its user binds it, so two suites asking at once could otherwise both get it (Kamailio once
    /// failed to bind its port so).
    static func freePort() -> Int {
        portLock.lock()
        defer { portLock.unlock() }
        for _ in 0..<400 {
            let p = Int.random(in: 20000...29000) & ~1
            guard !handedOut.contains(where: { abs($0 - p) < 16 }) else { continue }
            if bindable(p) && bindable(p + 1) && bindable(p + 2) {
                handedOut.append(p)
                if handedOut.count > 120 { handedOut.removeFirst() }
                return p
            }
        }
        return 0
    }

    private static let portLock = NSLock()
    nonisolated(unsafe) private static var handedOut: [Int] = []

    private static func bindable(_ port: Int) -> Bool {
        let s = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(s) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = INADDR_ANY
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    /// A scenario from Tests/Fixtures/sip with its `@FIELD@`s filled in, written to `dir`.
    static func scenario(_ name: String, in dir: String, _ fields: [String: String]) throws -> String {
        var text = try String(contentsOfFile: "\(fixtures)/\(name).xml", encoding: .utf8)
        for (k, v) in fields { text = text.replacingOccurrences(of: "@\(k)@", with: v) }
        let path = "\(dir)/\(name)-\(UUID().uuidString.prefix(8)).xml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// What a process returned and printed.
    struct Run {
        let status: Int32
        let output: String
    }

    /// Runs a tool to its end (output and errors together).
    @discardableResult
    static func run(_ tool: String, _ args: [String], in dir: String? = nil) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        if let dir { p.currentDirectoryURL = URL(fileURLWithPath: dir) }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// Runs sipp against the line, always bounded (`-timeout`, `-recv_timeout`, `-timeout_error`).
    static func sipp(_ scenario: String, line: ServeProcess, calls: Int = 1, concurrent: Int = 1, rate: Int = 10,
                     bind: String = "127.0.0.1", extra: [String] = [], timeout: Int = 60, media: Int? = nil,
                     in dir: String) throws -> Run {
        let port = freePort(), media = media ?? freePort()
        let args = ["-sf", scenario, "-m", "\(calls)", "-l", "\(concurrent)", "-r", "\(rate)", "-i", bind, "-p", "\(port)",
                    "-mp", "\(media)", "-timeout", "\(timeout)s", "-recv_timeout", "\(timeout)s", "-timeout_error",
                    "-nostdin", "-trace_err", "-error_file", "\(dir)/sipp-errors-\(port).log"] + extra + ["127.0.0.1:\(line.port)"]
        return try run(sipp, args, in: dir)
    }

    /// The fixture call's audio as raw µ-law for sipp's `rtp_stream` (160 bytes per 20 ms).
    static func ulaw(_ call: String, in dir: String) throws -> String {
        let out = "\(dir)/\(call).ulaw"
        let r = try run("/usr/bin/sox", ["\(calls)/\(call).wav", "-t", "ul", "-r", "8000", "-c", "1", out])
        #expect(r.status == 0, "sox: \(r.output)")
        return out
    }

    /// The samples of a WAV file (through sox).
    static func samples(_ wav: String) throws -> [Int16] {
        // The raw copy goes to a folder of its own, never beside the WAV (which may be in the checkout).
        let raw = IVRProcess.temporaryDirectory("samples") + "/samples.raw"
        _ = try run("/usr/bin/sox", [wav, "-t", "raw", "-e", "signed", "-b", "16", "-L", raw])
        let data = try Data(contentsOf: URL(fileURLWithPath: raw))
        return data.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
    }

    /// µ-law payloads of the RTP packets to `port` in a libpcap file (Ethernet or Linux cooked), in order.
    static func rtpPayloads(pcap path: String, port: Int) throws -> [[UInt8]] {
        try rtpStreams(pcap: path) { _, dst in dst == port }.values.first?.map(\.payload) ?? []
    }

    /// One RTP packet: its payload type and payload.
    struct RTPPacket {
        let payloadType: Int
        let payload: [UInt8]
    }

    /// The RTP packets of a libpcap file by UDP source port, in order, of the packets `keep(src, dst)` takes.
    static func rtpStreams(pcap path: String, keep: (Int, Int) -> Bool) throws -> [Int: [RTPPacket]] {
        let d = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        guard d.count >= 24 else { return [:] }
        func u32(_ i: Int) -> Int { Int(d[i]) | Int(d[i + 1]) << 8 | Int(d[i + 2]) << 16 | Int(d[i + 3]) << 24 }
        let link = u32(20)
        var out: [Int: [RTPPacket]] = [:]
        var i = 24
        while i + 16 <= d.count {
            let len = u32(i + 8)
            let p = i + 16
            i = p + len
            guard i <= d.count else { break }
            let ip = p + (link == 113 ? 16 : 14)
            guard ip + 28 <= i, d[ip] >> 4 == 4, d[ip + 9] == 17 else { continue }
            let udp = ip + Int(d[ip] & 0x0F) * 4
            let src = Int(d[udp]) << 8 | Int(d[udp + 1]), dst = Int(d[udp + 2]) << 8 | Int(d[udp + 3])
            let rtp = udp + 8
            guard keep(src, dst), rtp + 12 <= i else { continue }
            let cc = Int(d[rtp] & 0x0F)
            out[src, default: []].append(RTPPacket(payloadType: Int(d[rtp + 1] & 0x7F), payload: Array(d[(rtp + 12 + 4 * cc)..<i])))
        }
        return out
    }

    /// A dumpcap capture on loopback (started and stopped by the test; bounded wait for its end).
    final class Capture {
        private let process = Process()

        init(filter: String, to file: String) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/dumpcap")
            process.arguments = ["-q", "-i", "lo", "-P", "-f", filter, "-w", file]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: 1)   // dumpcap needs a moment before it sees packets
        }

        func stop() {
            Thread.sleep(forTimeInterval: 0.5)
            kill(process.processIdentifier, SIGTERM)
            let stopBy = Date().addingTimeInterval(10)
            while process.isRunning && Date() < stopBy { Thread.sleep(forTimeInterval: 0.1) }
        }
    }

    /// G.711 µ-law to linear.
    static func ulawDecode(_ u: UInt8) -> Int16 {
        let v = ~u
        let exponent = Int((v >> 4) & 0x07), mantissa = Int(v & 0x0F)
        let magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84
        return Int16(v & 0x80 != 0 ? -magnitude : magnitude)
    }

    /// G.711 A-law to linear.
    static func alawDecode(_ a: UInt8) -> Int16 {
        let v = a ^ 0x55
        let exponent = Int((v >> 4) & 0x07), mantissa = Int(v & 0x0F)
        var magnitude = (mantissa << 4) + 8
        if exponent > 0 { magnitude = (magnitude + 0x100) << (exponent - 1) }
        return Int16(v & 0x80 != 0 ? magnitude : -magnitude)
    }

    /// How many of the reference's non-silent 20 ms frames the sent audio carries, within the G.711 round trip:
    /// the sent stream may start later (a constant offset) and have silent frames inserted (a late frame).
    static func matchedFrames(reference: [Int16], sent: [Int16]) -> (matched: Int, total: Int) {
        let n = 160
        func same(_ r: Int, _ s: Int) -> Bool {
            guard s + n <= sent.count else { return false }
            var ok = 0
            for k in 0..<n {
                let x = Int(reference[r + k]), y = Int(sent[s + k])
                if abs(x - y) <= abs(x) / 12 + 48 { ok += 1 }
            }
            return ok >= n * 95 / 100
        }
        func silent(_ r: Int) -> Bool { reference[r..<(r + n)].allSatisfy { abs(Int($0)) < 64 } }
        var matched = 0, total = 0
        var drift: Int?
        var r = 0
        while r + n <= reference.count {
            defer { r += n }
            if silent(r) { continue }
            total += 1
            if let d = drift {
                if let extra = (0...3).first(where: { same(r, r + d + $0 * n) }) {
                    drift = d + extra * n
                    matched += 1
                }
            } else if let d = stride(from: 0, through: 400 * n, by: n).first(where: { same(r, r + $0) }) {
                drift = d
                matched += 1
            }
        }
        return (matched, total)
    }

    /// A value from a Prometheus text page: the sample whose name (with labels) is `series`.
    static func metric(_ page: String, _ series: String) -> Double? {
        for line in page.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    /// GET /metrics.
    static func scrape(port: Int) throws -> String {
        try run("/usr/bin/curl", ["-s", "--max-time", "5", "http://127.0.0.1:\(port)/metrics"]).output
    }

    /// The parts of an event log the SIP line must reproduce: node path, logged digits, tickets (kind and due),
    /// who hung up.
    struct Summary: Equatable, CustomStringConvertible {
        var nodes: [String] = []
        var digits: [String] = []
        var tickets: [String] = []
        var hangup = ""
        var description: String { "nodes \(nodes) digits \(digits) tickets \(tickets) hangup \(hangup)" }
    }

    static func events(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    static func summary(_ events: [[String: Any]]) -> Summary {
        var s = Summary()
        for e in events {
            switch e["event"] as? String {
            case "node": s.nodes.append(e["id"] as? String ?? "")
            case "digit": s.digits.append(e["digit"] as? String ?? "")
            case "ticket": s.tickets.append("\(e["kind"] ?? "")@\(e["due"] ?? "")")
            case "hangup": s.hangup = e["by"] as? String ?? ""
            default: break
            }
        }
        return s
    }

    /// `key: value` from a fixture call's expectation file.
    static func expectation(_ call: String, _ key: String) throws -> String? {
        let text = try String(contentsOfFile: "\(calls)/\(call).expect.yaml", encoding: .utf8)
        return text.split(separator: "\n").first { $0.hasPrefix("\(key): ") }
            .map { String($0.dropFirst(key.count + 2)).trimmingCharacters(in: CharacterSet(charactersIn: " \"")) }
    }
}

/// `ivr serve` as a child process on a free port.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    let metricsPort: Int
    /// The line's RTP ports (its sent RTP comes from these).
    let rtpPorts: ClosedRange<Int>
    let data: String
    private let output: Pipe
    private(set) var log = ""

    init(data: String, extra: [String] = [], now: String = "2025-09-26T10:00:00+08:00") throws {
        self.data = data
        metricsPort = ServeSupport.freePort()
        rtpPorts = ServeSupport.rtpRange()
        process.executableURL = IVRProcess.executable
        process.arguments = ["serve", "--listen", "127.0.0.1:0", "--rtp-ports", "\(rtpPorts.lowerBound)-\(rtpPorts.upperBound)", "--data", data,
                             "--prompts", ServeSupport.root + "/Prompts", "--now", now,
                             "--metrics", "127.0.0.1:\(metricsPort)"] + extra
        output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // A line names the bound port (error lines, e.g. about the store, may come first).
        var text = ""
        let handle = output.fileHandleForReading
        while !text.contains("serve: listening on") || !text.hasSuffix("\n") {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        log = text
        let match = text.split(separator: "\n").first { $0.hasPrefix("serve: listening on 127.0.0.1:") }
        port = match.flatMap { Int($0.dropFirst("serve: listening on 127.0.0.1:".count).prefix { $0.isNumber }) } ?? 0
    }

    /// Sends a signal.
    func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

    /// SIGTERM (a second one if the line does not stop in time) and waits; returns the exit status and output.
    func stop(timeout: TimeInterval = 20) -> (Int32, String) {
        if process.isRunning { signal(SIGTERM) }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        log += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, log)
    }

    /// The call folders written so far.
    /// The per-call folders (`calls/<call-id>/` with its `events.jsonl`), not the day folders of the recordings.
    func callFolders() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: data + "/calls")) ?? []).sorted().map { data + "/calls/" + $0 }
            .filter { FileManager.default.fileExists(atPath: $0 + "/events.jsonl") }
    }
}
