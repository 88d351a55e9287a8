import Foundation
import Hummingbird

/// A refused request: its status and one Chinese sentence for staff, rendered as a small HTML page.
struct ConsoleError: HTTPResponseError, Sendable {
    /// The HTTP status.
    let status: HTTPResponse.Status
    /// What staff read.
    let message: String
    /// Where a browser is sent instead (303), e.g. the login page.
    var location: String? = nil

    static let notLoggedIn = ConsoleError(status: .unauthorized, message: "请先登录。")
    static let forbidden = ConsoleError(status: .forbidden, message: "您的角色无权访问此页面或操作。")
    static let badCSRF = ConsoleError(status: .forbidden, message: "表单已失效（安全令牌不符），请返回页面刷新后重试。")
    static func notFound(_ what: String) -> ConsoleError { ConsoleError(status: .notFound, message: what) }
    static func badRequest(_ what: String) -> ConsoleError { ConsoleError(status: .badRequest, message: what) }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        var status = status
        if status == .unauthorized, request.method == .get || request.method == .head {
            // A browser without a session goes to the login page (and back afterwards).
            status = .seeOther
            headers[.location] = "/login?next=" + (request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/"))) ?? "/")
        } else if let location {
            status = .seeOther
            headers[.location] = location
        }
        let escaped = message.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        let html = """
            <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>\(self.status.code) 请求被拒绝</title>
            <link rel="stylesheet" href="/static/console.css"></head><body><main class="narrow"><h1>\(self.status.code)</h1>
            <p class="error">\(escaped)</p><p><a href="/">返回首页</a></p></main></body></html>
            """
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
