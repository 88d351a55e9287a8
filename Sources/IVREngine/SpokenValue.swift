public import WorkingDays

/// A value the line speaks with the Chinese verbaliser (Prompts) rather than a fixed recording.
///
/// The machine only says *what* to speak; the session turns it into prompt sequences, so IVREngine does
/// not depend on how values are rendered.
public enum SpokenValue: Hashable, Sendable {
    /// A string of keys read one by one (ticket numbers); 1 is read 幺.
    case digits(String)
    /// A telephone or fax number read back digit by digit in groups (number read-back).
    case phone(String)
    /// A cardinal number.
    case number(Int)
    /// A count of callers waiting ahead (N位).
    case callers(Int)
    /// A count of months (养老保险缴费月数): "N个月".
    case months(Int)
    /// An amount of money in fen (分), spoken as 元 角 分.
    case money(fen: Int)
    /// A calendar date, spoken as YYYY年M月D日.
    case date(CivilDate)
    /// A count of working days (N个工作日).
    case workdays(Int)
    /// The agents' business hours ("工作日上午八点三十分至中午十二点，…").
    case businessHours(BusinessHours)
}

/// One piece of a playback: a recorded prompt by id, a spoken value, or the caller's own last recording.
public enum PlayItem: Hashable, Sendable {
    /// A prompt of the prompt set, by id (Prompts/prompts.yaml).
    case prompt(String)
    /// A value for the verbaliser.
    case say(SpokenValue)
    /// The message the caller just recorded (voicemail review: "1 listen").
    case lastRecording
    /// Silence between clauses, in milliseconds (after a digit string).
    case pause(milliseconds: Int)
}

/// What the line plays as one unit; the session reports its end with `promptFinished(id)`.
public struct Playback: Hashable, Sendable {
    /// The id echoed back in `promptFinished` and written in `prompt`/`prompt_end` events: the first prompt id.
    public var id: String
    /// The pieces, played back to back.
    public var items: [PlayItem]
    /// Whether a key stops it (barge-in); keys during a non-interruptible playback are kept as type-ahead.
    public var interruptible: Bool

    /// Creates a playback; its id is the first prompt's id (or `recording`/`value` when it has none).
    public init(_ items: [PlayItem], interruptible: Bool) {
        self.items = items
        self.interruptible = interruptible
        self.id = items.lazy.compactMap { item -> String? in
            if case .prompt(let id) = item { return id }
            return nil
        }.first ?? (items.contains(.lastRecording) ? "recording" : "value")
    }

    /// A playback of one prompt.
    public static func prompt(_ id: String, interruptible: Bool) -> Playback {
        Playback([.prompt(id)], interruptible: interruptible)
    }
}
