import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import TicketStore

/// Session tokens and cookies. The cookie holds 32 random bytes (hex); the store keeps only their SHA-256, so a
/// copy of the database cannot be replayed as a login.
enum Sessions {
    static let cookieName = "ivr_session"
    /// The pre-login CSRF cookie (double submit: the login form carries the same value).
    static let loginCookieName = "ivr_login_csrf"

    /// 32 random bytes, hex.
    static func newToken() -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &rng)) }.joined()
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// `Set-Cookie` for a session: HttpOnly, SameSite=Strict, Path=/, Max-Age, and Secure when configured.
    static func cookie(name: String, value: String, maxAge: Int, secure: Bool) -> String {
        "\(name)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// Constant-time comparison of two tokens.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count, !x.isEmpty else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Reads the session cookie and puts the live session (if any) into the context.
struct SessionMiddleware: RouterMiddleware {
    let store: any ManagedTicketStore
    let now: @Sendable () -> Date

    func handle(_ request: Request, context: ConsoleContext,
                next: (Request, ConsoleContext) async throws -> Response) async throws -> Response {
        var context = context
        if let token = request.cookies[Sessions.cookieName]?.value, token.count == 64,
           token.allSatisfy({ $0.isHexDigit }) {
            context.session = try store.session(tokenHash: Sessions.hash(token), now: now())
        }
        return try await next(request, context)
    }
}

/// Security headers on every response, and an early 413 for bodies declared larger than the route allows.
struct GuardMiddleware: RouterMiddleware {
    let maxFormBytes: Int
    let maxUploadBytes: Int

    func handle(_ request: Request, context: ConsoleContext,
                next: (Request, ConsoleContext) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }) {
            let limit = request.uri.path.hasSuffix("/install") ? maxUploadBytes : maxFormBytes
            if length > limit {
                throw ConsoleError(status: .contentTooLarge, message: "提交的内容过大（上限 \(limit / 1024) KB），未做任何更改。")
            }
        }
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

/// Login throttling: after `limit` failures for one account or one client address within the lockout window,
/// further attempts are refused (429) until the window has passed, whatever the password. The failures are kept in
/// the store, so consoles sharing one store (a cluster's PostgreSQL) count them together, and a restart forgets none.
struct LoginThrottle: Sendable {
    let store: any StaffStoring
    let limit: Int
    let window: TimeInterval

    /// Whether `keys` (account and address) may try now.
    func allowed(_ keys: [String], now: Date) throws -> Bool {
        try keys.allSatisfy { try store.loginFailureCount(key: $0, since: now.addingTimeInterval(-window)) < limit }
    }

    func failed(_ keys: [String], now: Date) throws {
        try store.recordLoginFailure(keys: keys, at: now, forgettingBefore: now.addingTimeInterval(-window))
    }

    func succeeded(_ keys: [String]) throws {
        try store.clearLoginFailures(keys: keys)
    }
}
