public import WorkingDays

/// The standard sentences with values in them, built from manifest fragments and the verbaliser, so the engine
/// never concatenates Chinese by hand. Each returns the items in play order; `.text` gives the sentence.
public struct PromptSentences: Sendable {
    /// What a ticket was opened for; selects the first fragment of the ticket sentence.
    public enum TicketKind: String, Sendable { case voicemail, document, complaint }
    /// The state of a ticket as the caller hears it.
    public enum TicketState: Sendable { case open, closed }

    /// The manifest the fragments' texts come from (one source of truth, Art. 33).
    public let manifest: PromptManifest
    /// The language of the texts (falling back to Mandarin).
    public var language: String
    /// The verbaliser used for numbers and dates.
    public var verbaliser: ChineseVerbaliser
    /// The pause between a digit string and the next clause, in milliseconds.
    public var clausePauseMilliseconds: Int

    /// Creates the sentence builder.
    public init(manifest: PromptManifest, language: String = PromptID.defaultLanguage,
                verbaliser: ChineseVerbaliser = ChineseVerbaliser(), clausePauseMilliseconds: Int = 300) {
        self.manifest = manifest
        self.language = language
        self.verbaliser = verbaliser
        self.clausePauseMilliseconds = clausePauseMilliseconds
    }

    /// A fragment of the manifest, with its text (the id itself if the manifest lacks it, which `check` reports).
    public func p(_ id: String) -> PromptItem { .prompt(id: id, text: manifest.text(id, language: language) ?? id) }
    private var pause: PromptItem { .pause(milliseconds: clausePauseMilliseconds) }

    /// The opening: greeting (festive or by time of day), the national welcome and the recording notice.
    public func opening(at now: WorkingDays.LocalDateTime, calendar: WorkingDayCalendar?) -> [PromptItem] {
        [p(Greeting.openingID(at: now, calendar: calendar)), p("welcome"), p("recording_notice")]
    }

    /// The closing: `goodbye`, or `goodbye_holiday` on a festive public holiday.
    public func closing(at now: WorkingDays.LocalDateTime, calendar: WorkingDayCalendar?) -> [PromptItem] {
        [p(Greeting.goodbyeID(at: now, calendar: calendar))]
    }

    /// The ticket sentence as the engine plays it (menu roles `saved`, `reply_within`, `reply_by`, `reply_end`):
    /// "您的留言已记录，工单号幺二三四，我们将在三个工作日内，即二〇二五年十月九日前给您答复。"
    /// - Throws: ``VerbaliserError`` for a ticket number that is not digits or an impossible date.
    public func ticketOpened(_ kind: TicketKind, number: String, workdays: Int,
                             dueYear: Int, dueMonth: Int, dueDay: Int) throws -> [PromptItem] {
        let first: PromptItem = switch kind {
        case .voicemail: p("voicemail_saved")
        case .document: p("document_accepted")
        case .complaint: p("complaint_accepted")
        }
        return try [first] + verbaliser.digits(number) + [pause] + deadline(workdays: workdays, year: dueYear, month: dueMonth, day: dueDay)
    }

    /// "我们将在三个工作日内，即二〇二五年十月九日前给您答复。"
    /// - Throws: ``VerbaliserError`` for an impossible date.
    public func deadline(workdays: Int, year: Int, month: Int, day: Int) throws -> [PromptItem] {
        try [p("reply_in")] + verbaliser.workdays(workdays) + [p("reply_by")]
            + verbaliser.date(year: year, month: month, day: day) + [p("reply_before")]
    }

    /// The ticket status as the engine plays it (roles `status_is`, `status_open`, `status_closed`):
    /// "您查询的工单幺二三四，正在办理中，答复期限为二〇二五年十月九日" or "…，已办结，感谢您的耐心等待！"
    /// - Throws: ``VerbaliserError`` for a bad number or date.
    public func ticketStatus(number: String, state: TicketState, dueYear: Int, dueMonth: Int, dueDay: Int) throws -> [PromptItem] {
        let head = try [p("ticket_status_intro")] + verbaliser.digits(number) + [pause]
        switch state {
        case .open:
            return try head + [p("ticket_status_open")] + verbaliser.date(year: dueYear, month: dueMonth, day: dueDay)
        case .closed:
            return head + [p("ticket_status_closed")]
        }
    }

    /// "您前面还有两位来电在等候。"
    public func queuePosition(_ callersAhead: Int) -> [PromptItem] {
        [p("queue_ahead")] + verbaliser.count(Int64(callersAhead), .wei) + [p("queue_waiting")]
    }

    /// "您输入的号码是幺三八，幺二三四，五六七八，确认请按1，重新输入请按2。"
    /// - Throws: ``VerbaliserError`` for a number that is not digits.
    public func numberReadback(_ number: String) throws -> [PromptItem] {
        try [p("number_readback")] + verbaliser.phone(number) + [pause, p("number_confirm")]
    }

    /// Business hours as spoken: "工作日上午八点三十分至中午十二点，下午一点三十分至下午五点三十分".
    /// - Parameter ranges: opening and closing times, (hour, minute) pairs, local time.
    /// - Throws: ``VerbaliserError`` for an impossible time.
    public func businessHours(_ ranges: [(start: (hour: Int, minute: Int), end: (hour: Int, minute: Int))]) throws -> [PromptItem] {
        var out: [PromptItem] = [ChineseWord.workday.item]
        for (i, r) in ranges.enumerated() {
            if i > 0 { out.append(pause) }
            out += try verbaliser.time(hour: r.start.hour, minute: r.start.minute) + [ChineseWord.to.item]
                + verbaliser.time(hour: r.end.hour, minute: r.end.minute)
        }
        return out
    }

    /// "现在是非工作时间，人工服务时间为工作日…，留言请按1，返回主菜单请按星号键。"
    /// - Throws: ``VerbaliserError`` for an impossible time.
    public func outOfHours(_ ranges: [(start: (hour: Int, minute: Int), end: (hour: Int, minute: Int))]) throws -> [PromptItem] {
        try [p("agent_closed")] + businessHours(ranges)
            + [pause, p("agent_closed_options")]
    }

    /// "您的养老保险累计缴费一百二十个月，个人账户余额为两万三千四百五十六元七角八分"
    public func pensionAccount(months: Int, balanceFen: Int64) -> [PromptItem] {
        [p("account_pension_months")] + verbaliser.count(Int64(months), .ge) + [ChineseWord.month.item, pause,
         p("account_pension_balance")] + verbaliser.money(fen: balanceFen)
    }

    /// "您的医保个人账户余额为…元…"
    public func medicalBalance(fen: Int64) -> [PromptItem] {
        [p("account_medical_balance")] + verbaliser.money(fen: fen)
    }
}
