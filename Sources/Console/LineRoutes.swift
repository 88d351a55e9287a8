import Foundation
import Hummingbird
import NIOCore
import Supervision
import TicketStore

extension Console {
    func addLineRoutes(_ router: Router<ConsoleContext>) {
        router.get("/line") { _, context -> Response in
            let session = try context.require(.line)
            let snapshot = try await lineMonitor.snapshot()
            let lines = snapshot.lines.map { l -> [String: Any] in
                ["line": l.line, "state": l.state, "stateName": l.stateName, "since": l.since.isEmpty ? "—" : localTime(iso: l.since),
                 "actor": l.actor.isEmpty ? "—" : l.actor, "note": l.note, "isOpen": l.state == LineState.inService.rawValue,
                 "isClosed": l.state == LineState.closed.rawValue]
            }
            let calls = snapshot.calls.map { ["call": $0.call, "node": $0.node, "seconds": String(format: "%.0f 秒", $0.seconds), "caller": $0.caller] }
            return page("line", title: "线路状态", session: session, current: "/line",
                        values: ["lines": lines, "calls": calls, "hasCalls": !calls.isEmpty, "scripts": ["/static/console-line.js"]])
        }
        router.get("/line/events") { request, context -> Response in
            _ = try context.require(.line)
            let monitor = lineMonitor, store = self.store, now = configuration.now
            let tokenHash = Sessions.hash(request.cookies[Sessions.cookieName]?.value ?? "")
            // Server-sent events: `state` whenever the snapshot changes (lines, calls in progress and their node),
            // a comment every 15 s to keep proxies from closing the stream. A later `listen` event will carry live
            // listening (Art. 39) as each call's `listen` stream address; clients ignore events they do not know.
            return Response(status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
                            body: ResponseBody { writer in
                                try await writer.write(ByteBuffer(string: "retry: 3000\n\n"))
                                var last: LineMonitor.Snapshot? = nil
                                var tick = 0
                                let encoder = JSONEncoder()
                                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                                while !Task.isCancelled {
                                    // The stream ends when the session does (logout, expiry, a new password).
                                    if tick % 30 == 0, try store.session(tokenHash: tokenHash, now: now()) == nil { break }
                                    let snapshot = try await monitor.snapshot()
                                    if snapshot != last {
                                        let json = String(decoding: try encoder.encode(snapshot), as: UTF8.self)
                                        try await writer.write(ByteBuffer(string: "event: state\ndata: \(json)\n\n"))
                                        last = snapshot
                                    } else if tick % 15 == 0 {
                                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                                    }
                                    tick += 1
                                    try await Task.sleep(for: .seconds(1))
                                }
                                try await writer.finish(nil)
                            })
        }
        router.post("/line/:line/state") { request, context -> Response in
            let (session, form) = try await request.staffForm(context, .line, limit: configuration.maxFormBytes)
            let line = context.parameters.get("line") ?? ""
            guard configuration.lines.contains(line) else { throw ConsoleError.notFound("没有线路 \(line.prefix(32))。") }
            guard let state = LineState(rawValue: form["state"] ?? ""), state != .stopped else {
                throw ConsoleError.badRequest("只能把线路切换为「服务中」或「闭席」，未做更改。")
            }
            let note = try form.text("note", label: "原因", max: 200, required: false)
            try store.setLineState(line: line, to: state, actor: session.staffName, note: note, at: configuration.now())
            await lineMonitor.invalidate()
            return Self.redirect("/line")
        }
    }
}

/// The Line page's script: applies `state` events of `/line/events` to the page (no framework).
enum LineScript {
    static let js = """
        (function () {
          var source = new EventSource('/line/events');
          function text(tag, value) { var e = document.createElement(tag); e.textContent = value; return e; }
          source.addEventListener('state', function (event) {
            var s = JSON.parse(event.data);
            s.lines.forEach(function (l) {
              var cell = document.querySelector('[data-line-state="' + l.line + '"]');
              if (cell) { cell.textContent = l.stateName; cell.className = 'state ' + l.state; }
            });
            var body = document.getElementById('calls-body');
            if (!body) { return; }
            body.textContent = '';
            s.calls.forEach(function (c) {
              var tr = document.createElement('tr');
              [c.call, c.caller, c.node, Math.round(c.seconds) + ' 秒'].forEach(function (v) { tr.appendChild(text('td', v)); });
              body.appendChild(tr);
            });
            document.getElementById('calls-empty').hidden = s.calls.length > 0;
            document.getElementById('live').textContent = '实时更新 ' + new Date().toLocaleTimeString('zh-CN');
          });
          source.onerror = function () { document.getElementById('live').textContent = '连接中断，正在重连……'; };
        })();
        """
}
