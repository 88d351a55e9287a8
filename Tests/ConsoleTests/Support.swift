import AudioIO
import Console
import Foundation
import Hummingbird
import HummingbirdTesting
import IVREngine
import Logging
import NIOCore
import PostgresStore
import PostgresTestServer
import Testing
import TicketStore
import WorkingDays

/// The repository folder (for the shipped calendar and prompts).
let repositoryRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url
}()

/// 2025-09-26T10:00:00+08:00, a Friday inside business hours (the console's clock in these tests).
let consoleNow = LocalDateTime(iso8601: "2025-09-26T10:00:00+08:00")!.instant

/// A fresh temporary folder (0700).
func temporaryFolder(_ tag: String) -> String {
    let path = NSTemporaryDirectory() + "\(tag)-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    return path
}

/// A 440 Hz tone at 8 kHz.
func tone(seconds: Double) -> [Int16] {
    (0..<Int(seconds * 8000)).map { Int16(8000 * sin(2 * Double.pi * 440 * Double($0) / 8000)) }
}

/// The store backends the console tests run against: SQLite in the data folder (one machine) and PostgreSQL (the
/// store of a cluster; a real server started by `PostgresTestServer`, never skipped).
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }
}

/// A real store in a temporary folder with three staff (one per role) and three open tickets: overdue (due
/// Thursday), due today (Friday) and due Tuesday, each with a recorded message. On PostgreSQL the store is a
/// database of the fixture's own, and the messages live in it (none in the data folder).
struct ConsoleFixture {
    let data: String
    let backend: Backend
    let store: any ManagedTicketStore
    let console: Console
    let overdue: TicketInfo, dueToday: TicketInfo, dueTuesday: TicketInfo
    static let password = "correct-horse-battery"

    init(_ backend: Backend = .sqlite, prompts: String? = nil) throws {
        data = temporaryFolder("console")
        self.backend = backend
        let calendar = try WorkingDayCalendar.load(directory: repositoryRoot.appendingPathComponent("Prompts/calendar").path)
        let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        switch backend {
        case .sqlite:
            store = try SQLiteTicketStore(dataDirectory: data, calendar: calendar, now: consoleNow, logger: quiet)
        case .postgres:
            store = try PostgresTicketStore(url: TestPostgres.database(for: data), dataDirectory: data, calendar: calendar,
                                            now: consoleNow, retryInterval: nil, logger: quiet)
        }
        for (name, role) in [("zhang", StaffRole.agent), ("li", .supervisor), ("wang", .admin)] {
            try store.addStaff(name: name, role: role, passwordHash: Console.hashPassword(Self.password, cost: 4), at: consoleNow)
        }
        let store = self.store, scratch = data
        func open(_ due: String, caller: String, kind: TicketKind = .voicemail) throws -> TicketInfo {
            try store.openTicket(TicketRequest(kind: kind, callerNumber: caller, menuPath: ["main", "voicemail"],
                                               createdAt: consoleNow.addingTimeInterval(-86400 * 3), dueDate: CivilDate(iso: due)!,
                                               recording: .file(path: finishedRecording(tone(seconds: 1.5), in: scratch)), details: [:], callID: "call-\(due)"))
        }
        overdue = try open("2025-09-25", caller: "13800138000")
        dueToday = try open("2025-09-26", caller: "13911112222", kind: .complaint)
        dueTuesday = try open("2025-09-30", caller: "02087654321", kind: .document)
        var config = ConsoleConfiguration()
        config.bcryptCost = 4
        config.now = { consoleNow }
        config.promptsDirectory = prompts ?? repositoryRoot.appendingPathComponent("Prompts").path
        console = try Console(store: store, configuration: config)
    }

    func remove() {
        (store as? PostgresTicketStore)?.close()
        try? FileManager.default.removeItem(atPath: data)
    }

    /// The application under test.
    var app: some ApplicationProtocol { Application(router: console.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0))) }

    /// Logs in through the form (GET /login for its CSRF cookie, then POST) and returns the session's cookie
    /// header value and CSRF token.
    func login(_ client: some TestClientProtocol, _ name: String, password: String = ConsoleFixture.password) async throws -> Staff {
        let loginCookie = try await client.execute(uri: "/login", method: .get) { response in
            try #require(cookieValue(response, CookieNames.login))
        }
        let body = "csrf=\(loginCookie)&name=\(name)&password=\(password)&next=%2Ftickets"
        let token = try await client.execute(uri: "/login", method: .post,
                                             headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "ivr_login_csrf=\(loginCookie)"],
                                             body: ByteBuffer(string: body)) { response in
            try #require(response.status == .seeOther)
            return try #require(cookieValue(response, CookieNames.session))
        }
        let hash = Console.sessionTokenHash(token)
        let session = try #require(try store.session(tokenHash: hash, now: consoleNow))
        return Staff(cookie: "ivr_session=\(token)", csrf: session.csrf)
    }
}

/// A logged-in staff member in a test.
struct Staff {
    let cookie: String
    let csrf: String
    var headers: HTTPFields { [.cookie: cookie] }
    func form(_ body: String) -> (HTTPFields, ByteBuffer) {
        ([.cookie: cookie, .contentType: "application/x-www-form-urlencoded"], ByteBuffer(string: body))
    }
}

enum CookieNames {
    static let session = "ivr_session"
    static let login = "ivr_login_csrf"
}

/// The value of cookie `name` set by a response.
func cookieValue(_ response: TestResponse, _ name: String) -> String? {
    for header in response.headers[values: .setCookie] where header.hasPrefix(name + "=") {
        let value = header.dropFirst(name.count + 1).prefix { $0 != ";" }
        if !value.isEmpty { return String(value) }
    }
    return nil
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

/// A finished WAV of `samples` in `folder`'s scratch space (stores receive finished files only).
func finishedRecording(_ samples: [Int16], in folder: String) throws -> String {
    let path = folder + "/scratch/message-" + UUID().uuidString + ".wav"
    try SoundFile.writeWAV(samples, to: path)
    return path
}
