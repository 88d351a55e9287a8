import Foundation
import Hummingbird
import IVREngine
import TicketStore
import WorkingDays

extension Console {
    func addTicketRoutes(_ router: Router<ConsoleContext>) {
        router.get("/tickets") { request, context -> Response in
            let session = try context.require(.tickets)
            return try workQueue(request, session)
        }
        router.get("/tickets/:number") { _, context -> Response in
            let session = try context.require(.tickets)
            return try ticketPage(try ticket(context), session)
        }
        router.get("/tickets/:number/recording") { request, context -> Response in
            let session = try context.require(.tickets)
            let t = try ticket(context)
            // From the store: a file in the data folder (SQLite) or the database itself (PostgreSQL, any node's message).
            guard let relative = t.info.recordingPath, let data = try store.recordingData(path: relative) else {
                throw ConsoleError.notFound("工单 \(t.info.number) 没有可播放的留言录音。")
            }
            let (response, startsListen) = AudioFiles.response(data: data, request: request, contentType: "audio/wav")
            if startsListen {
                try store.recordListen(staffName: session.staffName, subject: .ticket, ref: t.info.number.digits, at: configuration.now())
            }
            return response
        }
        router.post("/tickets/:number/answer") { request, context -> Response in
            try await changeStatus(request, context, to: .answered)
        }
        router.post("/tickets/:number/close") { request, context -> Response in
            try await changeStatus(request, context, to: .closed)
        }
        router.post("/tickets/:number/assign") { request, context -> Response in
            let (session, form) = try await request.staffForm(context, .tickets, limit: configuration.maxFormBytes)
            let t = try ticket(context)
            let to = try form.text("to", label: "改派给", max: 32)
            guard let target = try store.staff(name: to), !target.disabled else {
                throw ConsoleError.badRequest("没有名为「\(to)」的在职工作人员，未做更改。")
            }
            guard t.info.status == .open else { throw Self.notOpen(t.info) }
            try store.assign(number: t.info.number, to: target.name, actor: session.staffName, at: configuration.now())
            return Self.redirect("/tickets/\(t.info.number)?done=assigned")
        }
    }

    /// The ticket named by the `:number` path parameter: 400 for a malformed number, 404 for an unknown one.
    func ticket(_ context: ConsoleContext) throws -> QueueTicket {
        let text = context.parameters.get("number") ?? ""
        guard text.count <= 12, let number = TicketNumber(validating: text) else {
            throw ConsoleError.badRequest("工单号格式有误（应为数字，最后一位是校验位）。")
        }
        guard let t = try store.queueTicket(number: number) else { throw ConsoleError.notFound("没有工单 \(number)。") }
        return t
    }

    static func notOpen(_ t: TicketInfo) -> ConsoleError {
        ConsoleError(status: .conflict, message: "工单 \(t.number) 当前为「\(ChineseText.status(t.status))」，未做更改。")
    }

    func changeStatus(_ request: Request, _ context: ConsoleContext, to status: TicketStatus) async throws -> Response {
        let (session, form) = try await request.staffForm(context, .tickets, limit: configuration.maxFormBytes)
        let t = try ticket(context)
        let note = try form.text("note", label: status == .answered ? "答复说明" : "关闭原因")
        guard t.info.status == .open else { throw Self.notOpen(t.info) }
        try store.setStatus(number: t.info.number, to: status, note: note, actor: session.staffName, at: configuration.now())
        return Self.redirect("/tickets?done=\(t.info.number)&action=\(status.rawValue)")
    }

    /// The last day of the work queue's horizon: the Nth working day after `today`.
    func horizon(after today: CivilDate) -> CivilDate {
        var day = today
        for _ in 0..<configuration.queueHorizonWorkingDays { day = store.calendar.nextWorkingDay(after: day).date }
        return day
    }

    func workQueue(_ request: Request, _ session: StaffSessionRecord) throws -> Response {
        let query = request.uri.queryParameters
        let q = (query["q"].map(String.init) ?? "").trimmingCharacters(in: .whitespaces)
        let kindText = query["kind"].map(String.init) ?? ""
        var kind: TicketKind? = nil
        if !kindText.isEmpty {
            guard let k = TicketKind(rawValue: kindText) else { throw ConsoleError.badRequest("没有这个工单类别。") }
            kind = k
        }
        var status = HTTPResponse.Status.ok
        var values: [String: Any] = [:]
        if !q.isEmpty {
            if q.count <= 12, let n = TicketNumber(validating: q), try store.ticket(number: n) != nil {
                return Self.redirect("/tickets/\(n)")
            }
            values["searchMiss"] = String(q.prefix(20))
            values["q"] = String(q.prefix(20))
            status = .notFound
        }
        let today = self.today, end = horizon(after: today)
        let counts = try store.queueCounts(today: today, horizon: end)
        let limit = configuration.queueRowsPerBand
        let bands: [(id: String, title: String, after: CivilDate?, through: CivilDate, counts: [TicketKind: Int])] = [
            ("overdue", "已逾期", nil, today.adding(days: -1), counts.overdue),
            ("today", "今日到期", today.adding(days: -1), today, counts.dueToday),
            ("soon", "\(configuration.queueHorizonWorkingDays) 个工作日内到期（至 \(ChineseText.shortDate(end))）", today, end, counts.dueSoon),
        ]
        // Rows come in due-date order, so one deadline text per due date serves many rows.
        var deadlines: [CivilDate: String] = [:]
        func deadline(_ due: CivilDate) -> String {
            if let text = deadlines[due] { return text }
            let text = ChineseText.deadline(due: due, today: today, calendar: store.calendar)
            deadlines[due] = text
            return text
        }
        values["bands"] = try bands.map { band -> [String: Any] in
            let rows = try store.openTickets(dueAfter: band.after, through: band.through, kind: kind, limit: limit)
            let total = kind.map { band.counts[$0] ?? 0 } ?? band.counts.values.reduce(0, +)
            return ["id": band.id, "title": band.title, "total": total, "rows": rows.map { queueRow($0, today: today, deadline: deadline($0.dueDate)) }, "hasRows": !rows.isEmpty,
                    "more": total > rows.count, "shown": rows.count]
        }
        values["summary"] = TicketKind.allCases.map { k -> [String: Any] in
            ["label": ChineseText.kind(k), "overdue": counts.overdue[k] ?? 0, "anyOverdue": (counts.overdue[k] ?? 0) > 0, "today": counts.dueToday[k] ?? 0, "soon": counts.dueSoon[k] ?? 0]
        }
        values["horizonLabel"] = "\(configuration.queueHorizonWorkingDays) 个工作日内"
        values["kinds"] = TicketKind.allCases.map { ["id": $0.rawValue, "label": ChineseText.kind($0), "selected": $0 == kind] }
        var flash: String? = nil
        if let done = query["done"].flatMap({ TicketNumber(validating: $0) }), let action = query["action"].flatMap({ TicketStatus(rawValue: String($0)) }) {
            flash = "工单 \(done) 已\(action == .answered ? "标记为已答复" : "关闭")，已移出队列。"
        }
        return page("queue", title: "工单处理队列", session: session, current: "/tickets", values: values, flash: flash, status: status)
    }

    func queueRow(_ t: QueueEntry, today: CivilDate, deadline: String) -> [String: Any] {
        let due = t.dueDate
        // Stored as local ISO 8601 (`2025-09-23T10:00:00+08:00`): shown as `2025-09-23 10:00`.
        let created = t.createdAt.count >= 16 ? t.createdAt.prefix(10) + " " + t.createdAt.dropFirst(11).prefix(5) : t.createdAt
        return ["number": t.number, "kind": ChineseText.kind(t.kind), "caller": ChineseText.maskCaller(t.callerNumber),
                "created": created, "due": ChineseText.shortDate(due),
                "left": deadline, "assignee": t.assignee ?? "—", "rowClass": due < today ? "late" : (due == today ? "today" : "")]
    }

    func ticketPage(_ t: QueueTicket, _ session: StaffSessionRecord) throws -> Response {
        let info = t.info, today = self.today
        let trail = try store.auditTrail(number: info.number)
        let staff = try store.staffAccounts().filter { !$0.disabled }
        var values: [String: Any] = [
            "number": info.number.digits, "status": ChineseText.status(info.status), "statusClass": info.status.rawValue,
            "kind": ChineseText.kind(info.kind), "caller": ChineseText.maskCaller(info.callerNumber),
            "created": localTime(info.createdAt), "due": ChineseText.date(info.dueDate),
            "left": info.status == .open ? ChineseText.deadline(due: info.dueDate, today: today, calendar: store.calendar) : ChineseText.status(info.status),
            "path": ChineseText.menuPath(info.menuPath), "assignee": t.assignee ?? "未指派", "open": info.status == .open,
            "recovered": info.recovered,
            "details": info.details.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": ChineseText.maskDigits(in: $0.value)] },
            "staff": staff.map { ["name": $0.name, "roleName": $0.role.chineseName, "current": $0.name == t.assignee] },
            "trail": trail.map { e -> [String: Any] in
                ["at": localTime(iso: e.at), "from": e.from.map(ChineseText.status) ?? "新建", "to": ChineseText.status(e.to),
                 "actor": e.actor, "note": ChineseText.maskDigits(in: e.note)]
            },
        ]
        if info.recordingPath != nil { values["recording"] = "/tickets/\(info.number)/recording" }
        return page("ticket", title: "工单 \(info.number)", session: session, current: "/tickets", values: values)
    }
}
