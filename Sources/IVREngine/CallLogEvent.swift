public import WorkingDays

/// Who ended the call (the `hangup` event's `by`).
public enum HangupSide: String, Hashable, Sendable {
    /// The caller hung up.
    case caller
    /// The line hung up (after the goodbye or the silent-call script).
    case line
}

/// The result of an identity check (the `auth` event's `result`).
public enum AuthResult: String, Hashable, Sendable {
    /// ID number and PIN matched.
    case ok
    /// They did not match.
    case fail
    /// Too many failures: the query branch is closed for this call.
    case locked
    /// The store refused the check: too many failures of this ID across calls, locked until the next day.
    case lockedToday = "locked_today"
}

/// The outcome written in a `transfer` event.
public enum TransferResult: String, Hashable, Sendable {
    /// The call waits in the agent queue.
    case queued
    /// An agent answered.
    case answered
    /// The maximum wait passed; the caller is offered a voice message.
    case overflow
    /// Out of business hours: no agent.
    case closed
}

/// One event of the call's event log (docs/contracts.md: names and fields never change).
///
/// Secret values never get here unmasked: `input` carries a value the machine has already masked.
public enum CallLogEvent: Hashable, Sendable {
    /// The call was answered.
    case answer(call: String, caller: String?, now: String, lang: String)
    /// A playback started.
    case prompt(id: String, lang: String)
    /// A playback ended, to its end or stopped by a key.
    case promptEnd(id: String, lang: String, interrupted: Bool)
    /// The caller reached a node (full node id).
    case node(id: String)
    /// A key (not written while a secret is typed).
    case digit(Character)
    /// A completed entry; secrets arrive masked.
    case input(node: String, field: String, value: String)
    /// No key before the timeout, the n-th time in a row.
    case noInput(node: String, count: Int)
    /// A key or entry the node does not accept, the n-th time in a row.
    case noMatch(node: String, count: Int)
    /// The identity check result.
    case auth(AuthResult)
    /// A recording started.
    case recordStart
    /// A recording ended.
    case recordEnd(reason: RecordingEndReason, seconds: Double)
    /// A ticket was opened.
    case ticket(number: String, kind: TicketKind, due: CivilDate)
    /// Transfer to the agent queue, with its result.
    case transfer(queue: String, result: TransferResult)
    /// The satisfaction rating (nil: no key).
    case survey(score: Int?)
    /// The call ended.
    case hangup(by: HangupSide, reason: String)
    /// The caller chose a prompt set (an added event: `lang`).
    case language(lang: String)
    /// A recording was too short or silent and was discarded (an added event: `seconds`).
    case recordDiscarded(seconds: Double)
    /// The line answered in a state other than in service (Art. 20; an added event: `state`, e.g. `closed`).
    case lineState(state: String)

    /// The `event` field.
    public var name: String {
        switch self {
        case .answer: "answer"
        case .prompt: "prompt"
        case .promptEnd: "prompt_end"
        case .node: "node"
        case .digit: "digit"
        case .input: "input"
        case .noInput: "noinput"
        case .noMatch: "nomatch"
        case .auth: "auth"
        case .recordStart: "record_start"
        case .recordEnd: "record_end"
        case .ticket: "ticket"
        case .transfer: "transfer"
        case .survey: "survey"
        case .hangup: "hangup"
        case .language: "language"
        case .recordDiscarded: "record_discarded"
        case .lineState: "line_state"
        }
    }

    /// The fields after `t` and `event`, in order, as JSON fragments.
    var fields: [(String, JSONValue)] {
        switch self {
        case let .answer(call, caller, now, lang):
            [("call", .string(call)), ("caller", caller.map(JSONValue.string) ?? .null), ("now", .string(now)),
             ("lang", .string(lang))]
        case let .prompt(id, lang): [("id", .string(id)), ("lang", .string(lang))]
        case let .promptEnd(id, lang, interrupted):
            [("id", .string(id)), ("lang", .string(lang)), ("interrupted", .bool(interrupted))]
        case let .node(id): [("id", .string(id))]
        case let .digit(digit): [("digit", .string(String(digit)))]
        case let .input(node, field, value): [("node", .string(node)), ("field", .string(field)), ("value", .string(value))]
        case let .noInput(node, count), let .noMatch(node, count): [("node", .string(node)), ("count", .int(count))]
        case let .auth(result): [("result", .string(result.rawValue))]
        case .recordStart: []
        case let .recordEnd(reason, seconds): [("reason", .string(reason.rawValue)), ("seconds", .seconds(seconds))]
        case let .ticket(number, kind, due):
            [("number", .string(number)), ("kind", .string(kind.rawValue)), ("due", .string(due.description))]
        case let .transfer(queue, result): [("queue", .string(queue)), ("result", .string(result.rawValue))]
        case let .survey(score): [("score", score.map(JSONValue.int) ?? .null)]
        case let .hangup(by, reason): [("by", .string(by.rawValue)), ("reason", .string(reason))]
        case let .language(lang): [("lang", .string(lang))]
        case let .recordDiscarded(seconds): [("seconds", .seconds(seconds))]
        case let .lineState(state): [("state", .string(state))]
        }
    }
}

/// A ``CallLogEvent`` with its time: the sample position since answer (`t` = samples / 8000 s).
public struct LoggedEvent: Hashable, Sendable {
    /// Samples since answer at 8 kHz.
    public var sample: Int
    /// The event.
    public var event: CallLogEvent
    /// For a `digit` kept as type-ahead and logged when a menu took it: when the key was pressed (samples since
    /// answer, the same clock as ``sample``), written as `pressed` in seconds. Nil otherwise.
    public var pressedSample: Int?

    /// Creates a timed event.
    public init(sample: Int, event: CallLogEvent, pressedSample: Int? = nil) {
        self.sample = sample
        self.event = event
        self.pressedSample = pressedSample
    }

    /// Seconds since answer.
    public var seconds: Double { Double(sample) / 8000 }

    /// One line of the JSONL event log: `{"t":1.230,"event":"digit","digit":"5"}` (no newline); a key used from
    /// type-ahead adds when it was pressed: `{"t":4.500,"event":"digit","digit":"5","pressed":1.230}`.
    public var json: String { json(adding: [:]) }

    /// The same line with string fields added after the event's own (a driver's facts, e.g. the SIP line's
    /// `sip_call_id`); the values are escaped as JSON strings, whatever they hold.
    public func json(adding extra: KeyValuePairs<String, String>) -> String {
        var out = "{\"t\":" + JSONValue.seconds(seconds).text + ",\"event\":\"" + event.name + "\""
        for (key, value) in event.fields {
            out += ",\"" + key + "\":" + value.text
        }
        if let pressedSample {
            out += ",\"pressed\":" + JSONValue.seconds(Double(pressedSample) / 8000).text
        }
        for (key, value) in extra {
            out += ",\"" + key + "\":" + JSONValue.string(value).text
        }
        return out + "}"
    }
}

/// A JSON scalar, serialised by hand so that field order is stable.
enum JSONValue {
    case string(String), int(Int), bool(Bool), seconds(Double), null

    var text: String {
        switch self {
        case .string(let s): return "\"" + JSONValue.escape(s) + "\""
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .seconds(let s):
            // Milliseconds, rounded: "1.230".
            let ms = Int((s * 1000).rounded())
            let sign = ms < 0 ? "-" : ""
            let a = abs(ms)
            let frac = String(a % 1000)
            return sign + String(a / 1000) + "." + String(repeating: "0", count: 3 - frac.count) + frac
        }
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
