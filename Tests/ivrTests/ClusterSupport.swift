import Foundation
import Testing

/// A whole cluster on loopback for the cluster tests (issue 14), all real: a PostgreSQL 15 server of its own
/// (Scripts/postgres.sh), Kamailio's dispatcher with the repository's deploy/kamailio/kamailio.cfg, and `ivr serve`
/// nodes sharing the store; sipp calls through the dispatcher. Every wait is bounded and says what it waited for.
final class Cluster: @unchecked Sendable {
    static let root = ServeSupport.root
    /// The fixed local time of every call (a Friday morning: business hours, working day).
    static let now = "2025-09-26T10:00:00+08:00"

    let dir: String
    let pgData: String
    let pgPort: Int
    let storeURL: String
    let sipPort: Int
    let kamailioLog: String
    let ctlSocket: String
    private(set) var nodes: [ClusterNode] = []
    private var kamailio: Spawned?

    /// Starts PostgreSQL, `count` nodes and Kamailio, and waits until the dispatcher sees every node up.
    init(nodes count: Int = 2) throws {
        // World-traversable: the server runs as user postgres when the tests run as root.
        dir = "/tmp/ivr-cluster-test-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        pgData = dir + "/pg"
        pgPort = Cluster.freeTCPPort()
        storeURL = "postgres://ivr@127.0.0.1:\(pgPort)/ivr"
        sipPort = ServeSupport.freePort()
        kamailioLog = dir + "/kamailio.log"
        ctlSocket = "unix:" + dir + "/kamailio/ctl"
        try startPostgres()
        for i in 0..<count {
            let node = ClusterNode(name: "node\(i + 1)", data: dir + "/node\(i + 1)", sipPort: ServeSupport.freePort(),
                                   rtpLow: ServeSupport.rtpRange().lowerBound, storeURL: storeURL, log: dir + "/node\(i + 1).log")
            try node.start()
            nodes.append(node)
        }
        try startKamailio()
        try waitFor("the dispatcher to see \(count) nodes up (log \(kamailioLog))", timeout: 30) {
            let states = self.dispatcherStates()
            return self.nodes.allSatisfy { states[$0.sipPort]?.hasPrefix("A") == true }
        }
    }

    /// Stops the nodes (SIGKILL: the tests are done with them), Kamailio and PostgreSQL, and removes the folder.
    func shutdown() {
        for n in nodes { n.kill9() }
        if let k = kamailio {
            k.signalGroup(SIGTERM)
            if k.wait(timeout: 10) == nil { k.signalGroup(SIGKILL) }
            k.wait(timeout: 5)
            k.signalGroup(SIGKILL)  // workers left behind, if any
        }
        stopPostgres()
        // IVR_KEEP_CLUSTER=1 keeps the logs (nodes, Kamailio, sipp) for a look after a failure.
        if ProcessInfo.processInfo.environment["IVR_KEEP_CLUSTER"] == nil { try? FileManager.default.removeItem(atPath: dir) }
    }

    // MARK: - PostgreSQL

    func startPostgres() throws {
        let r = try Cluster.run("/bin/bash", [Cluster.root + "/Scripts/postgres.sh", "start", pgData, "\(pgPort)"], timeout: 90)
        guard r.status == 0 else { throw ClusterError("PostgreSQL did not start on 127.0.0.1:\(pgPort): \(r.output)") }
    }

    func stopPostgres() {
        _ = try? Cluster.run("/bin/bash", [Cluster.root + "/Scripts/postgres.sh", "stop", pgData], timeout: 90)
    }

    /// One query's result rows (psql -tA: `|` between columns), or the error text.
    func sql(_ query: String) -> [String] {
        let r = try? Cluster.run("/usr/bin/psql", ["-h", "127.0.0.1", "-p", "\(pgPort)", "-U", "ivr", "-d", "ivr", "-tA",
                                                  "-v", "ON_ERROR_STOP=1", "-c", query], timeout: 30)
        guard let r, r.status == 0 else { return ["psql failed: \(r?.output ?? "not run")"] }
        return r.output.split(separator: "\n").map(String.init)
    }

    // MARK: - Kamailio

    private func startKamailio() throws {
        let run = dir + "/kamailio"
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        let list = run + "/dispatcher.list"
        try nodes.map { "1 sip:127.0.0.1:\($0.sipPort) 0 0 duid=\($0.name)" }.joined(separator: "\n").appending("\n")
            .write(toFile: list, atomically: true, encoding: .utf8)
        // One SIP worker (-n 1): with several, the node's 180 and 200 can be relayed by two workers in the wrong
        // order, and sipp aborts a call on a 180 after the 200 (which a real UA ignores).
        kamailio = try Spawned("/usr/sbin/kamailio", ["-n", "1", "-DD", "-E", "-f", Cluster.root + "/deploy/kamailio/kamailio.cfg", "-Y", run, "-m", "64", "-M", "8",
                       "-A", "DISPATCHER_LIST=\"\(list)\"", "-A", "LISTEN=udp:127.0.0.1:\(sipPort)", "-A", "CTL_SOCKET=\"\(ctlSocket)\""], output: kamailioLog)
    }

    /// Each node's dispatcher flags by SIP port (e.g. "AP" active and probing, "IP" inactive).
    func dispatcherStates() -> [Int: String] {
        guard let r = try? Cluster.run("/usr/sbin/kamcmd", ["-s", ctlSocket, "dispatcher.list"], timeout: 10), r.status == 0 else { return [:] }
        var out: [Int: String] = [:]
        var port: Int?
        for line in r.output.split(separator: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("URI:"), let colon = t.lastIndex(of: ":") { port = Int(t[t.index(after: colon)...]) }
            if t.hasPrefix("FLAGS:"), let port { out[port] = t.dropFirst(6).trimmingCharacters(in: .whitespaces) }
        }
        return out
    }

    /// The node port each SIP Call-ID was finally dispatched to (from Kamailio's log: "dispatch CID to URI").
    func dispatched() -> [String: Int] {
        let text = (try? String(contentsOfFile: kamailioLog, encoding: .utf8)) ?? ""
        var out: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            guard let r = line.range(of: "dispatch ") else { continue }
            let words = line[r.upperBound...].split(separator: " ")
            guard words.count >= 3, words[1] == "to", let colon = words[2].lastIndex(of: ":"),
                  let port = Int(words[2][words[2].index(after: colon)...].prefix { $0.isNumber }) else { continue }
            out[String(words[0])] = port
        }
        return out
    }

    // MARK: - Callers

    /// A caller scenario through the dispatcher: streams `audio` (raw µ-law) from the answer on, hangs up after
    /// `holdMs`.
    func callerScenario(audio: String, holdMs: Int) throws -> String {
        var text = try String(contentsOfFile: Cluster.root + "/Tests/Fixtures/cluster/uac-audio.xml.in", encoding: .utf8)
        text = text.replacingOccurrences(of: "@AUDIO@", with: audio).replacingOccurrences(of: "@HOLD_MS@", with: "\(holdMs)")
        let path = dir + "/uac-\(UUID().uuidString.prefix(8)).xml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// `seconds` of silence as raw µ-law.
    func silence(seconds: Double) throws -> String {
        let path = dir + "/silence-\(seconds).ulaw"
        try Data(repeating: 0xFF, count: Int(seconds * 8000)).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A caller recording made from a caller script (`ivr gen call`), as raw µ-law; returns the file and its seconds.
    func callerAudio(_ name: String, script: String) throws -> (path: String, seconds: Double) {
        let yaml = dir + "/\(name).yaml", wav = dir + "/\(name).wav", ulaw = dir + "/\(name).ulaw"
        try script.write(toFile: yaml, atomically: true, encoding: .utf8)
        let gen = try IVRProcess.run(["gen", "call", yaml, "-o", wav])
        guard gen.status == 0 else { throw ClusterError("ivr gen call \(name): \(gen.stderr)") }
        let sox = try Cluster.run("/usr/bin/sox", [wav, "-t", "ul", "-r", "8000", "-c", "1", ulaw], timeout: 60)
        guard sox.status == 0 else { throw ClusterError("sox \(name): \(sox.output)") }
        let bytes = (try FileManager.default.attributesOfItem(atPath: ulaw)[.size] as? Int) ?? 0
        return (ulaw, Double(bytes) / 8000)
    }

    /// Starts sipp against the dispatcher in the background (bounded by `timeout` seconds).
    func startCallers(_ scenario: String, calls: Int, concurrent: Int, rate: Double, timeout: Int) throws -> SippRun {
        try SippRun(scenario: scenario, target: "127.0.0.1:\(sipPort)", calls: calls, concurrent: concurrent, rate: rate,
                    timeout: timeout, dir: dir)
    }

    /// Waits until `condition` holds, polling every 0.1 s; throws naming `what` after `timeout` seconds.
    func waitFor(_ what: String, timeout: Double, _ condition: () -> Bool) throws {
        try Cluster.waitFor(what, timeout: timeout, condition)
    }

    static func waitFor(_ what: String, timeout: Double, _ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            if Date() > deadline { throw ClusterError("timed out after \(Int(timeout)) s waiting for \(what)") }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    /// Runs a tool with its output in a file, not a pipe (a daemon it starts, e.g. PostgreSQL, would hold a pipe
    /// open forever), killed after `timeout` seconds.
    /// (posix_spawn and waitpid here: Foundation's Process did not reap a script that started a daemon.)
    static func run(_ tool: String, _ args: [String], timeout: Double) throws -> ServeSupport.Run {
        let path = NSTemporaryDirectory() + "ivr-cluster-run-" + UUID().uuidString
        defer { unlink(path) }
        let child = try Spawned(tool, args, output: path, newGroup: false)
        guard let exit = child.wait(timeout: timeout) else {
            child.kill9()
            throw ClusterError("\(tool) \(args.joined(separator: " ")) did not finish within \(Int(timeout)) s")
        }
        return ServeSupport.Run(status: exit, output: (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
    }

    /// A free TCP port on loopback.
    /// Files under `dir` (recursively, relative paths) whose name passes `named`.
    static func files(under dir: String, named: (String) -> Bool) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: dir) else { return [] }
        var out: [String] = []
        while let item = walker.nextObject() as? String {
            if named((item as NSString).lastPathComponent) { out.append(item) }
        }
        return out
    }

    static func freeTCPPort() -> Int {
        for _ in 0..<200 {
            let p = Int.random(in: 40000...49000)
            let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(p).bigEndian)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            let ok = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            } == 0
            close(s)
            if ok { return p }
        }
        return 0
    }
}

/// A child process started with posix_spawn and reaped with waitpid (output appended to a file).
final class Spawned: @unchecked Sendable {
    let pid: pid_t
    private let lock = NSLock()
    private var status: Int32?

    init(_ tool: String, _ args: [String], output: String, newGroup: Bool = true) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = Spawned.cleanAttributes(newGroup: newGroup)
        defer { posix_spawnattr_destroy(&attributes) }
        let argv = ([tool] + args).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, tool, &actions, &attributes, argv, environ)
        guard rc == 0 else { throw ClusterError("cannot start \(tool): \(String(cString: strerror(rc)))") }
        self.pid = pid
    }

    /// Spawn attributes that give the child an empty signal mask and default signal actions (the test process's
    /// threads block signals, and Kamailio's timers stop dead with an inherited mask), and optionally a process
    /// group of its own (so that its workers can be signalled with it).
    static func cleanAttributes(newGroup: Bool) -> posix_spawnattr_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var flags = Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if newGroup {
            flags |= Int16(POSIX_SPAWN_SETPGROUP)
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        posix_spawnattr_setflags(&attributes, flags)
        return attributes
    }

    /// The exit status (128 + signal when killed), or `nil` while running.
    var exitStatus: Int32? {
        lock.lock()
        defer { lock.unlock() }
        if status == nil {
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid {
                status = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
            }
        }
        return status
    }

    var isRunning: Bool { exitStatus == nil }

    func signal(_ sig: Int32) {
        if isRunning { kill(pid, sig) }
    }

    /// Signals the child's whole process group (e.g. Kamailio and its workers).
    func signalGroup(_ sig: Int32) { kill(-pid, sig) }

    /// Waits up to `timeout` seconds; the exit status, or `nil` when still running.
    @discardableResult
    func wait(timeout: Double) -> Int32? {
        let by = Date().addingTimeInterval(timeout)
        while isRunning && Date() < by { Thread.sleep(forTimeInterval: 0.05) }
        return exitStatus
    }

    /// SIGKILL and reap.
    func kill9() {
        guard isRunning else { return }
        kill(pid, SIGKILL)
        wait(timeout: 10)
    }
}

/// A cluster test's failure, with what it was waiting for or what failed.
struct ClusterError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// One `ivr serve` node of a cluster: its own SIP port, RTP range and data folder; the shared store.
final class ClusterNode: @unchecked Sendable {
    let name: String
    let data: String
    let sipPort: Int
    let rtpLow: Int
    let storeURL: String
    let log: String
    private(set) var process: Spawned?

    init(name: String, data: String, sipPort: Int, rtpLow: Int, storeURL: String, log: String) {
        self.name = name
        self.data = data
        self.sipPort = sipPort
        self.rtpLow = rtpLow
        self.storeURL = storeURL
        self.log = log
    }

    /// Starts (or restarts) the node on the same folder, and waits for its "listening" line.
    func start() throws {
        let args = ["serve", "--listen", "127.0.0.1:\(sipPort)", "--rtp-ports", "\(rtpLow)-\(rtpLow + 300)", "--data", data,
                       "--prompts", Cluster.root + "/Prompts", "--store", storeURL, "--allow", "127.0.0.0/8", "--now", Cluster.now,
                    "--node", name]
        let before = logText().components(separatedBy: "serve: listening").count
        let p = try Spawned(IVRProcess.executable.path, args, output: log)
        process = p
        try Cluster.waitFor("\(name) to listen on 127.0.0.1:\(sipPort) (log \(log): \(logText().suffix(400)))", timeout: 30) {
            logText().components(separatedBy: "serve: listening").count > before || !p.isRunning
        }
        guard p.isRunning else { throw ClusterError("\(name) exited at start: \(logText().suffix(800))") }
    }

    func logText() -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    var isRunning: Bool { process?.isRunning ?? false }

    /// SIGKILL, as a crash: nothing is flushed or closed.
    func kill9() { process?.kill9() }

    func signal(_ sig: Int32) { process?.signal(sig) }

    /// Waits for the node to exit; its status, or `nil` when it is still running after `timeout` seconds.
    func waitExit(timeout: Double) -> Int32? { process?.wait(timeout: timeout) }

    /// The node's calls: SIP Call-ID → its events.
    func calls() -> [String: [[String: Any]]] {
        var out: [String: [[String: Any]]] = [:]
        let folder = data + "/calls"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            let path = "\(folder)/\(name)/events.jsonl"
            guard let events = try? ServeSupport.events(path), let answer = events.first,
                  let sip = answer["sip_call_id"] as? String else { continue }
            out[sip] = events
        }
        return out
    }
}

/// sipp running in the background against the dispatcher; always bounded.
final class SippRun: @unchecked Sendable {
    private var process: Spawned!
    let output: String
    let timeout: Int

    init(scenario: String, target: String, calls: Int, concurrent: Int, rate: Double, timeout: Int, dir: String) throws {
        self.timeout = timeout
        let port = ServeSupport.freePort(), media = ServeSupport.freePort()
        output = dir + "/sipp-\(port).out"
        // Rate as calls per `-rp` ms, so fractions of a call per second work.
        let args = ["-sf", scenario, "-m", "\(calls)", "-l", "\(concurrent)", "-r", "\(Int(rate * 10))", "-rp", "10000",
                             "-i", "127.0.0.1", "-p", "\(port)", "-mp", "\(media)", "-timeout", "\(timeout)s",
                             "-recv_timeout", "20s", "-timeout_error", "-nostdin", "-trace_err",
                             "-error_file", "\(dir)/sipp-\(port)-errors.log", target]
        process = try Spawned(ServeSupport.sipp, args, output: output)
    }

    /// Waits for sipp's end (it bounds itself by -timeout; this kills it 30 s later at the latest).
    @discardableResult
    func wait() -> (status: Int32, successful: Int, failed: Int) {
        var status = process.wait(timeout: Double(timeout) + 30)
        if status == nil {
            process.kill9()
            status = process.exitStatus
        }
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        return (status ?? -1, Self.count(text, "Successful call"), Self.count(text, "Failed call"))
    }

    /// sipp's SIP Call-IDs seen in its output are not printed; the cumulative column of the last stats screen is.
    static func count(_ text: String, _ label: String) -> Int {
        guard let line = text.split(separator: "\n").last(where: { $0.contains(label) }) else { return -1 }
        return Int(line.split(separator: "|").last?.trimmingCharacters(in: .whitespaces) ?? "") ?? -1
    }

    var text: String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }
}
