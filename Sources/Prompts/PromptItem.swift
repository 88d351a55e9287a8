/// One step of a spoken sequence: a recorded prompt (by id) or a short pause.
///
/// The engine plays the items in order; `text` is what the item says, for logs and tests.
public enum PromptItem: Hashable, Sendable, CustomStringConvertible {
    /// Play the prompt `id`; `text` is its written form here (a year's zero is written 〇 but spoken 零).
    case prompt(id: String, text: String)
    /// Silence, in milliseconds (between groups of a phone number, say).
    case pause(milliseconds: Int)

    /// The prompt id, or nil for a pause.
    public var id: String? {
        if case .prompt(let id, _) = self { return id }
        return nil
    }

    /// The written form: the prompt's text, or "，" for a pause.
    public var text: String {
        switch self {
        case .prompt(_, let text): text
        case .pause: "，"
        }
    }

    public var description: String {
        switch self {
        case .prompt(let id, _): id
        case .pause(let ms): "pause(\(ms)ms)"
        }
    }
}

extension Array where Element == PromptItem {
    /// The written form of the whole sequence (what a caller hears, as Chinese text).
    public var text: String { map(\.text).joined() }
    /// The prompt ids in play order (pauses left out).
    public var promptIDs: [String] { compactMap(\.id) }
}
