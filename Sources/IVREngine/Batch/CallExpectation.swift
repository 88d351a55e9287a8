import Foundation
import Yams

/// What a scripted call must do, read from `NAME.expect.yaml` beside `NAME.wav`, and the inputs to run it with.
///
/// ```yaml
/// now: 2025-09-26T10:00:00+08:00   # the "now" of the call (greetings, business hours, deadlines)
/// caller: "13800138000"           # caller number, or omitted
/// nodes: [welcome, main, voicemail, survey, goodbye]   # must appear in this order (others may come between)
/// prompts: [voicemail_intro, beep, voicemail_review]   # prompt ids that must start in this order (same rule)
/// tickets: [{kind: voicemail, due: 2025-09-30}]        # exactly these tickets, in order
/// survey: 1                       # the survey event's score (null: asked, not answered)
/// auth: [fail, ok]                # auth results in order
/// transfer: [closed]              # transfer results in order
/// hangup: line                    # who hung up: caller or line
/// absent: [transfer]              # events that must not appear
/// absent_nodes: [account]         # nodes that must not be visited
/// ```
/// Every key but `now` is optional; an omitted key is not checked.
public struct CallExpectation: Sendable, Equatable {
    /// A ticket the call must open.
    public struct Ticket: Sendable, Equatable {
        /// `voicemail`, `complaint` or `document`.
        public var kind: String
        /// Due date `YYYY-MM-DD`, or nil to accept any.
        public var due: String?
    }

    /// ISO 8601 "now" for the call.
    public var now: String
    /// The caller's number, if the call presents one.
    public var caller: String?
    /// Node ids that must appear in order.
    public var nodes: [String]?
    /// Prompt ids that must start (`prompt` events) in order.
    public var prompts: [String]? = nil
    /// Tickets that must be opened, in order.
    public var tickets: [Ticket]?
    /// Whether `survey` was given, and its expected score (nil inside = not rated).
    public var survey: Int??
    /// Auth results in order.
    public var auth: [String]?
    /// Transfer results in order.
    public var transfer: [String]?
    /// `caller` or `line`.
    public var hangup: String?
    /// Event names that must not appear.
    public var absentEvents: [String]
    /// Node ids that must not appear.
    public var absentNodes: [String]

    /// A problem with an expectation file, naming the file and the fix.
    public struct LoadError: Error, CustomStringConvertible {
        /// The file.
        public let path: String
        /// What is wrong and how to fix it.
        public let message: String
        public var description: String { "\(path): \(message)" }
    }

    /// Reads an expectation file.
    /// - Throws: ``LoadError`` naming the file.
    public static func load(path: String) throws -> CallExpectation {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw LoadError(path: path, message: "cannot read the expectation file: \(error.localizedDescription)")
        }
        let root: [String: Any]
        do {
            guard let map = try Yams.load(yaml: text, Resolver.default.removing(.timestamp)) as? [String: Any] else {
                throw LoadError(path: path, message: "expected a mapping with at least `now:`")
            }
            root = map
        } catch let error as LoadError { throw error } catch {
            throw LoadError(path: path, message: "not valid YAML: \(error)")
        }
        func strings(_ key: String) throws -> [String]? {
            guard let v = root[key] else { return nil }
            if let s = v as? String { return [s] }
            guard let list = v as? [Any] else { throw LoadError(path: path, message: "`\(key)` must be a list of strings") }
            return list.map { "\($0)" }
        }
        guard let nowValue = root["now"] else { throw LoadError(path: path, message: "missing `now:` (ISO 8601, e.g. 2025-09-26T10:00:00+08:00)") }
        var e = CallExpectation(now: Self.isoString(nowValue), caller: root["caller"].map { "\($0)" },
                                nodes: try strings("nodes"), tickets: nil, survey: nil, auth: try strings("auth"),
                                transfer: try strings("transfer"), hangup: root["hangup"].map { "\($0)" },
                                absentEvents: try strings("absent") ?? [], absentNodes: try strings("absent_nodes") ?? [])
        e.prompts = try strings("prompts")
        if let t = root["tickets"] {
            guard let list = t as? [Any] else { throw LoadError(path: path, message: "`tickets` must be a list of {kind, due}") }
            e.tickets = try list.map { item in
                guard let m = item as? [String: Any], let kind = m["kind"] else {
                    throw LoadError(path: path, message: "each ticket needs `kind` (voicemail, complaint, document)")
                }
                return Ticket(kind: "\(kind)", due: m["due"].map { Self.isoString($0) })
            }
        }
        if root.keys.contains("survey") {
            let v = root["survey"]
            if v == nil || v is NSNull { e.survey = .some(nil) } else if let n = v as? Int { e.survey = .some(n) } else {
                throw LoadError(path: path, message: "`survey` must be 1, 2, 3 or null")
            }
        }
        return e
    }

    /// Dates and times are kept as the text written (timestamps are not resolved).
    private static func isoString(_ value: Any) -> String { "\(value)" }

    /// Compares a call's event log (one JSON object per line, docs/contracts.md) with this expectation.
    /// - Returns: one line per mismatch, "expected …, got …"; empty when the call did what it should.
    public func check(events: [[String: Any]]) -> [String] {
        var failures: [String] = []
        func values(_ event: String, _ field: String) -> [String] {
            events.filter { $0["event"] as? String == event }.map { $0[field].map { Self.jsonText($0) } ?? "null" }
        }
        let visited = values("node", "id")
        if let nodes {
            var remaining = visited[...]
            for (i, node) in nodes.enumerated() {
                guard let at = remaining.firstIndex(of: node) else {
                    failures.append("nodes: expected \(nodes[i...].joined(separator: " → ")) in order, got \(visited.joined(separator: " → "))")
                    break
                }
                remaining = remaining[(at + 1)...]
            }
        }
        if let prompts {
            let played = values("prompt", "id")
            var remaining = played[...]
            for (i, prompt) in prompts.enumerated() {
                guard let at = remaining.firstIndex(of: prompt) else {
                    failures.append("prompts: expected \(prompts[i...].joined(separator: " → ")) in order, got \(played.joined(separator: " → "))")
                    break
                }
                remaining = remaining[(at + 1)...]
            }
        }
        for node in absentNodes where visited.contains(node) {
            failures.append("nodes: expected no \(node), got \(visited.joined(separator: " → "))")
        }
        if let tickets {
            let got = events.filter { $0["event"] as? String == "ticket" }
            let gotText = got.map { "\($0["kind"].map { Self.jsonText($0) } ?? "?") due \($0["due"].map { Self.jsonText($0) } ?? "?")" }
            let ok = got.count == tickets.count && zip(got, tickets).allSatisfy { g, t in
                Self.jsonText(g["kind"] ?? "") == t.kind && (t.due == nil || Self.jsonText(g["due"] ?? "") == t.due)
            }
            if !ok {
                let want = tickets.map { "\($0.kind) due \($0.due ?? "any")" }
                failures.append("tickets: expected [\(want.joined(separator: ", "))], got [\(gotText.joined(separator: ", "))]")
            }
        }
        if let survey {
            let got = values("survey", "score")
            let want = survey.map(String.init) ?? "null"
            if got != [want] { failures.append("survey: expected score \(want), got \(got.isEmpty ? "no survey" : got.joined(separator: ", "))") }
        }
        if let auth, values("auth", "result") != auth {
            failures.append("auth: expected \(auth), got \(values("auth", "result"))")
        }
        if let transfer, values("transfer", "result") != transfer {
            failures.append("transfer: expected \(transfer), got \(values("transfer", "result"))")
        }
        if let hangup {
            let got = values("hangup", "by")
            if got.last != hangup { failures.append("hangup: expected by \(hangup), got \(got.last ?? "no hangup event")") }
        }
        let names = Set(events.compactMap { $0["event"] as? String })
        for name in absentEvents where names.contains(name) {
            failures.append("events: expected no `\(name)` event, got \(events.filter { $0["event"] as? String == name }.count)")
        }
        return failures
    }

    /// A JSON value as plain text ("1", "voicemail", "null", "true").
    static func jsonText(_ value: Any) -> String {
        if value is NSNull { return "null" }
        if let b = value as? Bool, !(value is NSNumber) { return b ? "true" : "false" }
        if let n = value as? NSNumber { return n.stringValue }
        return "\(value)"
    }

    /// Parses an events.jsonl text into objects (lines that are not JSON objects are skipped).
    public static func parseEvents(_ jsonl: String) -> [[String: Any]] {
        jsonl.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }
}
