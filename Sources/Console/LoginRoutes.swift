import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import TicketStore

extension Console {
    func addLoginRoutes(_ router: Router<ConsoleContext>) {
        router.get("/login") { request, context -> Response in
            if context.session != nil { return Self.redirect("/tickets") }
            return try loginPage(next: request.uri.queryParameters["next"].map(String.init) ?? "/tickets", error: nil)
        }
        router.post("/login") { request, context -> Response in
            try await login(request, context)
        }
        router.post("/logout") { request, context -> Response in
            let (_, _) = try await request.staffForm(context, .tickets, limit: configuration.maxFormBytes)
            if let token = request.cookies[Sessions.cookieName]?.value { try store.deleteSession(tokenHash: Sessions.hash(token)) }
            var headers = HTTPFields()
            headers[.setCookie] = Sessions.cookie(name: Sessions.cookieName, value: "", maxAge: 0, secure: configuration.secureCookies)
            return Self.redirect("/login", headers: headers)
        }
    }

    /// The login form with a fresh pre-login CSRF cookie.
    func loginPage(next: String, error: String?, status: HTTPResponse.Status = .ok) throws -> Response {
        let token = Sessions.newToken()
        var headers = HTTPFields()
        headers[.setCookie] = Sessions.cookie(name: Sessions.loginCookieName, value: token, maxAge: 3600, secure: configuration.secureCookies)
        var values: [String: Any] = ["loginCSRF": token, "next": Self.safeNext(next), "noStaff": try store.staffAccounts().isEmpty]
        if let error { values["error"] = error }
        return page("login", title: "登录", session: nil, values: values, status: status, extraHeaders: headers)
    }

    /// Only a local path is followed after login (never `//host` or a scheme).
    static func safeNext(_ next: String) -> String {
        guard next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), next.count < 200,
              !next.unicodeScalars.contains(where: { $0.value < 0x21 }) else { return "/tickets" }
        return next
    }

    func login(_ request: Request, _ context: ConsoleContext) async throws -> Response {
        let form = try await request.urlEncodedForm(limit: configuration.maxFormBytes)
        guard let cookie = request.cookies[Sessions.loginCookieName]?.value, let sent = form["csrf"], Sessions.equal(cookie, sent) else {
            throw ConsoleError.badCSRF
        }
        let name = try form.text("name", label: "用户名", max: 32)
        let password = form["password"] ?? ""
        let next = form["next"] ?? "/tickets"
        // The store keeps only hashes of the keys: whatever was typed as a name (a password, by mistake) is not kept.
        let keys = [Sessions.hash("name:" + name), Sessions.hash("addr:" + context.clientAddress)]
        let now = configuration.now()
        guard try throttle.allowed(keys, now: now) else {
            return try loginPage(next: next, error: "登录失败次数过多，请 \(Int(configuration.loginLockout / 60)) 分钟后再试。",
                                 status: .tooManyRequests)
        }
        // Counted as a failure before the (slow) password check, so parallel attempts cannot all slip under the
        // limit; a success clears it.
        try throttle.failed(keys, now: now)
        let account = try store.staff(name: name)
        // bcrypt runs off the request's thread; an unknown name costs the same time as a wrong password.
        let hash = account?.passwordHash ?? dummyHash
        let ok = await Self.offThread { Bcrypt.verify(password, hash: hash) }
        guard let account, ok, !account.disabled else {
            return try loginPage(next: next, error: "用户名或密码不正确。", status: .unauthorized)
        }
        try throttle.succeeded(keys)
        let token = Sessions.newToken()
        try store.createSession(tokenHash: Sessions.hash(token), staffName: account.name, csrf: Sessions.newToken(), at: now,
                                expiresAt: now.addingTimeInterval(configuration.sessionLifetime))
        var headers = HTTPFields()
        headers.append(HTTPField(name: .setCookie, value: Sessions.cookie(name: Sessions.cookieName, value: token,
                                                                           maxAge: Int(configuration.sessionLifetime),
                                                                           secure: configuration.secureCookies)))
        headers.append(HTTPField(name: .setCookie, value: Sessions.cookie(name: Sessions.loginCookieName, value: "", maxAge: 0,
                                                                           secure: configuration.secureCookies)))
        return Self.redirect(Self.safeNext(next), headers: headers)
    }

    /// Runs blocking work (bcrypt) on a global dispatch queue.
    static func offThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }

    /// A bcrypt hash of `password` at the configured cost, computed off the request's thread.
    func hashPassword(_ password: String) async -> String {
        let cost = configuration.bcryptCost
        return await Self.offThread { Bcrypt.hash(password, cost: cost) }
    }
}

extension Console {
    /// A bcrypt hash (cost 12) of `password`, for `ivr console adduser`.
    package static func hashPassword(_ password: String, cost: UInt8 = 12) -> String { Bcrypt.hash(password, cost: cost) }

    /// What the store keeps of a session cookie's token (its SHA-256, hex).
    package static func sessionTokenHash(_ token: String) -> String { Sessions.hash(token) }
}
