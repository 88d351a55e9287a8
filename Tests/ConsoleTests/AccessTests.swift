import Console
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TicketStore
import IVREngine
import Supervision

/// Access rules: every page and action needs a session, the right role, and (for actions) the session's CSRF token.
@Suite struct AccessTests {
    /// Pages (GET) and actions (POST) of the console, with the lowest role allowed.
    static let pages = ["/tickets", "/tickets/100017", "/tickets/100017/recording", "/prompts", "/prompts/cmn/welcome/audio",
                        "/audit/listens", "/accounts", "/reports", "/reports/report.html", "/qa", "/line", "/line/events",
                        "/calls/call-1/recording"]
    static let actions = ["/tickets/100017/answer", "/tickets/100017/close", "/tickets/100017/assign", "/accounts",
                          "/prompts/cmn/welcome/rollback", "/prompts/cmn/welcome/install", "/logout",
                          "/line/default/state", "/qa/sample", "/qa/call-1/score"]

    @Test(arguments: Backend.allCases) func everyPageAndActionIsRefusedWithoutLogin(_ backend: Backend) async throws {
        let f = try ConsoleFixture(backend)
        defer { f.remove() }
        try await f.app.test(.router) { client in
            for path in Self.pages {
                try await client.execute(uri: path, method: .get) { r in
                    #expect(r.status == .seeOther, "\(path)")
                    #expect(r.headers[.location]?.hasPrefix("/login?next=") == true, "\(path)")
                }
            }
            for path in Self.actions {
                try await client.execute(uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                         body: ByteBuffer(string: "csrf=x&note=n&to=zhang&name=evil&role=admin&password=0123456789")) { r in
                    #expect(r.status == .unauthorized, "\(path)")
                }
            }
        }
        #expect(try f.store.ticket(number: f.overdue.number)?.status == .open)
        #expect(try f.store.staffAccounts().count == 3)
        #expect(try f.store.listens().isEmpty)
    }

    @Test(arguments: Backend.allCases) func wrongRoleIsRefused(_ backend: Backend) async throws {
        let f = try ConsoleFixture(backend)
        defer { f.remove() }
        try await f.app.test(.router) { client in
            let agent = try await f.login(client, "zhang")
            for path in ["/prompts", "/prompts/cmn/welcome/audio", "/audit/listens", "/accounts", "/reports", "/reports/report.html",
                         "/qa", "/line", "/line/events", "/calls/call-1/recording"] {
                try await client.execute(uri: path, method: .get, headers: agent.headers) { r in #expect(r.status == .forbidden, "\(path)") }
            }
            for path in ["/accounts", "/prompts/cmn/welcome/rollback", "/prompts/cmn/welcome/install", "/line/default/state",
                         "/qa/sample", "/qa/call-1/score"] {
                let (h, b) = agent.form("csrf=\(agent.csrf)&name=evil&role=admin&password=0123456789")
                try await client.execute(uri: path, method: .post, headers: h, body: b) { r in #expect(r.status == .forbidden, "\(path)") }
            }
            let supervisor = try await f.login(client, "li")
            try await client.execute(uri: "/prompts", method: .get, headers: supervisor.headers) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/accounts", method: .get, headers: supervisor.headers) { r in #expect(r.status == .forbidden) }
            for path in ["/accounts", "/prompts/cmn/welcome/rollback", "/prompts/cmn/welcome/install"] {
                let (h, b) = supervisor.form("csrf=\(supervisor.csrf)&name=evil&role=admin&password=0123456789")
                try await client.execute(uri: path, method: .post, headers: h, body: b) { r in #expect(r.status == .forbidden, "\(path)") }
            }
            let admin = try await f.login(client, "wang")
            try await client.execute(uri: "/accounts", method: .get, headers: admin.headers) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("工作人员账号"))
            }
        }
        #expect(try f.store.staffAccounts().map(\.name) == ["li", "wang", "zhang"])
        #expect(try f.store.lineState(line: "default").state == .inService)
    }

    @Test(arguments: Backend.allCases) func csrfIsRefused(_ backend: Backend) async throws {
        let f = try ConsoleFixture(backend)
        defer { f.remove() }
        let number = f.overdue.number
        try await f.app.test(.router) { client in
            let agent = try await f.login(client, "zhang")
            for body in ["note=done", "csrf=&note=done", "csrf=\(String(agent.csrf.reversed()))&note=done"] {
                let (h, b) = agent.form(body)
                try await client.execute(uri: "/tickets/\(number)/answer", method: .post, headers: h, body: b) { r in
                    #expect(r.status == .forbidden, "\(body)")
                }
            }
            // Another session's token is not this session's.
            let other = try await f.login(client, "li")
            let (h, b) = agent.form("csrf=\(other.csrf)&note=done")
            try await client.execute(uri: "/tickets/\(number)/answer", method: .post, headers: h, body: b) { r in #expect(r.status == .forbidden) }
            // Login without the pre-login cookie.
            try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "csrf=abc&name=zhang&password=\(ConsoleFixture.password)")) { r in
                #expect(r.status == .forbidden)
                #expect(cookieValue(r, CookieNames.session) == nil)
            }
        }
        #expect(try f.store.ticket(number: number)?.status == .open)
        #expect(try f.store.auditTrail(number: number).count == 1)
    }

    @Test(arguments: Backend.allCases) func sessionCookieIsSecureHttpOnlyStrictAndExpires(_ backend: Backend) async throws {
        let f = try ConsoleFixture(backend)
        defer { f.remove() }
        try await f.app.test(.router) { client in
            let loginCookie = try await client.execute(uri: "/login", method: .get) { try #require(cookieValue($0, CookieNames.login)) }
            try await client.execute(uri: "/login", method: .post,
                                     headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "ivr_login_csrf=\(loginCookie)"],
                                     body: ByteBuffer(string: "csrf=\(loginCookie)&name=zhang&password=\(ConsoleFixture.password)&next=%2F%2Fevil.example")) { r in
                #expect(r.status == .seeOther)
                #expect(r.headers[.location] == "/tickets")
                let cookie = try #require(r.headers[values: .setCookie].first { $0.hasPrefix("ivr_session=") })
                for attribute in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/", "Max-Age=28800"] {
                    #expect(cookie.contains(attribute), "\(attribute) in \(cookie)")
                }
            }
            // Logout ends the session in the store.
            let agent = try await f.login(client, "zhang")
            let (h, b) = agent.form("csrf=\(agent.csrf)")
            try await client.execute(uri: "/logout", method: .post, headers: h, body: b) { r in #expect(r.status == .seeOther) }
            try await client.execute(uri: "/tickets", method: .get, headers: agent.headers) { r in #expect(r.status == .seeOther) }
        }
    }

    /// One login attempt as zhang through the form.
    static func attempt(_ client: some TestClientProtocol, _ password: String) async throws -> HTTPResponse.Status {
        let loginCookie = try await client.execute(uri: "/login", method: .get) { try #require(cookieValue($0, CookieNames.login)) }
        return try await client.execute(uri: "/login", method: .post,
                                        headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "ivr_login_csrf=\(loginCookie)"],
                                        body: ByteBuffer(string: "csrf=\(loginCookie)&name=zhang&password=\(password)")) { $0.status }
    }

    @Test(arguments: Backend.allCases) func loginIsThrottled(_ backend: Backend) async throws {
        let f = try ConsoleFixture(backend)
        defer { f.remove() }
        // A second console on the same store (a cluster's second console host; or this one restarted), and the same
        // console once the pause has passed.
        func console(at now: Date) throws -> some ApplicationProtocol {
            var config = ConsoleConfiguration()
            config.bcryptCost = 4
            config.now = { now }
            config.promptsDirectory = repositoryRoot.appendingPathComponent("Prompts").path
            return Application(router: try Console(store: f.store, configuration: config).router(),
                               configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        }
        // Five failures spread over two consoles count together: the failures are in the store.
        try await f.app.test(.router) { client in
            for _ in 0..<3 {
                let status = try await Self.attempt(client, "wrong-password")
                #expect(status == .unauthorized)
            }
        }
        try await console(at: consoleNow).test(.router) { client in
            for _ in 0..<2 {
                let status = try await Self.attempt(client, "wrong-password")
                #expect(status == .unauthorized)
            }
        }
        try await f.app.test(.router) { client in
            // The right password is refused too until the pause has passed.
            let status = try await Self.attempt(client, ConsoleFixture.password)
            #expect(status == .tooManyRequests)
        }
        let later = consoleNow.addingTimeInterval(ConsoleConfiguration().loginLockout + 1)
        try await console(at: later).test(.router) { client in
            let status = try await Self.attempt(client, ConsoleFixture.password)
            #expect(status == .seeOther)
        }
    }

    @Test(arguments: Backend.allCases) func unknownNameAndWrongPasswordGetTheSameAnswer(_ backend: Backend) async throws {
        let f = try ConsoleFixture(backend)
        defer { f.remove() }
        try await f.app.test(.router) { client in
            let loginCookie = try await client.execute(uri: "/login", method: .get) { try #require(cookieValue($0, CookieNames.login)) }
            var pages: [String] = []
            for name in ["nobody", "zhang"] {
                try await client.execute(uri: "/login", method: .post,
                                         headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "ivr_login_csrf=\(loginCookie)"],
                                         body: ByteBuffer(string: "csrf=\(loginCookie)&name=\(name)&password=wrong-password")) { r in
                    #expect(r.status == .unauthorized)
                    pages.append(r.text.contains("用户名或密码不正确") ? "same" : r.text)
                }
            }
            #expect(pages == ["same", "same"])
        }
    }
}
