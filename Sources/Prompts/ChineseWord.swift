/// The recorded building blocks the Chinese verbaliser strings together: digits, number units, calendar,
/// clock, money and measure words. Each case is a prompt in `Prompts/prompts.yaml` with the same id and text.
public enum ChineseWord: String, CaseIterable, Sendable {
    case zero = "num_0", one = "num_1", yao = "num_1_yao", two = "num_2", liang = "num_2_liang"
    case three = "num_3", four = "num_4", five = "num_5", six = "num_6", seven = "num_7", eight = "num_8", nine = "num_9"
    case ten = "num_10", hundred = "num_100", thousand = "num_1000", tenThousand = "num_10000", hundredMillion = "num_100000000"
    case point = "num_point", minus = "num_minus"
    case year = "date_year", month = "date_month", day = "date_day", hao = "date_hao", week = "date_week"
    case oClock = "time_oclock", minute = "time_minute"
    case earlyMorning = "period_early_morning", morning = "period_morning", forenoon = "period_forenoon"
    case noon = "period_noon", afternoon = "period_afternoon", evening = "period_evening"
    case yuan = "money_yuan", jiao = "money_jiao", fen = "money_fen"
    case ge = "unit_ge", workday = "unit_workday", second = "unit_second", minutes = "unit_minutes"
    case hours = "unit_hours", days = "unit_days", wei = "unit_wei", ordinal = "unit_ordinal"
    case to = "word_to"

    /// The prompt id (the raw value).
    public var id: String { rawValue }

    /// The Mandarin text of the prompt.
    public var text: String {
        switch self {
        case .zero: "零"
        case .one: "一"
        case .yao: "幺"
        case .two: "二"
        case .liang: "两"
        case .three: "三"
        case .four: "四"
        case .five: "五"
        case .six: "六"
        case .seven: "七"
        case .eight: "八"
        case .nine: "九"
        case .ten: "十"
        case .hundred: "百"
        case .thousand: "千"
        case .tenThousand: "万"
        case .hundredMillion: "亿"
        case .point: "点"
        case .minus: "负"
        case .year: "年"
        case .month: "月"
        case .day: "日"
        case .hao: "号"
        case .week: "星期"
        case .oClock: "点"
        case .minute: "分"
        case .earlyMorning: "凌晨"
        case .morning: "早上"
        case .forenoon: "上午"
        case .noon: "中午"
        case .afternoon: "下午"
        case .evening: "晚上"
        case .yuan: "元"
        case .jiao: "角"
        case .fen: "分"
        case .ge: "个"
        case .workday: "工作日"
        case .second: "秒"
        case .minutes: "分钟"
        case .hours: "小时"
        case .days: "天"
        case .wei: "位"
        case .ordinal: "第"
        case .to: "至"
        }
    }

    /// The word as a ``PromptItem``.
    public var item: PromptItem { .prompt(id: id, text: text) }

    /// The word for a single digit 0–9 (一 for 1, 二 for 2).
    static func digit(_ d: Int) -> ChineseWord {
        [.zero, .one, .two, .three, .four, .five, .six, .seven, .eight, .nine][d]
    }
}
