/// What a node does; each kind has its own rules in ``CallMachine`` and its own fields in `menu.yaml`.
public enum NodeKind: String, Hashable, Sendable, CaseIterable {
    /// Greeting, recording notice and (with several prompt sets) the language choice.
    case welcome
    /// A list of options, one key each.
    case menu
    /// A policy recording: 1 replay, * back, 0 agent.
    case recording
    /// ID number + PIN check before any personal data.
    case identity
    /// One account self-service item, read after a successful identity check.
    case accountQuery = "account_query"
    /// A voice message (voicemail or complaint) that opens a ticket.
    case message
    /// A document request: choose, enter a fax or mobile number, confirm, ticket.
    case documents
    /// A ticket's status by its number.
    case ticketStatus = "ticket_status"
    /// The agent queue (wait tone, busy announcements, overflow), or the out-of-hours offer.
    case agent
    /// The satisfaction survey.
    case survey
    /// The closing prompt; then the line hangs up.
    case goodbye

    /// The prompt roles a node of this kind must name (`prompts:` in menu.yaml).
    public var requiredPromptRoles: [String] {
        switch self {
        case .welcome: ["welcome", "notice", "language"]
        case .menu: ["menu"]
        case .recording: ["recording"]
        case .identity: ["id", "pin", "id_invalid", "mismatch", "locked"]
        case .accountQuery: []
        case .message: ["intro", "beep", "review", "too_short", "saved"]
        case .documents: ["list", "contact", "readback", "confirm", "saved"]
        case .ticketStatus: ["entry", "not_found", "status_is", "status_open", "status_answered", "status_closed"]
        case .agent: ["transfer", "wait_tone", "busy", "overflow", "closed"]
        case .survey: ["survey"]
        case .goodbye: ["goodbye", "holiday"]
        }
    }

    /// Prompt roles a node of this kind may name besides the required ones.
    ///
    /// `closed` (welcome) is the closed-line announcement, default `line_closed`; `short` (menus) defaults to the full prompt; `after` (the options after a result) defaults to none;
    /// `*_invalid` default to the call-wide `input_error`; account items need the roles of their item.
    public var optionalPromptRoles: [String] {
        switch self {
        case .menu: ["short"]
        case .recording: ["after"]
        case .identity: ["pin_invalid", "locked_today"]
        case .accountQuery:
            ["result", "balance", "status_active", "status_suspended", "status_retired", "after"]
        case .message: ["hint", "after"]
        case .documents: ["delivery", "contact_invalid", "after"]
        case .ticketStatus: ["invalid", "after"]
        case .agent: ["closed_options", "queue_ahead", "queue_waiting"]
        case .survey: ["thanks"]
        case .welcome: ["closed"]
        default: []
        }
    }

    /// The key actions a node of this kind understands (`keys:` in menu.yaml maps a key to one of them).
    public var keyActions: [String] {
        switch self {
        case .recording: ["replay"]
        case .message: ["end", "listen", "save", "rerecord"]
        case .documents: ["confirm", "reenter"]
        case .agent: ["leave_message", "keep_waiting"]
        case .survey: ["satisfied", "basic", "unsatisfied"]
        default: []
        }
    }
}

/// One node of the menu tree, as loaded from menu.yaml (and province overlays).
public struct MenuNode: Hashable, Sendable {
    /// The full node id (`social_insurance.pension`).
    public var id: String
    /// What the node does.
    public var kind: NodeKind
    /// Prompt ids by role (`menu`, `short`, …; see ``NodeKind/requiredPromptRoles``).
    public var prompts: [String: String]
    /// Menu options: key → child node id.
    public var options: [Character: String]
    /// Key → action name of the node's kind (`"1": replay`).
    public var keys: [Character: String]
    /// Where `*` goes (by default the id's prefix before the last dot, else `main`).
    public var parent: String?
    /// The node that follows (welcome → main, identity → account, agent's message node).
    public var next: String?
    /// Whether type-ahead is thrown away when the node starts (identity entry).
    public var flush: Bool
    /// First-key timeout in samples (8 kHz).
    public var firstDigitTimeoutSamples: Int
    /// Inter-digit timeout in samples (8 kHz).
    public var interDigitTimeoutSamples: Int
    /// Kind-specific settings.
    public var settings: NodeSettings
    /// Where the node was defined: file.
    public var file: String
    /// Where the node was defined: line (1-based).
    public var line: Int

    /// A prompt id by role; required roles are checked at load time.
    public func prompt(_ role: String) -> String { prompts[role] ?? role }

    /// An optional role's prompt as a playback, if the node names one.
    func optionalPrompt(_ role: String, interruptible: Bool = true) -> [Playback] {
        prompts[role].map { [.prompt($0, interruptible: interruptible)] } ?? []
    }

    /// The first key mapped to an action, if any.
    public func key(for action: String) -> Character? {
        keys.filter { $0.value == action }.keys.sorted().first
    }
}

/// Settings that only some node kinds have.
public struct NodeSettings: Hashable, Sendable {
    /// welcome: key → language code (`"1": cmn`).
    public var languages: [Character: String] = [:]
    /// account_query: the item read.
    public var accountItem: AccountItem?
    /// message: the ticket kind opened.
    public var ticketKind: TicketKind?
    /// message: longest message, seconds.
    public var maxSeconds = 120
    /// message: silence that ends the message, seconds.
    public var silenceSeconds = 5
    /// message: shorter messages are discarded, milliseconds.
    public var minMilliseconds = 1000
    /// documents: key → document id.
    public var documents: [Character: String] = [:]
    /// documents: key → delivery channel (`fax`, `sms`); empty = no delivery question.
    public var deliveries: [Character: String] = [:]
    /// documents / ticket_status / identity: shortest and longest number accepted.
    public var minDigits = 1
    /// documents / ticket_status / identity: longest number accepted.
    public var maxDigits = 20
    /// identity: failures before the branch locks.
    public var maxFailures = 3
    /// identity: PIN length.
    public var pinDigits = 6
    /// agent: queue name.
    public var queue = "general"
    /// agent: the busy announcement interval, samples.
    public var busyIntervalSamples = 30 * 8000
    /// agent: the longest wait before the voicemail offer, samples.
    public var maxWaitSamples = 120 * 8000
    /// agent: the business hours settings file the session reads (reference only).
    public var businessHours: String?

    /// Default settings.
    public init() {}
}
