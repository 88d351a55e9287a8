public import WorkingDays

/// One row of the call index: everything a report, a QA sample or the console needs about one finished call,
/// derived from its event log (``CallRecord/init(eventLog:)``), so a live line and an imported log give the same row.
///
/// The caller's number is kept as the line received it (like tickets); every report and page shows it through
/// ``CallerMask``.
public struct CallRecord: Sendable, Hashable {
    /// The call id (the `answer` event's `call`).
    public var callID: String
    /// The call's local start time (the `answer` event's `now`).
    public var start: LocalDateTime
    /// The start as written in the log (ISO 8601 with offset).
    public var startText: String
    /// Seconds from answer to hang-up, counted in samples.
    public var durationSeconds: Double
    /// The caller's number, `nil` when withheld.
    public var caller: String?
    /// The prompt set the call ended in (`cmn`, `yue`, …).
    public var language: String
    /// The node ids reached, in order (repeats kept).
    public var path: [String]
    /// `caller` or `line`.
    public var hangupBy: String
    /// Why the call ended (`goodbye`, `noinput`, `caller`, …).
    public var hangupReason: String
    /// Tickets opened during the call.
    public var tickets: [TicketRef]
    /// Whether the satisfaction survey was offered.
    public var surveyOffered: Bool
    /// The rating: 1 满意, 2 基本满意, 3 不满意; `nil` when not offered or not rated.
    public var surveyScore: Int?
    /// No-input and wrong-key events per node id.
    public var nodeErrors: [String: NodeErrors]
    /// The agent request, when the caller asked for one.
    public var agent: AgentRequest?
    /// Whether the line was closed (Art. 20) when the call was answered.
    public var lineClosed: Bool
    /// The QA recording, relative to the data folder (`calls/YYYY/MM/DD/<id>.flac`), when one was kept.
    public var recordingPath: String?

    /// Creates a row.
    public init(callID: String, start: LocalDateTime, startText: String, durationSeconds: Double, caller: String?,
                language: String, path: [String], hangupBy: String, hangupReason: String, tickets: [TicketRef] = [],
                surveyOffered: Bool = false, surveyScore: Int? = nil, nodeErrors: [String: NodeErrors] = [:],
                agent: AgentRequest? = nil, lineClosed: Bool = false, recordingPath: String? = nil) {
        self.callID = callID
        self.start = start
        self.startText = startText
        self.durationSeconds = durationSeconds
        self.caller = caller
        self.language = language
        self.path = path
        self.hangupBy = hangupBy
        self.hangupReason = hangupReason
        self.tickets = tickets
        self.surveyOffered = surveyOffered
        self.surveyScore = surveyScore
        self.nodeErrors = nodeErrors
        self.agent = agent
        self.lineClosed = lineClosed
        self.recordingPath = recordingPath
    }

    /// Nodes that are not a topic: the frame of every call.
    public static let frameNodes: Set<String> = ["welcome", "main", "survey", "goodbye"]

    /// The menu topics the call reached (the first segment of each node id outside the frame), in first-reached order.
    public var topics: [String] {
        var seen: [String] = []
        for node in path where !CallRecord.frameNodes.contains(node) {
            let top = CallRecord.topic(of: node)
            if !seen.contains(top) { seen.append(top) }
        }
        return seen
    }

    /// The call's main topic: the first one reached, or `none` (a caller who never chose).
    public var primaryTopic: String { topics.first ?? "none" }

    /// The topic a node belongs to: its first segment (`social_insurance.pension` → `social_insurance`;
    /// `account.*` belongs to `identity`).
    public static func topic(of node: String) -> String {
        let top = node.firstIndex(of: ".").map { String(node[..<$0]) } ?? node
        return top == "account" ? "identity" : top
    }

    /// The node the caller hung up at (abandonment), `nil` when the line ended the call.
    public var abandonedAt: String? { hangupBy == "caller" ? path.last : nil }

    /// Whether the call was served: it reached a service (a policy recording or an account answer: a node below a
    /// topic, `complaints.*` excepted as those are entry points), opened a ticket, was offered the survey (offered
    /// only after a completed service) or ended with the line's goodbye.
    public var served: Bool {
        surveyOffered || !tickets.isEmpty || (hangupBy == "line" && hangupReason == "goodbye")
            || path.contains { $0.contains(".") && !$0.hasPrefix("complaints.") }
    }

    /// Self-service containment: served, and no agent asked for.
    public var contained: Bool { agent == nil && served }

    /// The calendar day of the start.
    public var day: CivilDate { start.date }
}

/// A ticket opened during a call (the `ticket` event).
public struct TicketRef: Sendable, Hashable {
    /// The ticket number.
    public var number: String
    /// `voicemail`, `document` or `complaint`.
    public var kind: String
    /// The reply deadline.
    public var due: CivilDate

    /// Creates a reference.
    public init(number: String, kind: String, due: CivilDate) {
        self.number = number
        self.kind = kind
        self.due = due
    }
}

/// No-input and wrong-key events at one node during one call.
public struct NodeErrors: Sendable, Hashable {
    /// `noinput` events.
    public var noInput: Int
    /// `nomatch` events.
    public var noMatch: Int

    /// Creates counters.
    public init(noInput: Int = 0, noMatch: Int = 0) {
        self.noInput = noInput
        self.noMatch = noMatch
    }
}

/// A caller's request for an agent (the `agent` node) and how it ended.
public struct AgentRequest: Sendable, Hashable {
    /// Whether it came within business hours (the line queued it rather than answering "closed").
    public var inHours: Bool
    /// The last transfer result: `queued` (the caller hung up waiting), `answered`, `overflow` or `closed`.
    public var result: String
    /// Seconds from the queue entry until an agent answered or the overflow offer; `nil` when neither happened.
    public var waitSeconds: Double?

    /// Creates a request.
    public init(inHours: Bool, result: String, waitSeconds: Double?) {
        self.inHours = inHours
        self.result = result
        self.waitSeconds = waitSeconds
    }
}
