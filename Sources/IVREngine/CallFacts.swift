/// The greeting of the welcome, chosen by the session from "now" (time of day, public holiday).
public enum Greeting: String, Hashable, Sendable, CaseIterable {
    /// 早上好.
    case morning
    /// 中午好.
    case noon
    /// 下午好.
    case afternoon
    /// 晚上好.
    case evening
    /// A festive greeting on a statutory holiday (新年好, 国庆快乐, …).
    case festive
}

/// Facts about the call known at answer time, derived by the session from its injectable "now".
///
/// The machine never reads a clock: everything time-of-day dependent arrives here.
public struct CallFacts: Hashable, Sendable {
    /// The call id written in the `answer` event.
    public var callID: String
    /// The caller's number, or `nil` when withheld.
    public var caller: String?
    /// ISO 8601 local time used for greetings and deadlines (logged only).
    public var now: String
    /// Which greeting the welcome starts with.
    public var greeting: Greeting
    /// Whether today is a public holiday (festive goodbye).
    public var isHoliday: Bool
    /// Whether agents answer now (business hours by the holiday calendar).
    public var businessHoursOpen: Bool
    /// The prompt sets (languages) installed; the language choice is offered only when there is more than one.
    public var languages: [String]

    /// Creates the facts of one call.
    public init(callID: String, caller: String? = nil, now: String, greeting: Greeting, isHoliday: Bool = false,
                businessHoursOpen: Bool, languages: [String] = ["cmn"]) {
        self.callID = callID
        self.caller = caller
        self.now = now
        self.greeting = greeting
        self.isHoliday = isHoliday
        self.businessHoursOpen = businessHoursOpen
        self.languages = languages
    }
}
