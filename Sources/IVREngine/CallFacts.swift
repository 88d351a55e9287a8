public import WorkingDays

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
    /// The greeting prompt the welcome starts with (`greeting_morning`, `greeting_spring_festival`, …), chosen by
    /// the session from "now" and the holiday calendar (Prompts' `Greeting.openingID`).
    public var greetingPrompt: String
    /// Whether today is a festive public holiday: the goodbye is the festive one (Prompts' `Greeting.goodbyeID` rule).
    public var isHoliday: Bool
    /// Whether agents answer now (business hours by the holiday calendar).
    public var businessHoursOpen: Bool
    /// The prompt sets (languages) installed; the language choice is offered only when there is more than one.
    public var languages: [String]
    /// The agents' hours, spoken in the out-of-hours message.
    public var businessHours: BusinessHours
    /// The line is closed (Art. 20): the closed announcement follows the recording notice, and agents are not
    /// offered (the out-of-hours path: voice message or back to the menu).
    public var lineClosed = false

    /// Creates the facts of one call.
    public init(callID: String, caller: String? = nil, now: String, greetingPrompt: String, isHoliday: Bool = false,
                businessHoursOpen: Bool, languages: [String] = ["cmn"], businessHours: BusinessHours = .standard) {
        self.callID = callID
        self.caller = caller
        self.now = now
        self.greetingPrompt = greetingPrompt
        self.isHoliday = isHoliday
        self.businessHoursOpen = businessHoursOpen
        self.languages = languages
        self.businessHours = businessHours
    }
}
