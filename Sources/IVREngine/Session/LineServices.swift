public import WorkingDays

/// What stays the same from call to call on a line or in a batch: the menu, the calendar, the prompts, the store.
public struct LineServices: Sendable {
    /// The validated menu tree.
    public var tree: MenuTree
    /// Holidays and make-up working days.
    public var calendar: WorkingDayCalendar
    /// Business hours, time zone, reply deadlines per ticket kind.
    public var calendarSettings: CalendarSettings
    /// Prompt audio by id, looked up at play time.
    public var prompts: any PromptResolving
    /// The prompt sets (languages) installed, Mandarin first.
    public var languages: [String]
    /// The ticket store; nil runs calls with no store (every request then gets the apology path).
    public var store: (any TicketStoring)?
    /// The runtime data folder (voicemail in progress lives under it).
    public var dataDirectory: String
    /// The line is closed (Art. 20), read by the driver from the store before each call.
    public var lineClosed = false

    /// Bundles the services of a line.
    public init(tree: MenuTree, calendar: WorkingDayCalendar, calendarSettings: CalendarSettings,
                prompts: any PromptResolving, languages: [String], store: (any TicketStoring)?, dataDirectory: String) {
        self.tree = tree
        self.calendar = calendar
        self.calendarSettings = calendarSettings
        self.prompts = prompts
        self.languages = languages
        self.store = store
        self.dataDirectory = dataDirectory
    }
}

/// How one call ended, for the one-line summary.
public struct CallOutcome: Sendable {
    /// The call id.
    public var callID: String
    /// Seconds of caller audio consumed (counted in samples).
    public var seconds: Double
    /// The node ids visited, in order.
    public var path: [String]
    /// `caller` or `line`.
    public var hangupBy: String
    /// Why the call ended.
    public var hangupReason: String
    /// Ticket numbers opened.
    public var tickets: [String]
}

