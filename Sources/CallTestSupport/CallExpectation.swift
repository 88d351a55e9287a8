import Foundation
public import IVREngine
import WorkingDays
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

    /// Compares a call's typed event log (the entries the session logged, in call order) with this expectation.
    /// - Returns: one line per mismatch, "expected …, got …"; empty when the call did what it should.
    public func check(events: [LoggedEvent]) -> [String] {
        var failures: [String] = []
        let log = events.map(\.event)
        let visited = log.compactMap { event -> String? in if case let .node(id) = event { id } else { nil } }
        if let nodes, let failure = Self.inOrder(nodes, within: visited, key: "nodes") { failures.append(failure) }
        if let prompts {
            let played = log.compactMap { event -> String? in if case let .prompt(id, _) = event { id } else { nil } }
            if let failure = Self.inOrder(prompts, within: played, key: "prompts") { failures.append(failure) }
        }
        for node in absentNodes where visited.contains(node) {
            failures.append("nodes: expected no \(node), got \(visited.joined(separator: " → "))")
        }
        if let tickets {
            let got = log.compactMap { event -> (kind: String, due: String)? in
                if case let .ticket(_, kind, due) = event { (kind.rawValue, due.description) } else { nil }
            }
            let ok = got.count == tickets.count && zip(got, tickets).allSatisfy { g, t in
                g.kind == t.kind && (t.due == nil || g.due == t.due)
            }
            if !ok {
                let want = tickets.map { "\($0.kind) due \($0.due ?? "any")" }
                failures.append("tickets: expected [\(want.joined(separator: ", "))], got [\(got.map { "\($0.kind) due \($0.due)" }.joined(separator: ", "))]")
            }
        }
        if let survey {
            let got = log.compactMap { event -> String? in if case let .survey(score) = event { score.map(String.init) ?? "null" } else { nil } }
            let want = survey.map(String.init) ?? "null"
            if got != [want] { failures.append("survey: expected score \(want), got \(got.isEmpty ? "no survey" : got.joined(separator: ", "))") }
        }
        let authResults = log.compactMap { event -> String? in if case let .auth(result) = event { result.rawValue } else { nil } }
        if let auth, authResults != auth {
            failures.append("auth: expected \(auth), got \(authResults)")
        }
        let transferResults = log.compactMap { event -> String? in
            if case let .transfer(_, result) = event { result.rawValue } else { nil }
        }
        if let transfer, transferResults != transfer {
            failures.append("transfer: expected \(transfer), got \(transferResults)")
        }
        if let hangup {
            let got = log.last { if case .hangup = $0 { true } else { false } }
            let by: String? = if case let .hangup(side, _) = got { side.rawValue } else { nil }
            if by != hangup { failures.append("hangup: expected by \(hangup), got \(by ?? "no hangup event")") }
        }
        let names = Set(log.map(\.name))
        for name in absentEvents where names.contains(name) {
            failures.append("events: expected no `\(name)` event, got \(log.filter { $0.name == name }.count)")
        }
        return failures
    }

    /// Whether `wanted` appears in `got` in order (others may come between); the mismatch line when it does not.
    private static func inOrder(_ wanted: [String], within got: [String], key: String) -> String? {
        var remaining = got[...]
        for (i, item) in wanted.enumerated() {
            guard let at = remaining.firstIndex(of: item) else {
                return "\(key): expected \(wanted[i...].joined(separator: " → ")) in order, got \(got.joined(separator: " → "))"
            }
            remaining = remaining[(at + 1)...]
        }
        return nil
    }
}
