import Foundation
package import Hummingbird
import HummingbirdBcrypt
import IVREngine
package import Logging
import Mustache
import NIOCore
package import TicketStore
import WorkingDays

/// The staff web console (`ivr console`): a Hummingbird server of Mustache pages over the ticket store.
///
/// Pages: the work queue and ticket pages (咨询员 and up), prompts and the listen audit (监督员 and up), staff
/// accounts and prompt install/rollback (管理员). Every page needs a session; every form carries the session's CSRF
/// token; every listen to a recording is written to the store's listen audit. The store is any
/// ``TicketStore/ManagedTicketStore``: SQLite in the data folder, or the PostgreSQL store shared by several nodes.
package struct Console: Sendable {
    /// The ticket store, SQLite or PostgreSQL (also holds staff, sessions and the listen audit).
    package let store: any ManagedTicketStore
    /// Settings.
    package let configuration: ConsoleConfiguration
    let library: MustacheLibrary
    let throttle: LoginThrottle
    /// The shared line snapshot behind the Line page and its event stream.
    let lineMonitor: LineMonitor
    /// A hash verified when the login name is unknown, so that answering takes as long as for a wrong password.
    let dummyHash: String

    /// A console over `store`: the SQLite store of one machine, or the PostgreSQL store of a cluster (then the
    /// console sees every node's tickets and recordings).
    /// - Throws: when a page template does not compile (a programming error caught by the tests).
    package init(store: any ManagedTicketStore, configuration: ConsoleConfiguration = ConsoleConfiguration()) throws {
        self.store = store
        self.configuration = configuration
        var library = MustacheLibrary()
        for (name, text) in Templates.all { library.register(try MustacheTemplate(string: text), named: name) }
        self.library = library
        throttle = LoginThrottle(store: store, limit: configuration.maxFailedLogins, window: configuration.loginLockout)
        lineMonitor = LineMonitor(store: store, lines: configuration.lines, now: configuration.now)
        dummyHash = Bcrypt.hash(Sessions.newToken(), cost: configuration.bcryptCost)
    }

    /// Every route, with the guard and session middleware.
    package func router() -> Router<ConsoleContext> {
        let router = Router(context: ConsoleContext.self)
        router.add(middleware: GuardMiddleware(maxFormBytes: configuration.maxFormBytes, maxUploadBytes: configuration.maxUploadBytes))
        router.add(middleware: SessionMiddleware(store: store, now: configuration.now))
        addStaticRoutes(router)
        addLoginRoutes(router)
        addTicketRoutes(router)
        addPromptRoutes(router)
        addAccountRoutes(router)
        addLineRoutes(router)
        addReportRoutes(router)
        addQARoutes(router)
        return router
    }

    /// The server application, bound to the configured address.
    package func application(logger: Logger) -> some ApplicationProtocol {
        Application(router: router(),
                    configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
                    logger: logger)
    }

    /// Serves until the process is asked to stop (SIGINT or SIGTERM end it gracefully).
    package func run(logger: Logger) async throws {
        try await application(logger: logger).runService()
    }

    // MARK: - Rendering

    /// Today in the store's local time.
    var today: CivilDate { store.settings.localDateTime(at: configuration.now()).date }

    /// ISO local time `2026-12-03 09:41`.
    func localTime(_ date: Date) -> String {
        Self.minuteText(store.settings.localDateTime(at: date))
    }

    /// A stored ISO 8601 timestamp shown as local `YYYY-MM-DD HH:MM`.
    func localTime(iso: String) -> String {
        store.settings.localDateTime(parsing: iso).map(Self.minuteText) ?? iso
    }

    private static func minuteText(_ t: LocalDateTime) -> String {
        String(format: "%d-%02d-%02d %02d:%02d", t.year, t.month, t.day, t.hour, t.minute)
    }

    static let navigation: [(href: String, label: String, permission: Permission)] = [
        ("/tickets", "工单", .tickets), ("/reports", "报表", .reports), ("/qa", "质检", .qa), ("/line", "线路", .line),
        ("/prompts", "提示音", .recordings), ("/audit/listens", "收听记录", .recordings),
        ("/accounts", "账号", .accounts),
    ]

    /// Renders `template` inside the common header and footer.
    func page(_ template: String, title: String, session: StaffSessionRecord?, current: String = "",
              values: [String: Any] = [:], flash: String? = nil, status: HTTPResponse.Status = .ok,
              extraHeaders: HTTPFields = [:]) -> Response {
        var context = values
        context["title"] = title
        context["hotline"] = configuration.hotlineName
        context["today"] = ChineseText.date(today)
        if let flash { context["flash"] = flash }
        if let session {
            let nav: [[String: Any]] = Self.navigation.filter { session.role.permissions.contains($0.permission) }.map {
                ["href": $0.href, "label": $0.label, "current": $0.href == current]
            }
            context["user"] = ["name": session.staffName, "roleName": session.role.chineseName, "csrf": session.csrf, "nav": nav]
            context["csrf"] = session.csrf
        }
        let html = library.render(context, withTemplate: template) ?? "template \(template) missing"
        var headers = extraHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A 303 redirect.
    static func redirect(_ location: String, headers: HTTPFields = [:]) -> Response {
        var h = headers
        h[.location] = location
        return Response(status: .seeOther, headers: h)
    }

    // MARK: - Static files

    func addStaticRoutes(_ router: Router<ConsoleContext>) {
        router.get("/static/console.css") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: Stylesheet.css)))
        }
        let chartDirectory = configuration.chartJSDirectory
        router.get("/static/chart.js") { _, _ -> Response in
            // Debian's libjs-chart.js; never a copy from the internet.
            for name in ["chart.umd.js", "chart.min.js", "Chart.min.js", "chart.js"] {
                if let data = FileManager.default.contents(atPath: chartDirectory + "/" + name) {
                    return Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "max-age=3600"],
                                    body: .init(byteBuffer: ByteBuffer(bytes: data)))
                }
            }
            throw ConsoleError.notFound("未安装 Chart.js（Debian 软件包 libjs-chart.js）。")
        }
        for (path, js) in [("/static/console-line.js", LineScript.js), ("/static/console-charts.js", ChartsScript.js)] {
            router.get(RouterPath(path)) { _, _ -> Response in
                Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "max-age=3600"],
                         body: .init(byteBuffer: ByteBuffer(string: js)))
            }
        }
        router.get("/") { _, context -> Response in
            Self.redirect(context.session == nil ? "/login" : "/tickets")
        }
    }
}
