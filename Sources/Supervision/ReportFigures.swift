public import WorkingDays

/// Every figure of a service report over a period (norms Art. 12, 38): computed once by
/// ``ServiceReport/compute(calls:tickets:qaScores:calendar:from:through:today:)`` and rendered as JSON or HTML,
/// by `ivr report` and by the console alike.
public struct ReportFigures: Sendable, Hashable {
    /// The first day of the period.
    public var from: CivilDate
    /// The last day of the period (inclusive).
    public var through: CivilDate
    /// The day "overdue now" is judged on.
    public var today: CivilDate
    /// Calls answered in the period.
    public var calls: Int
    /// Calls per day (every day of the period, zeros included).
    public var days: [DayVolume]
    /// Calls per hour of day (0–23) on working days.
    public var hoursWorkingDays: [Int]
    /// Calls per hour of day (0–23) on days off.
    public var hoursDaysOff: [Int]
    /// Calls reaching each menu topic (a call counts once per topic).
    public var topics: [CountedItem]
    /// The most frequent paths (node ids after the welcome, joined by " > "), at most 10.
    public var topPaths: [CountedItem]
    /// Calls served by self-service without an agent (``CallRecord/contained``).
    public var contained: Int
    /// Per node id (sorted): reach, abandonment, no-input, wrong keys.
    public var nodes: [NodeFigures]
    /// Agent requests and waits.
    public var agent: AgentFigures
    /// Satisfaction over all calls.
    public var survey: SurveyFigures
    /// Satisfaction per primary topic (sorted by topic).
    public var surveyByTopic: [(topic: String, figures: SurveyFigures)]
    /// Tickets per kind: voicemail, document, complaint (always all three, in this order).
    public var tickets: [TicketFigures]
    /// QA scores of calls in the period.
    public var qa: QAFigures
    /// Calls per language.
    public var languages: [CountedItem]
    /// Calls answered while the line was closed.
    public var closedCalls: Int

    public static func == (a: ReportFigures, b: ReportFigures) -> Bool {
        a.from == b.from && a.through == b.through && a.today == b.today && a.calls == b.calls && a.days == b.days
            && a.hoursWorkingDays == b.hoursWorkingDays && a.hoursDaysOff == b.hoursDaysOff && a.topics == b.topics
            && a.topPaths == b.topPaths && a.contained == b.contained && a.nodes == b.nodes && a.agent == b.agent
            && a.survey == b.survey && a.surveyByTopic.elementsEqual(b.surveyByTopic, by: { $0 == $1 })
            && a.tickets == b.tickets && a.qa == b.qa && a.languages == b.languages && a.closedCalls == b.closedCalls
    }

    public func hash(into h: inout Hasher) {
        h.combine(from)
        h.combine(through)
        h.combine(calls)
    }
}

/// A label and how many.
public struct CountedItem: Sendable, Hashable {
    /// The id (node, topic, path, language).
    public var id: String
    /// How many calls.
    public var count: Int
}

/// One day's volume.
public struct DayVolume: Sendable, Hashable {
    /// The day.
    public var date: CivilDate
    /// Calls that day.
    public var calls: Int
    /// Whether it is a working day by the holiday calendar (make-up days count as working days).
    public var workingDay: Bool
    /// The holiday it belongs to, when a statutory day off.
    public var holiday: String?
}

/// One menu node's figures. Counts are calls: a call counts once per node however often it came back.
public struct NodeFigures: Sendable, Hashable {
    /// The full node id.
    public var id: String
    /// Calls that reached it.
    public var reached: Int
    /// Calls whose caller hung up there (it was the last node reached).
    public var abandoned: Int
    /// Calls with at least one no-input there.
    public var noInput: Int
    /// Calls with at least one wrong key there.
    public var noMatch: Int
    /// No-input events there.
    public var noInputEvents: Int
    /// Wrong-key events there.
    public var noMatchEvents: Int
}

/// Agent requests (Art. 27): in and out of hours, and how long callers waited until a transfer or the overflow.
public struct AgentFigures: Sendable, Hashable {
    /// Calls that asked for an agent.
    public var requests: Int
    /// … within business hours (queued).
    public var inHours: Int
    /// … outside business hours (offered a voice message).
    public var outOfHours: Int
    /// Queued calls an agent answered.
    public var answered: Int
    /// Queued calls that reached the maximum wait (overflow offer).
    public var overflow: Int
    /// Queued calls whose caller hung up while waiting.
    public var abandonedInQueue: Int
    /// Waits until transfer or overflow, seconds: median, mean, longest (`nil` without any).
    public var waitMedian: Double?
    public var waitMean: Double?
    public var waitMax: Double?
}

/// Satisfaction (Art. 21, 38): 1 满意, 2 基本满意, 3 不满意.
public struct SurveyFigures: Sendable, Hashable {
    /// Calls offered the survey.
    public var offered: Int
    /// Ratings 1, 2, 3.
    public var satisfied: Int
    public var basicallySatisfied: Int
    public var dissatisfied: Int
    /// Offered but no key.
    public var unrated: Int
    /// Ratings given.
    public var rated: Int { satisfied + basicallySatisfied + dissatisfied }
}

/// One ticket kind's figures (Art. 35).
public struct TicketFigures: Sendable, Hashable {
    /// `voicemail`, `document` or `complaint`.
    public var kind: String
    /// Opened in the period.
    public var opened: Int
    /// Answered (or closed) on or before the due date.
    public var answeredOnTime: Int
    /// Answered after the due date.
    public var answeredLate: Int
    /// Still open and past the due date on ``ReportFigures/today``.
    public var overdue: Int
    /// Still open and not yet due.
    public var pending: Int
    /// Median working days from opening to answer (`nil` with no answered ticket).
    public var medianWorkingDaysToAnswer: Double?
}

/// QA scores (Art. 39) of the period's calls: the latest score of each scored call.
public struct QAFigures: Sendable, Hashable {
    /// Calls scored.
    public var scored: Int
    /// Mean of the latest scores (`nil` when none).
    public var mean: Double?
    /// How many latest scores are 1, 2, 3, 4, 5.
    public var distribution: [Int]
    /// The latest score of each scored call, by call id.
    public var latest: [QAScore]
}
