import IVREngine
import WorkingDays

/// How the console writes dates, deadlines, kinds and statuses in Chinese, and masks caller data.
enum ChineseText {
    static let weekdays = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]

    /// `2026年12月3日 星期四`.
    static func date(_ d: CivilDate) -> String {
        "\(d.year)年\(d.month)月\(d.day)日 \(weekdays[d.weekday.rawValue - 1])"
    }

    /// `12月3日`.
    static func shortDate(_ d: CivilDate) -> String { "\(d.month)月\(d.day)日" }

    /// The deadline in working days: `今日到期`, `还剩 2 个工作日`, `已逾期 3 个工作日`.
    static func deadline(due: CivilDate, today: CivilDate, calendar: WorkingDayCalendar) -> String {
        if due == today { return "今日到期" }
        if due > today { return "还剩 \(calendar.workingDays(after: today, through: due)) 个工作日" }
        let late = calendar.workingDays(after: due, through: today)
        return late == 0 ? "已逾期（非工作日）" : "已逾期 \(late) 个工作日"
    }

    static func kind(_ k: TicketKind) -> String {
        switch k {
        case .voicemail: "语音留言"
        case .complaint: "投诉"
        case .document: "资料索取"
        }
    }

    static func status(_ s: TicketStatus) -> String {
        switch s {
        case .open: "待处理"
        case .answered: "已答复"
        case .closed: "已关闭"
        }
    }

    /// A caller number with only its first 3 and last 2 digits shown (`138******78`); short numbers keep 2.
    static func maskCaller(_ number: String?) -> String {
        guard let number, !number.isEmpty else { return "未知" }
        let chars = Array(number)
        guard chars.count >= 7 else { return String(repeating: "*", count: max(0, chars.count - 2)) + String(chars.suffix(2)) }
        return String(chars.prefix(3)) + String(repeating: "*", count: chars.count - 5) + String(chars.suffix(2))
    }

    /// Any run of 15 or more digits (with an optional final X) in free text, masked as an ID number, and runs of
    /// 7–14 digits masked as phone numbers: ticket details never show them in full.
    static func maskDigits(in text: String) -> String {
        var out = ""
        var run = ""
        func flush() {
            if run.count >= 15 { out += ChineseIDNumber.masked(run) } else if run.count >= 7 { out += maskCaller(run) } else { out += run }
            run = ""
        }
        for ch in text {
            if ch.isASCII && (ch.isNumber || ((ch == "X" || ch == "x") && run.count == 17)) { run.append(ch) } else { flush(); out.append(ch) }
        }
        flush()
        return out
    }

    /// A node path as people read it: `root › 3 voicemail`.
    static func menuPath(_ path: [String]) -> String { path.isEmpty ? "—" : path.joined(separator: " › ") }
}
