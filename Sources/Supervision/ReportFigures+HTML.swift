import Foundation
import WorkingDays

extension ReportFigures {
    /// The report as one self-contained HTML page: Chinese text with the English ids in small print, inline SVG
    /// charts with the numbers in a table under each, inline CSS, no scripts and nothing loaded from elsewhere, so a
    /// supervisor can mail it on.
    /// - Parameter hotline: the hotline's name in the title (e.g. `12333 人力资源社会保障咨询服务热线`).
    public func html(hotline: String = "12333 人力资源社会保障咨询服务热线") -> String {
        var b = HTMLBuilder()
        b.raw("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
        b.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        b.raw("<title>\(e(hotline)) 服务报告 \(from) 至 \(through)</title><style>\(HTMLBuilder.css)</style></head><body>")
        b.raw("<header><h1>\(e(hotline))</h1><p class=\"sub\">服务质量报告 <small>service report</small>：\(chineseDate(from)) 至 \(chineseDate(through))"
              + "（工单逾期按 \(chineseDate(today)) 计算）</p></header>")

        // Summary.
        let containment = calls == 0 ? "—" : percent(contained, of: calls)
        let rated = survey.offered == 0 ? "—" : percent(survey.rated, of: survey.offered)
        b.raw("<section class=\"cards\">")
        b.card("来电总量", "\(calls)", "calls")
        b.card("自助服务解决率", containment, "containment")
        b.card("人工服务请求", "\(agent.requests)", "agent requests")
        b.card("满意度评价参与率", rated, "rated share")
        b.card("质检评分", qa.mean.map { String(format: "%.2f", $0) } ?? "—", "QA mean (1–5)")
        b.raw("</section>")

        // Volumes per day.
        b.section("每日来电量", "calls per day")
        let dayLabels = days.map { "\($0.date.month)/\($0.date.day)" }
        b.raw(SVGChart.bars(labels: dayLabels, series: [
            .init(name: "工作日", color: "#2f6fb0", values: days.map { $0.workingDay ? Double($0.calls) : 0 }),
            .init(name: "休息日", color: "#e08a2e", values: days.map { $0.workingDay ? 0 : Double($0.calls) }),
        ], title: "每日来电量"))
        b.raw("<p class=\"note\">下表列出有来电的日期 <small>days with calls</small></p>")
        b.table(["日期 <small>date</small>", "类型 <small>kind</small>", "来电 <small>calls</small>"], days.filter { $0.calls > 0 }.map { d in
            [chineseDate(d.date) + " <small>\(d.date) \(weekday(d.date))</small>",
             d.workingDay ? "工作日" : (d.holiday.map { "节假日 <small>\(e($0))</small>" } ?? "休息日"), "\(d.calls)"]
        })
        let workingTotal = hoursWorkingDays.reduce(0, +), offTotal = hoursDaysOff.reduce(0, +)
        let workingDays = days.filter(\.workingDay).count, offDays = days.count - workingDays
        b.raw("<p>工作日 \(workingDays) 天共 \(workingTotal) 通（日均 \(average(workingTotal, workingDays))），"
              + "休息日 \(offDays) 天共 \(offTotal) 通（日均 \(average(offTotal, offDays))）。</p>")

        // Per hour.
        b.section("各时段来电量", "calls per hour of day, working days vs days off")
        let hourLabels = (0..<24).map { String($0) }
        b.raw(SVGChart.lines(labels: hourLabels, series: [
            .init(name: "工作日", color: "#2f6fb0", values: hoursWorkingDays.map(Double.init)),
            .init(name: "休息日", color: "#e08a2e", values: hoursDaysOff.map(Double.init)),
        ], title: "各时段来电量"))
        b.table(["时段 <small>hour</small>", "工作日 <small>working days</small>", "休息日 <small>days off</small>"],
                (0..<24).filter { hoursWorkingDays[$0] + hoursDaysOff[$0] > 0 }.map {
                    [String(format: "%02d:00–%02d:59", $0, $0), "\(hoursWorkingDays[$0])", "\(hoursDaysOff[$0])"]
                })

        // Topics (Art. 12).
        b.section("来电咨询内容", "calls reaching each menu topic (Art. 12)")
        b.raw(SVGChart.bars(labels: topics.map { NodeLabels.chinese($0.id) },
                            series: [.init(name: "来电", color: "#2f6fb0", values: topics.map { Double($0.count) })], title: "来电咨询内容"))
        b.table(["业务 <small>topic</small>", "来电 <small>calls</small>", "占比 <small>share</small>"], topics.map {
            [label($0.id), "\($0.count)", percent($0.count, of: calls)]
        })
        b.raw("<h3>常见路径 <small>top paths</small></h3>")
        b.table(["路径 <small>path</small>", "来电 <small>calls</small>"], topPaths.map { p in
            [p.id.components(separatedBy: " > ").map { NodeLabels.chinese($0) }.joined(separator: " → ") + "<br><small>\(e(p.id))</small>", "\(p.count)"]
        })
        b.raw("<p>自助服务解决 <small>contained</small>：\(contained) 通，占 \(containment)（未请求人工且完成了自助服务或留言）。</p>")

        // Nodes.
        b.section("各菜单节点", "per node: reach, abandonment, no input, wrong keys")
        let confusing = nodes.filter { $0.reached > 0 }.sorted { rate($0.abandoned + $0.noInput + $0.noMatch, $0.reached) > rate($1.abandoned + $1.noInput + $1.noMatch, $1.reached) }
        b.raw(SVGChart.bars(labels: confusing.prefix(12).map { NodeLabels.chinese($0.id) }, series: [
            .init(name: "挂机率", color: "#c0392b", values: confusing.prefix(12).map { rate($0.abandoned, $0.reached) }),
            .init(name: "无按键率", color: "#8e44ad", values: confusing.prefix(12).map { rate($0.noInput, $0.reached) }),
            .init(name: "按错键率", color: "#e08a2e", values: confusing.prefix(12).map { rate($0.noMatch, $0.reached) }),
        ], title: "各菜单节点问题率"))
        b.table(["节点 <small>node</small>", "到达 <small>reached</small>", "挂机 <small>abandoned</small>",
                 "无按键 <small>noinput</small>", "按错键 <small>nomatch</small>"], nodes.map { n in
            [label(n.id), "\(n.reached)", "\(n.abandoned) <small>\(percent(n.abandoned, of: n.reached))</small>",
             "\(n.noInput) <small>\(percent(n.noInput, of: n.reached))</small>", "\(n.noMatch) <small>\(percent(n.noMatch, of: n.reached))</small>"]
        })

        // Agent.
        b.section("人工服务请求", "agent requests in and out of hours, wait until transfer or overflow")
        b.raw(SVGChart.bars(labels: ["工作时间内", "非工作时间", "已接通", "转留言", "排队中挂机"], series: [
            .init(name: "来电", color: "#2f6fb0", values: [agent.inHours, agent.outOfHours, agent.answered, agent.overflow, agent.abandonedInQueue].map(Double.init)),
        ], title: "人工服务请求"))
        b.table(["项目 <small>item</small>", "数值 <small>value</small>"], [
            ["请求人工 <small>requests</small>", "\(agent.requests)"],
            ["工作时间内 <small>in hours</small>", "\(agent.inHours)"], ["非工作时间 <small>out of hours</small>", "\(agent.outOfHours)"],
            ["座席接通 <small>answered</small>", "\(agent.answered)"], ["超时转留言 <small>overflow</small>", "\(agent.overflow)"],
            ["排队中挂机 <small>abandoned in queue</small>", "\(agent.abandonedInQueue)"],
            ["等待时长中位数 <small>median wait</small>", seconds(agent.waitMedian)], ["平均等待 <small>mean wait</small>", seconds(agent.waitMean)],
            ["最长等待 <small>longest wait</small>", seconds(agent.waitMax)],
        ])

        // Satisfaction.
        b.section("满意度评价", "satisfaction survey (Art. 21, 38)")
        b.raw(SVGChart.bars(labels: ["满意", "基本满意", "不满意", "未评价"], series: [
            .init(name: "来电", color: "#27ae60", values: [survey.satisfied, survey.basicallySatisfied, survey.dissatisfied, survey.unrated].map(Double.init)),
        ], title: "满意度评价"))
        b.table(["业务 <small>topic</small>", "邀评 <small>offered</small>", "满意 <small>1</small>", "基本满意 <small>2</small>",
                 "不满意 <small>3</small>", "未评价 <small>unrated</small>", "参评率 <small>rated share</small>"],
                ([("全部", survey)] + surveyByTopic.map { (label($0.topic), $0.figures) }).map { name, s in
                    [name, "\(s.offered)", "\(s.satisfied) <small>\(percent(s.satisfied, of: s.rated))</small>",
                     "\(s.basicallySatisfied) <small>\(percent(s.basicallySatisfied, of: s.rated))</small>",
                     "\(s.dissatisfied) <small>\(percent(s.dissatisfied, of: s.rated))</small>", "\(s.unrated)", percent(s.rated, of: s.offered)]
                })

        // Tickets.
        b.section("工单办理情况", "tickets by kind (Art. 35)")
        b.raw(SVGChart.bars(labels: tickets.map { NodeLabels.ticketKind($0.kind) }, series: [
            .init(name: "新建", color: "#2f6fb0", values: tickets.map { Double($0.opened) }),
            .init(name: "按时答复", color: "#27ae60", values: tickets.map { Double($0.answeredOnTime) }),
            .init(name: "逾期答复", color: "#e08a2e", values: tickets.map { Double($0.answeredLate) }),
            .init(name: "当前逾期", color: "#c0392b", values: tickets.map { Double($0.overdue) }),
        ], title: "工单办理情况"))
        b.table(["类型 <small>kind</small>", "新建 <small>opened</small>", "按时答复 <small>on time</small>", "逾期答复 <small>late</small>",
                 "当前逾期 <small>overdue</small>", "未到期 <small>pending</small>", "答复用时中位数（工作日） <small>median working days</small>"],
                tickets.map { t in
                    [NodeLabels.ticketKind(t.kind) + " <small>\(t.kind)</small>", "\(t.opened)", "\(t.answeredOnTime)", "\(t.answeredLate)",
                     "\(t.overdue)", "\(t.pending)", t.medianWorkingDaysToAnswer.map { String(format: "%.1f", $0) } ?? "—"]
                })

        // QA.
        b.section("录音质检评分", "QA scores (Art. 39)")
        b.raw(SVGChart.bars(labels: ["1分", "2分", "3分", "4分", "5分"], series: [
            .init(name: "通话", color: "#8e44ad", values: qa.distribution.map(Double.init)),
        ], title: "录音质检评分"))
        b.table(["通话 <small>call</small>", "评分 <small>score</small>", "评语 <small>note</small>", "评分人 <small>by</small>", "时间 <small>at</small>"],
                qa.latest.map { [e($0.callID), "\($0.score)", e($0.note), e($0.actor), e($0.at)] })

        b.section("语种与闭席", "languages, calls while the line was closed")
        b.table(["项目 <small>item</small>", "来电 <small>calls</small>"],
                languages.map { [label($0.id), "\($0.count)"] } + [["闭席期间来电 <small>while closed</small>", "\(closedCalls)"]])
        b.raw("<footer>由 ivr report 生成 <small>generated by ivr report; caller numbers masked</small></footer></body></html>")
        return b.text
    }

    private func e(_ s: String) -> String { SVGChart.escape(s) }
    private func label(_ id: String) -> String { "\(e(NodeLabels.chinese(id))) <small>\(e(id))</small>" }
    private func chineseDate(_ d: CivilDate) -> String { "\(d.year)年\(d.month)月\(d.day)日" }
    private func weekday(_ d: CivilDate) -> String { ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][d.weekday.rawValue - 1] }
    private func percent(_ n: Int, of total: Int) -> String { total == 0 ? "—" : String(format: "%.1f%%", 100 * Double(n) / Double(total)) }
    private func rate(_ n: Int, _ total: Int) -> Double { total == 0 ? 0 : Double(n) / Double(total) }
    private func average(_ n: Int, _ days: Int) -> String { days == 0 ? "—" : String(format: "%.1f", Double(n) / Double(days)) }
    private func seconds(_ s: Double?) -> String { s.map { String(format: "%.1f 秒", $0) } ?? "—" }
}

/// Accumulates the report's HTML.
struct HTMLBuilder {
    var text = ""

    mutating func raw(_ s: String) { text += s }

    mutating func card(_ title: String, _ value: String, _ english: String) {
        text += "<div class=\"card\"><div class=\"v\">\(value)</div><div>\(title) <small>\(english)</small></div></div>"
    }

    mutating func section(_ title: String, _ english: String) {
        text += "<h2>\(title) <small>\(english)</small></h2>"
    }

    mutating func table(_ header: [String], _ rows: [[String]]) {
        text += "<table><thead><tr>" + header.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>"
        if rows.isEmpty { text += "<tr><td colspan=\"\(header.count)\">无数据 <small>no data</small></td></tr>" }
        for r in rows { text += "<tr>" + r.map { "<td>\($0)</td>" }.joined() + "</tr>" }
        text += "</tbody></table>"
    }

    static let css = """
        body{font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;\
        color:#222;max-width:900px;margin:24px auto;padding:0 16px;line-height:1.5;background:#fafbfc}\
        h1{font-size:24px;margin:0}h2{font-size:18px;margin-top:32px;border-bottom:2px solid #2f6fb0;padding-bottom:4px}\
        h3{font-size:15px}small{color:#777;font-size:11px;font-weight:normal}.sub{color:#444;margin:4px 0 16px}.note{margin:4px 0;color:#555;font-size:13px}\
        .cards{display:flex;flex-wrap:wrap;gap:12px}.card{background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:10px 14px;min-width:140px}\
        .card .v{font-size:22px;font-weight:bold;color:#2f6fb0}table{border-collapse:collapse;width:100%;margin:8px 0 4px;background:#fff}\
        th,td{border:1px solid #dde2e8;padding:4px 8px;text-align:left;font-size:13px}th{background:#eef2f7}\
        svg{max-width:100%;height:auto;background:#fff;border:1px solid #eef0f3}footer{margin:32px 0;color:#777;font-size:12px}
        """
}
