import Foundation
public import WorkingDays

/// An event log that cannot become a call-index row: names the line and what is wrong.
public struct EventLogError: Error, Sendable, CustomStringConvertible {
    /// The 1-based line, 0 for the log as a whole.
    public var line: Int
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// `line 3: not a JSON object`.
    public var description: String { line > 0 ? "line \(line): \(message)" : message }
}

extension CallRecord {
    /// Builds the index row of one call from its `events.jsonl` text (the README's event-log contract).
    ///
    /// A call cut off before its `hangup` (a killed process) still gives a row: the last event's time is the
    /// duration and the caller is taken to have hung up (`reason` `incomplete`).
    /// - Parameters:
    ///   - eventLog: the JSONL text.
    ///   - utcOffsetSeconds: the offset used when the `now` field has none.
    /// - Throws: ``EventLogError`` for a line that is not JSON or a log without an `answer` event.
    public init(eventLog: String, utcOffsetSeconds: Int = LocalDateTime.chinaStandardOffsetSeconds) throws {
        var callID: String?
        var startText = ""
        var start: LocalDateTime?
        var caller: String?
        var language = "cmn"
        var path: [String] = []
        var hangup: (by: String, reason: String)?
        var tickets: [TicketRef] = []
        var surveyOffered = false
        var surveyScore: Int?
        var errors: [String: NodeErrors] = [:]
        var agent: AgentRequest?
        var queuedAt: Double?
        var lineClosed = false
        var lastT = 0.0
        var lineNumber = 0
        for raw in eventLog.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if raw.allSatisfy(\.isWhitespace) { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: Any] else {
                throw EventLogError(line: lineNumber, message: "not a JSON object")
            }
            guard let event = object["event"] as? String else {
                throw EventLogError(line: lineNumber, message: "no \"event\" field")
            }
            let t = (object["t"] as? NSNumber)?.doubleValue ?? lastT
            lastT = max(lastT, t)
            func text(_ key: String) -> String? { object[key] as? String }
            switch event {
            case "answer":
                callID = text("call")
                caller = text("caller")
                startText = text("now") ?? ""
                start = LocalDateTime.parse(startText, utcOffsetSeconds: utcOffsetSeconds)?.local
                if let lang = text("lang") { language = lang }
                if start == nil { throw EventLogError(line: lineNumber, message: "the answer event's \"now\" is not an ISO 8601 time") }
            case "language":
                if let lang = text("lang") { language = lang }
            case "node":
                if let id = text("id") { path.append(id) }
            case "noinput", "nomatch":
                guard let node = text("node") else { break }
                var counts = errors[node] ?? NodeErrors()
                if event == "noinput" { counts.noInput += 1 } else { counts.noMatch += 1 }
                errors[node] = counts
            case "ticket":
                if let number = text("number"), let kind = text("kind"), let due = text("due").flatMap({ CivilDate(iso: $0) }) {
                    tickets.append(TicketRef(number: number, kind: kind, due: due))
                }
            case "transfer":
                let result = text("result") ?? "queued"
                var request = agent ?? AgentRequest(inHours: result != "closed", result: result, waitSeconds: nil)
                request.result = result
                switch result {
                case "queued": queuedAt = queuedAt ?? t
                case "answered", "overflow":
                    if let q = queuedAt, request.waitSeconds == nil { request.waitSeconds = t - q }
                case "closed": request.inHours = false
                default: break
                }
                agent = request
            case "survey":
                surveyOffered = true
                surveyScore = (object["score"] as? NSNumber)?.intValue
            case "hangup":
                hangup = (text("by") ?? "caller", text("reason") ?? "")
            case "line_state":
                lineClosed = text("state") == "closed"
            default:
                break
            }
        }
        guard let callID, let start else {
            throw EventLogError(line: 0, message: "no answer event: not a call's event log")
        }
        self.init(callID: callID, start: start, startText: startText, durationSeconds: lastT, caller: caller,
                  language: language, path: path, hangupBy: hangup?.by ?? "caller", hangupReason: hangup?.reason ?? "incomplete",
                  tickets: tickets, surveyOffered: surveyOffered, surveyScore: surveyScore, nodeErrors: errors,
                  agent: agent, lineClosed: lineClosed)
    }
}
