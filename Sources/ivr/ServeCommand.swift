import ArgumentParser
import Foundation
import IVREngine
import Logging
import SIPLine
import TicketStore
import WorkingDays

/// `ivr serve`: the hotline over SIP/RTP, many calls at once.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Answer the hotline over SIP/RTP (G.711), many calls at once.",
        discussion: """
        Each call runs the national menu as `ivr call` does, fed 20 ms RTP frames; its event log goes to \
        <data>/calls/<call-id>/events.jsonl. Only sources in --allow may call (default: loopback). SIGTERM drains \
        (new INVITEs get 503, calls run to their end, exit 0); a second SIGTERM ends the remaining calls with the \
        goodbye and BYE.
        Example: ivr serve --listen 0.0.0.0:5060 --allow 10.0.0.0/8 --metrics 127.0.0.1:9090
        """)

    @Option(help: "SIP listen address, HOST:PORT (UDP; port 0 picks a free port, printed at start).") var listen: String
    @Option(help: "RTP port range, LOW-HIGH.") var rtpPorts = "20000-29999"
    @OptionGroup var files: FileOptions
    @OptionGroup var storeOption: StoreOption
    @Option(help: "A source network allowed to call, CIDR (repeatable; default loopback only).") var allow: [String] = []
    @Option(help: "SIP URI the agent node transfers calls to (REFER).") var agentURI: String?
    @Option(help: "Calls at once; more get 503.") var maxCalls = 500
    @Option(help: "Milliseconds of ringing (180) before the answer.") var ring = 0
    @Option(help: "Fix the local time of every call, ISO 8601 (tests, demos).") var now: String?
    @Option(help: "Serve Prometheus metrics on HOST:PORT (GET /metrics).") var metrics: String?
    @Option(help: "This node's name on its tickets and calls in a shared store (default: the host name).") var node: String?

    func validate() throws {
        guard Serve.hostPort(listen) != nil else { throw ValidationError("--listen \(listen): write HOST:PORT, e.g. 127.0.0.1:5060") }
        guard Serve.portRange(rtpPorts) != nil else { throw ValidationError("--rtp-ports \(rtpPorts): write LOW-HIGH, e.g. 20000-29999") }
        for a in allow where AddressRange(a) == nil { throw ValidationError("--allow \(a): not an address or CIDR network") }
        if let metrics, Serve.hostPort(metrics) == nil { throw ValidationError("--metrics \(metrics): write HOST:PORT") }
        if let agentURI, !agentURI.hasPrefix("sip:") { throw ValidationError("--agent-uri \(agentURI): write a SIP URI, e.g. sip:agents@10.0.0.5") }
        if maxCalls < 1 { throw ValidationError("--max-calls must be at least 1") }
        if let node, !(1...64).contains(node.count) || node.contains(where: { $0.isWhitespace || $0.isNewline }) {
            throw ValidationError("--node \(node): give 1-64 characters without spaces, e.g. node1")
        }
        if let now, (try? LineSetup.now(now)) == nil { throw ValidationError("--now \(now): not an ISO 8601 date-time") }
    }

    static func hostPort(_ s: String) -> (String, Int)? {
        guard let colon = s.lastIndex(of: ":"), let port = Int(s[s.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        var host = String(s[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }

    static func portRange(_ s: String) -> ClosedRange<Int>? {
        let p = s.split(separator: "-").compactMap { Int($0) }
        guard p.count == 2, p[0] >= 1024, p[0] < p[1], p[1] <= 65535 else { return nil }
        return p[0]...p[1]
    }

    func run() throws {
        var logger = Logger(label: "ivr.serve")
        logger.logLevel = .warning
        let shared: LineSetup.Shared
        let data = files.dataDirectory
        do { shared = try LineSetup.loadShared(files, logger: logger) } catch {
            printError("\(error)")
            throw ExitCode.failure
        }
        let fixedNow = try now.map { try shared.now($0) }
        let startTime = try fixedNow ?? shared.now(nil)
        let services = shared.services(data: data, store: storeOption.resolved, now: startTime.instant, node: node,
                                       logger: logger)
        if let store = services.store as? any ManagedTicketStore {
            for t in store.recovery.recovered { say("serve: recovered ticket \(t.number) from a recording a crash or a store outage left") }
        }
        // Calls a store outage kept out of the call index are indexed now (and every 5 s while the node runs).
        CallArchive.retryBacklog(services: services, logger: logger)
        let store = StoreSlot(services.store as? any ManagedTicketStore)
        let (host, port) = Serve.hostPort(listen)!
        var config = ServeConfiguration(host: host, port: port, rtpPorts: Serve.portRange(rtpPorts)!,
                                        allow: allow.isEmpty ? AddressRange.loopback : allow.compactMap(AddressRange.init),
                                        agentURI: agentURI, maxCalls: maxCalls, ringMilliseconds: ring, now: fixedNow)
        // Every call keeps its QA recording as `ivr line` does (calls/YYYY/MM/DD/<id>.flac, from the end of the
        // recording notice, the caller's channel silent inside an identity check), and every finished call goes into
        // the call index of the store (shared by the nodes with --store postgres://…) with its recording.
        config.makeTap = { [data] id, moment in
            RecordingTap(recorder: CallRecorder(dataDirectory: data, dayFolder: CallArchive.dayFolder(moment), callID: id))
        }
        config.callLogged = { [services, store, logger] text, tap in
            var recordingPath: String?
            if let tap = tap as? RecordingTap {
                if let failure = tap.failure {
                    tap.recorder.abandon()
                    logger.error("\(failure); this call is not recorded")
                } else {
                    do { recordingPath = try tap.recorder.finish() } catch { logger.error("\(error); this call is not recorded") }
                }
            }
            var current = services
            current.store = store.current
            CallArchive.index(eventsJSONL: text, recordingPath: recordingPath, services: current, logger: logger)
        }
        let server = LineServer(configuration: config, services: services, logger: logger)
        // Every 5 s: a store that was away at the start is opened again (calls answered after that use it), and
        // calls kept out of the index meanwhile go in.
        let storeURL = storeOption.resolved
        if store.current == nil { say("serve: answering without the ticket store for now; opening it again every 5 s") }
        let maintenance = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "ivr.serve.store"))
        maintenance.schedule(deadline: .now() + 5, repeating: 5)
        maintenance.setEventHandler { [services, shared, logger] in
            var current = services
            if let open = store.current {
                current.store = open
            } else {
                // The failure was logged at the start; a retry that fails again says nothing.
                guard let opened = try? StoreOpening.open(store: storeURL, data: data, calendar: shared.calendar, settings: shared.settings,
                                                          now: fixedNow?.instant ?? Date(), node: node, logger: logger) else { return }
                store.set(opened)
                server.attachStore(opened)
                current.store = opened
                let recovered = opened.recovery.recovered.count
                say("serve: the ticket store is open now; new calls use it\(recovered > 0 ? "; \(recovered) kept message(s) filed as tickets" : "")")
            }
            CallArchive.retryBacklog(services: current, logger: logger)
        }
        maintenance.resume()
        defer { maintenance.cancel() }
        // Signals are handled here, never by libre (the shim runs re_main without handlers).
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
        let bound: Int
        do { bound = try server.start() } catch {
            printError("cannot listen on \(listen): \(error); pick a free port or check the address")
            throw ExitCode.failure
        }
        if let metrics, let (mh, mp) = Serve.hostPort(metrics) {
            do { try server.serveMetrics(host: mh, port: mp) } catch {
                server.stop()
                printError("\(error)")
                throw ExitCode.failure
            }
        }
        let stops = StopCounter()
        let queue = DispatchQueue(label: "ivr.serve.signals")
        let sources = [SIGTERM, SIGINT].map { sig -> any DispatchSourceSignal in
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler {
                if stops.increment() == 1 {
                    say("serve: draining: new calls get 503; \(server.activeCalls) call(s) run to their end")
                    server.drain()
                } else {
                    say("serve: ending \(server.activeCalls) call(s) with the goodbye")
                    server.hangUpAll()
                }
            }
            source.resume()
            return source
        }
        say("serve: listening on \(host):\(bound) (SIP/UDP); allow \(config.allow.map(\.description).joined(separator: ", "))")
        while !(stops.count > 0 && server.waitUntilIdle(timeout: 0.2)) {
            if stops.count == 0 { Thread.sleep(forTimeInterval: 0.2) }
        }
        for s in sources { s.cancel() }
        let c = server.counters
        server.stop()
        say("serve: stopped; \(c?.sipMalformed ?? 0) malformed SIP datagrams, \(c?.rtpStray ?? 0) stray RTP packets dropped")
    }
}

/// One line on standard output, unbuffered (tests and supervisors read it as it happens).
private func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Counts SIGTERM/SIGINT deliveries (first drains, second hangs up).
/// The store `ivr serve` runs with, set once when it opens after the start. `@unchecked Sendable`: the value is
/// only reached under the lock.
final class StoreSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var store: (any ManagedTicketStore)?
    init(_ store: (any ManagedTicketStore)?) { self.store = store }
    var current: (any ManagedTicketStore)? {
        lock.lock()
        defer { lock.unlock() }
        return store
    }
    func set(_ store: any ManagedTicketStore) {
        lock.lock()
        self.store = store
        lock.unlock()
    }
}

final class StopCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        n += 1
        return n
    }
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return n
    }
}
