import Foundation
package import PostgresStore
package import IVREngine

/// A real PostgreSQL 15 server for the tests: the one named by `IVR_TEST_POSTGRES` (a `postgres://` address of a
/// role that may create databases) when set, else one this test process starts itself with Scripts/postgres.sh
/// (its own data folder and port) and stops when it exits. No server is a test failure, never a skip.
package enum TestPostgres {
    /// The server's base address (database `ivr`), or why there is none.
    package static let server: Result<PostgresURL, TicketStorageError> = {
        if let given = ProcessInfo.processInfo.environment["IVR_TEST_POSTGRES"], !given.isEmpty {
            return Result { try PostgresURL(given) }.mapError { $0 as? TicketStorageError ?? TicketStorageError(.failure, path: given, message: "\($0)") }
        }
        return startOwnServer()
    }()

    /// The data folder of the server this process started (stopped at exit).
    nonisolated(unsafe) private static var ownFolder: String?

    private static func startOwnServer() -> Result<PostgresURL, TicketStorageError> {
        // World-traversable parent: the server runs as user postgres when the tests run as root.
        let base = "/tmp/ivr-test-pg-\(getpid())"
        try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        var port = 0
        for _ in 0..<50 {
            let p = Int.random(in: 50000...59000)
            let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(p).bigEndian)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            let free = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            } == 0
            close(s)
            if free { port = p; break }
        }
        let (status, out) = runCapturing(["bash", repositoryRoot + "/Scripts/postgres.sh", "start", base + "/data", String(port)])
        guard status == 0, let line = out.split(separator: "\n").last(where: { $0.hasPrefix("postgres://") }) else {
            return .failure(TicketStorageError(.failure, path: base + "/data",
                                               message: "cannot start PostgreSQL for the store suite (\(out.trimmingCharacters(in: .whitespacesAndNewlines))); run Scripts/setup.sh (postgresql-15)"))
        }
        ownFolder = base
        atexit {
            guard let base = TestPostgres.ownFolder else { return }
            _ = runCapturing(["bash", repositoryRoot + "/Scripts/postgres.sh", "stop", base + "/data"])
            try? FileManager.default.removeItem(atPath: base)
        }
        return Result { try PostgresURL(String(line)) }.mapError { $0 as? TicketStorageError ?? TicketStorageError(.failure, path: String(line), message: "\($0)") }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var created: Set<String> = []

    /// The address of a database of this test's own, named after the data folder (the same folder reopens the
    /// same database), created when first asked for.
    package static func database(for dir: String) throws -> PostgresURL {
        var url = try server.get()
        // FNV-1a of the folder path: a stable name per folder.
        let hash = dir.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        let name = "t_" + String(hash, radix: 16)
        lock.lock()
        defer { lock.unlock() }
        if !created.contains(name) {
            let (status, out) = runCapturing(["psql", "-h", url.host, "-p", String(url.port), "-U", url.user, "-d", url.database,
                                              "-v", "ON_ERROR_STOP=1", "-qc", "CREATE DATABASE \(name)"])
            guard status == 0 || out.contains("already exists") else {
                throw TicketStorageError(.failure, path: url.redacted, message: "cannot create database \(name): \(out)")
            }
            created.insert(name)
        }
        url.database = name
        return url
    }
}

/// The repository's root folder (for Scripts/postgres.sh).
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// Runs a command, returning its exit status and its output and error text. posix_spawn and waitpid, with the
/// output in a file and a clean signal mask: Foundation's Process did not reap a script that started a daemon
/// (PostgreSQL), and a daemon must not inherit a pipe it would hold open.
package func runCapturing(_ args: [String]) -> (Int32, String) {
    let outPath = NSTemporaryDirectory() + "ivr-run-" + UUID().uuidString
    defer { unlink(outPath) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t(), all = sigset_t()
    sigemptyset(&none)
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    let argv = (["/usr/bin/env"] + args).map { strdup($0) } + [nil]
    defer { for a in argv { free(a) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, "/usr/bin/env", &actions, &attributes, argv, environ)
    guard rc == 0 else { return (-1, "cannot run \(args.first ?? ""): \(String(cString: strerror(rc)))") }
    var status: Int32 = 0
    let deadline = Date().addingTimeInterval(120)
    while waitpid(pid, &status, WNOHANG) == 0 {
        if Date() > deadline {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
            return (-1, "\(args.joined(separator: " ")) did not finish within 120 s")
        }
        usleep(20_000)
    }
    let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return (exit, String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self))
}
