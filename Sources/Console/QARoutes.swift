import Foundation
import Hummingbird
import Supervision
import TicketStore
import WorkingDays

extension Console {
    func addQARoutes(_ router: Router<ConsoleContext>) {
        router.get("/qa") { _, context -> Response in
            let session = try context.require(.qa)
            return try qaPage(session, flash: nil)
        }
        router.post("/qa/sample") { request, context -> Response in
            let (session, form) = try await request.staffForm(context, .qa, limit: configuration.maxFormBytes)
            guard let from = CivilDate(iso: form["from"] ?? ""), let to = CivilDate(iso: form["to"] ?? ""), from <= to else {
                throw ConsoleError.badRequest("请填写正确的日期（YYYY-MM-DD），开始日期不晚于结束日期。")
            }
            guard let n = Int(form["n"] ?? ""), (1...200).contains(n) else { throw ConsoleError.badRequest("抽样数量应为 1–200。") }
            let seedText = (form["seed"] ?? "").trimmingCharacters(in: .whitespaces)
            guard seedText.isEmpty || UInt64(seedText) != nil else { throw ConsoleError.badRequest("随机种子应为非负整数。") }
            let seed = UInt64(seedText) ?? UInt64(configuration.now().timeIntervalSince1970 * 1000)
            let (sample, drawn) = try supervision.drawQASample(from: from, through: to, n: n, seed: seed, today: today,
                                                               actor: session.staffName)
            return try qaPage(session, flash: "已抽取 \(drawn.count) 通录音（样本 \(sample.id)，种子 \(seed)）。")
        }
        router.post("/qa/:call/score") { request, context -> Response in
            let (session, form) = try await request.staffForm(context, .qa, limit: configuration.maxFormBytes)
            let call = try callRecord(context)
            guard let score = Int(form["score"] ?? ""), (1...5).contains(score) else {
                throw ConsoleError.badRequest("评分应为 1–5，未做更改。")
            }
            let note = try form.text("note", label: "评语", max: 500, required: false)
            let at = store.settings.localDateTime(at: configuration.now()).iso8601
            try store.recordQAScore(QAScore(callID: call.callID, score: score, note: note, actor: session.staffName, at: at))
            return Self.redirect("/qa")
        }
        router.get("/calls/:call/recording") { request, context -> Response in
            let session = try context.require(.recordings)
            let call = try callRecord(context)
            // From the store, whichever node recorded it (PostgreSQL), or from this machine's data folder (SQLite).
            guard let relative = call.recordingPath, let data = try store.callRecordingData(callID: call.callID) else {
                throw ConsoleError.notFound("通话 \(call.callID) 没有录音。")
            }
            let type = relative.hasSuffix(".flac") ? "audio/flac" : "audio/wav"
            let (response, startsListen) = AudioFiles.response(data: data, request: request, contentType: type)
            if startsListen { try store.recordListen(staffName: session.staffName, subject: .call, ref: call.callID, at: configuration.now()) }
            return response
        }
    }

    /// The call named by `:call`: 400 for a malformed id, 404 for an unknown one.
    func callRecord(_ context: ConsoleContext) throws -> CallRecord {
        let id = context.parameters.get("call") ?? ""
        guard (1...80).contains(id.count), id.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }),
              !id.hasPrefix(".") else {
            throw ConsoleError.badRequest("通话编号格式有误。")
        }
        guard let call = try store.call(id: id) else { throw ConsoleError.notFound("没有通话 \(id)。") }
        return call
    }

    func qaPage(_ session: StaffSessionRecord, flash: String?) throws -> Response {
        let today = self.today
        let window = QASampler.cooldownWindow(before: today)
        let ids = try store.sampledCallIDs(from: window.from, through: today).sorted()
        let rows = try ids.compactMap { id -> [String: Any]? in
            guard let c = try store.call(id: id) else { return nil }
            let latest = try store.qaScores(callID: id).last
            return ["call": id, "topic": c.primaryTopic, "start": String(format: "%d-%02d-%02d %02d:%02d", c.start.year, c.start.month, c.start.day, c.start.hour, c.start.minute),
                    "caller": ChineseText.maskCaller(c.caller), "seconds": String(format: "%.0f 秒", c.durationSeconds),
                    "recording": c.recordingPath != nil, "score": latest.map { "\($0.score)（\($0.actor)）" } ?? "未评分",
                    "scores": (1...5).map { ["value": $0, "checked": $0 == (latest?.score ?? 0)] }]
        }
        let monthStart = CivilDate(year: today.year, month: today.month, day: 1)!
        return page("qa", title: "质检抽样", session: session, current: "/qa",
                    values: ["rows": rows, "hasRows": !rows.isEmpty, "from": monthStart.description, "to": today.description], flash: flash)
    }
}
