import Foundation

/// The line's service state (norms Art. 20: ready, closed, logged out).
public enum LineState: String, Sendable, CaseIterable, Codable {
    /// In service: the whole menu, agents in business hours.
    case inService = "open"
    /// Closed (e.g. maintenance): the closed announcement, then self-service and voicemail only.
    case closed
    /// Stopped: the line answers no more calls (a running line ends after its current call).
    case stopped

    /// The state in Chinese, for staff pages.
    public var chinese: String {
        switch self {
        case .inService: "服务中"
        case .closed: "闭席"
        case .stopped: "已停止"
        }
    }
}

/// A line's state with who set it and when.
public struct LineStateRecord: Sendable, Hashable {
    /// The line's name (`default` for the demo line).
    public var line: String
    /// The state.
    public var state: LineState
    /// When it was set (ISO 8601 local time), empty when never set.
    public var since: String
    /// Who set it.
    public var actor: String
    /// Why.
    public var note: String

    /// Creates a record.
    public init(line: String, state: LineState, since: String = "", actor: String = "", note: String = "") {
        self.line = line
        self.state = state
        self.since = since
        self.actor = actor
        self.note = note
    }
}
