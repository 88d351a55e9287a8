public import Foundation
public import WorkingDays

/// The call index as a store sees it (SQLite today, PostgreSQL later). Implementations are thread-safe; each
/// call is one transaction. Failures are thrown with one line for the operator.
public protocol CallIndexStoring: Sendable {
    /// Adds or replaces the row of `record.callID` (importing the same log twice changes nothing).
    /// A recording path already stored is kept when `record.recordingPath` is `nil`.
    func indexCall(_ record: CallRecord) throws
    /// Indexes many rows in one transaction (imports): all or none.
    func indexCalls(_ records: [CallRecord]) throws
    /// The calls that started on a day from `from` through `to` (local dates), oldest first.
    func calls(from: CivilDate, through to: CivilDate) throws -> [CallRecord]
    /// One call, or `nil`.
    func call(id: String) throws -> CallRecord?
    /// The calls with a recording that started before `day`, oldest first.
    func recordedCalls(startedBefore day: CivilDate) throws -> [CallRecord]
    /// Forgets a call's recording (after its file was removed; a store that keeps the audio drops it too) and notes
    /// why, in one step.
    func recordingRemoved(callID: String, path: String, reason: String, at: Date) throws

    /// Whether the store keeps call recordings' audio itself, visible to every node and console (PostgreSQL). When
    /// false (SQLite), a recording is the file its path names in the data folder, and only that machine has it.
    var keepsRecordingAudio: Bool { get }
    /// Indexes `record` together with `recording`, the bytes of the file `record.recordingPath` names, in one
    /// transaction: the call and its recording are stored together or not at all. A store that does not keep audio
    /// indexes the row only (the file is the recording).
    func indexCall(_ record: CallRecord, recording: Data?) throws
    /// The bytes of a call's recording, from the store or from the file its path names; `nil` when the call has none
    /// (never recorded, purged, or its file is gone).
    func callRecordingData(callID: String) throws -> Data?
}

/// Ticket facts for the report: every ticket opened in a period with its answer date.
public protocol TicketFactsReading: Sendable {
    /// Tickets created on a day from `from` through `to`.
    func ticketFacts(from: CivilDate, through to: CivilDate) throws -> [TicketFact]
}

/// QA samples and scores (Art. 39), with their audit trail.
public protocol QAStoring: Sendable {
    /// Stores a drawn sample: which calls, when, by whom.
    func recordQASample(_ sample: QASample) throws
    /// Call ids sampled on a day from `from` through `to`.
    func sampledCallIDs(from: CivilDate, through to: CivilDate) throws -> Set<String>
    /// Appends a score (never overwrites: the latest per call counts, every one stays in the trail).
    func recordQAScore(_ score: QAScore) throws
    /// Every score of calls that started from `from` through `to`, oldest first.
    func qaScores(from: CivilDate, through to: CivilDate) throws -> [QAScore]
    /// Every score of one call, oldest first (its audit trail).
    func qaScores(callID: String) throws -> [QAScore]
}

/// The line's service state (Art. 20) and its history.
public protocol LineStateStoring: Sendable {
    /// The state of `line`; `.inService` when never set.
    func lineState(line: String) throws -> LineStateRecord
    /// Changes the state and appends to the history in one step.
    func setLineState(line: String, to state: LineState, actor: String, note: String, at: Date) throws
    /// Every change of `line`, oldest first.
    func lineStateHistory(line: String) throws -> [LineStateRecord]
}

/// Everything the supervision side reads and writes: what `ivr report`, `ivr qa`, `ivr calls` and the console use.
public typealias SupervisionStoring = CallIndexStoring & TicketFactsReading & QAStoring & LineStateStoring

/// One ticket as the report counts it.
public struct TicketFact: Sendable, Hashable {
    /// The ticket number.
    public var number: String
    /// `voicemail`, `document` or `complaint`.
    public var kind: String
    /// The call that opened it, when known.
    public var callID: String?
    /// The day it was opened (local).
    public var created: CivilDate
    /// The reply deadline (inclusive).
    public var due: CivilDate
    /// The day it was first marked answered or closed, `nil` while open.
    public var answered: CivilDate?

    /// Creates a fact.
    public init(number: String, kind: String, callID: String?, created: CivilDate, due: CivilDate, answered: CivilDate?) {
        self.number = number
        self.kind = kind
        self.callID = callID
        self.created = created
        self.due = due
        self.answered = answered
    }
}

/// A drawn QA sample.
public struct QASample: Sendable, Hashable {
    /// The sample's id (`qa-YYYYMMDD-<seed>`).
    public var id: String
    /// The day it was drawn (the `--now` date).
    public var drawnOn: CivilDate
    /// Who drew it.
    public var actor: String
    /// The calls, in draw order, with their topic.
    public var calls: [(callID: String, topic: String)]

    /// Creates a sample.
    public init(id: String, drawnOn: CivilDate, actor: String, calls: [(callID: String, topic: String)]) {
        self.id = id
        self.drawnOn = drawnOn
        self.actor = actor
        self.calls = calls
    }

    public static func == (a: QASample, b: QASample) -> Bool {
        a.id == b.id && a.drawnOn == b.drawnOn && a.actor == b.actor && a.calls.elementsEqual(b.calls, by: { $0 == $1 })
    }

    public func hash(into h: inout Hasher) {
        h.combine(id)
        for c in calls { h.combine(c.callID) }
    }
}

/// A QA score of one call (1 poor … 5 excellent), with who gave it and when.
public struct QAScore: Sendable, Hashable {
    /// The call scored.
    public var callID: String
    /// 1…5.
    public var score: Int
    /// The reviewer's note.
    public var note: String
    /// The reviewer.
    public var actor: String
    /// When (ISO 8601 local time).
    public var at: String

    /// Creates a score.
    public init(callID: String, score: Int, note: String, actor: String, at: String) {
        self.callID = callID
        self.score = score
        self.note = note
        self.actor = actor
        self.at = at
    }
}
