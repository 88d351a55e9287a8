/// The menu tree of a hotline: the national unified tree from `Prompts/menu.yaml`, plus province overlays.
///
/// Load it with ``load(path:overlays:knownPrompts:)``; a loaded tree is valid (every rule of
/// ``MenuError/Code`` holds), so the machine never meets a dangling id.
public struct MenuTree: Hashable, Sendable {
    /// Nodes by full id.
    public var nodes: [String: MenuNode]
    /// Call-wide settings.
    public var settings: MenuSettings

    /// The node with this id (valid ids only: the tree is validated at load).
    public subscript(id: String) -> MenuNode {
        guard let node = nodes[id] else { preconditionFailure("menu tree has no node \(id)") }
        return node
    }

    /// Every prompt id the tree references.
    public var promptIDs: Set<String> {
        Set(settings.prompts.values).union(nodes.values.flatMap(\.prompts.values))
    }

    /// The node ids that national-menu.md fixes and that an overlay may not replace.
    public static let nationalNodes: Set<String> = ["welcome", "main"]
    /// Nodes the machine needs besides the menus.
    public static let requiredNodes: [(id: String, kind: NodeKind)] = [
        ("welcome", .welcome), ("main", .menu), ("agent", .agent), ("survey", .survey), ("goodbye", .goodbye),
    ]
    /// National prompt ids (Art. 34) by node and role: ops may re-record them, never rename them.
    public static let nationalPrompts: [(node: String, role: String, id: String)] = [
        ("welcome", "welcome", "welcome"), ("main", "menu", "main_menu"), ("agent", "wait_tone", "wait_tone"),
    ]
}

/// Call-wide settings of the tree (`defaults:`, `global_keys:` and `prompts:` in menu.yaml).
public struct MenuSettings: Hashable, Sendable {
    /// First-key timeout, samples (default 5 s).
    public var firstDigitTimeoutSamples = 5 * 8000
    /// Inter-digit timeout, samples (default 3 s).
    public var interDigitTimeoutSamples = 3 * 8000
    /// Silent rounds before the line hangs up (default 3).
    public var noInputLimit = 3
    /// Wrong keys in a row before the agent is offered (default 3).
    public var wrongInputLimit = 3
    /// Back one level (default `*`).
    public var backKey: Character = "*"
    /// Repeat this level's prompt (default `#`).
    public var repeatKey: Character = "#"
    /// Reach an agent from any menu (default `0`).
    public var agentKey: Character = "0"
    /// Call-wide prompts by role (see ``requiredPromptRoles``).
    public var prompts: [String: String] = [:]
    /// Whether the line ignores the letter keys A–D (`letter_keys: ignore`, the default, or `accept`). Telephone
    /// keypads have none and the national menu never uses them, so a detected A–D (a high voice can look like
    /// one) never reaches the menu unless a line turns them on.
    public var ignoresLetterKeys = true

    /// The call-wide prompt roles menu.yaml must name.
    public static let requiredPromptRoles = [
        "input_error", "no_input_goodbye", "system_error", "offer_agent", "reply_within", "reply_by", "reply_end",
    ]

    /// A call-wide prompt id by role.
    public func prompt(_ role: String) -> String { prompts[role] ?? role }

    /// Default settings.
    public init() {}
}
