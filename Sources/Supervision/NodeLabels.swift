/// Chinese names of the national menu's node ids and topics, for staff-facing pages (the ids stay in small print).
/// A node a province adds without a name here shows its id.
public enum NodeLabels {
    /// The Chinese name of a node id or topic, or the id itself.
    public static func chinese(_ id: String) -> String { names[id] ?? id }

    static let names: [String: String] = [
        "welcome": "欢迎语", "main": "主菜单", "survey": "满意度评价", "goodbye": "结束语", "none": "未选择业务",
        "social_insurance": "社会保险", "social_insurance.pension": "养老保险", "social_insurance.medical": "医疗保险",
        "social_insurance.unemployment": "失业保险", "social_insurance.injury": "工伤保险", "social_insurance.maternity": "生育保险",
        "employment": "就业创业", "employment.services": "就业服务", "employment.startup": "创业扶持", "employment.training": "职业培训",
        "labor_relations": "劳动关系", "labor_relations.contracts": "劳动合同", "labor_relations.wages": "工资支付",
        "labor_relations.disputes": "劳动争议调解仲裁",
        "personnel": "人事人才", "personnel.exams": "人事考试", "personnel.titles": "职称评审", "personnel.talent": "人才引进",
        "identity": "个人信息查询", "account": "账户自助查询", "account.contributions": "养老缴费与余额",
        "account.medical_balance": "医保个人账户余额", "account.status": "参保状态",
        "voicemail": "语音留言", "documents": "文件索取", "complaints": "投诉举报与工单查询",
        "complaints.complaint": "投诉举报", "complaints.ticket_status": "工单查询", "agent": "人工服务",
        "voicemail_kind": "语音留言", "document": "文件索取", "complaint": "投诉举报",
        "cmn": "普通话", "yue": "粤语",
    ]

    /// The Chinese name of a ticket kind.
    public static func ticketKind(_ kind: String) -> String {
        switch kind {
        case "voicemail": "语音留言"
        case "document": "文件索取"
        case "complaint": "投诉举报"
        default: kind
        }
    }
}

/// Masks a caller's number for every report and page: the first 3 and last 2 digits stay (`138******00`);
/// numbers of 5 digits or fewer become stars.
public enum CallerMask {
    /// The masked number, `—` when withheld.
    public static func mask(_ number: String?) -> String {
        guard let number, !number.isEmpty else { return "—" }
        let chars = Array(number)
        guard chars.count > 5 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(3)) + String(repeating: "*", count: chars.count - 5) + String(chars.suffix(2))
    }
}
