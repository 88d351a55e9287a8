import Foundation
import Hummingbird
import NIOCore
import Supervision
import TicketStore
import WorkingDays

extension Console {
    func addReportRoutes(_ router: Router<ConsoleContext>) {
        router.get("/reports") { request, context -> Response in
            let session = try context.require(.reports)
            let (from, through) = try period(request)
            let f = try figures(from: from, through: through)
            let kindNames = ["voicemail": "语音留言", "document": "资料索取", "complaint": "投诉"]
            let chart: [String: Any] = [
                "days": f.days.map { "\($0.date.month)/\($0.date.day)" }, "calls": f.days.map(\.calls),
                "working": f.days.map(\.workingDay), "hoursWork": f.hoursWorkingDays, "hoursOff": f.hoursDaysOff,
                "topics": f.topics.map(\.id), "topicCounts": f.topics.map(\.count),
            ]
            let chartJSON = String(decoding: try JSONSerialization.data(withJSONObject: chart, options: [.sortedKeys]), as: UTF8.self)
                .replacingOccurrences(of: "<", with: "\\u003c")
            let rated = f.survey.rated
            func share(_ n: Int) -> String { rated == 0 ? "—" : String(format: "%.0f%%", Double(n) * 100 / Double(rated)) }
            let values: [String: Any] = [
                "from": from.description, "to": through.description, "calls": f.calls, "contained": f.contained,
                "containedShare": f.calls == 0 ? "—" : String(format: "%.0f%%", Double(f.contained) * 100 / Double(f.calls)),
                "agentRequests": f.agent.requests, "closedCalls": f.closedCalls,
                "satisfied": share(f.survey.satisfied), "basically": share(f.survey.basicallySatisfied),
                "dissatisfied": share(f.survey.dissatisfied), "rated": rated, "unrated": f.survey.unrated,
                "tickets": f.tickets.map { t -> [String: Any] in
                    ["kind": kindNames[t.kind] ?? t.kind, "opened": t.opened, "onTime": t.answeredOnTime, "late": t.answeredLate,
                     "overdue": t.overdue, "median": t.medianWorkingDaysToAnswer.map { String(format: "%.1f", $0) } ?? "—"]
                },
                "qaScored": f.qa.scored, "qaMean": f.qa.mean.map { String(format: "%.2f", $0) } ?? "—",
                "chartJSON": chartJSON, "period": "\(ChineseText.date(from)) 至 \(ChineseText.date(through))",
                "scripts": ["/static/chart.js", "/static/console-charts.js"],
            ]
            return page("reports", title: "服务报表", session: session, current: "/reports", values: values)
        }
        router.get("/reports/report.html") { request, context -> Response in
            _ = try context.require(.reports)
            let (from, through) = try period(request)
            // The same page `ivr report --html` writes, from the same figures.
            let html = try figures(from: from, through: through).html(hotline: configuration.hotlineName)
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8",
                                                   .contentDisposition: "inline; filename=\"report-\(from)-\(through).html\""],
                            body: .init(byteBuffer: ByteBuffer(string: html)))
        }
    }

    /// `from`/`to` of the query (YYYY-MM-DD); default: the first of this month through today. 400 when malformed.
    func period(_ request: Request) throws -> (CivilDate, CivilDate) {
        let q = request.uri.queryParameters
        let today = self.today
        let from = try q["from"].map { text -> CivilDate in
            guard let d = CivilDate(iso: String(text)) else { throw ConsoleError.badRequest("开始日期格式应为 YYYY-MM-DD。") }
            return d
        } ?? CivilDate(year: today.year, month: today.month, day: 1)!
        let to = try q["to"].map { text -> CivilDate in
            guard let d = CivilDate(iso: String(text)) else { throw ConsoleError.badRequest("结束日期格式应为 YYYY-MM-DD。") }
            return d
        } ?? today
        guard from <= to, to.daysSinceEpoch - from.daysSinceEpoch <= 400 else {
            throw ConsoleError.badRequest("统计期间有误：开始日期须不晚于结束日期，且不超过 400 天。")
        }
        return (from, to)
    }

    /// The Supervision library's entry point over this store (the same service `ivr report` and `ivr qa` use).
    var supervision: SupervisionService {
        SupervisionService(store: store, calendar: store.calendar, dataDirectory: store.dataDirectory)
    }

    /// The figures of a period, from ``SupervisionService`` (the same computation as `ivr report`).
    func figures(from: CivilDate, through: CivilDate) throws -> ReportFigures {
        try supervision.report(from: from, through: through, today: today)
    }
}

/// The Reports page's charts (Chart.js from Debian's libjs-chart.js), drawn from the page's JSON data block.
enum ChartsScript {
    static let js = """
        (function () {
          var data = JSON.parse(document.getElementById('report-data').textContent);
          if (typeof Chart === 'undefined') { return; }
          Chart.defaults.font.family = '"Noto Sans CJK SC", sans-serif';
          Chart.defaults.animation = false;
          new Chart(document.getElementById('chart-days'), {
            type: 'bar',
            data: { labels: data.days, datasets: [{ label: '来电量', data: data.calls,
              backgroundColor: data.working.map(function (w) { return w ? '#2f6f9f' : '#9fb3c8'; }) }] },
            options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
          });
          var hours = []; for (var h = 0; h < 24; h++) { hours.push(h + '时'); }
          new Chart(document.getElementById('chart-hours'), {
            type: 'line',
            data: { labels: hours, datasets: [
              { label: '工作日', data: data.hoursWork, borderColor: '#2f6f9f', tension: 0.2 },
              { label: '休息日', data: data.hoursOff, borderColor: '#b54708', tension: 0.2 }] },
            options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
          });
          new Chart(document.getElementById('chart-topics'), {
            type: 'bar',
            data: { labels: data.topics, datasets: [{ label: '到达该主题的来电', data: data.topicCounts, backgroundColor: '#2f6f9f' }] },
            options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
          });
        })();
        """
}
