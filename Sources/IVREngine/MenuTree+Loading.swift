import Foundation
import Yams

extension MenuTree {
    /// Loads and validates a menu file and its province overlays, in order.
    ///
    /// - Parameters:
    ///   - path: the menu file (`Prompts/menu.yaml`).
    ///   - overlays: province overlay files; each may add nodes or replace whole branches, never the national
    ///     nodes (`welcome`, `main`) nor the national wait tone.
    ///   - knownPrompts: the prompt ids of the prompt set; `nil` skips that check.
    /// - Throws: ``MenuError`` listing every problem with its file, line and fix.
    public static func load(path: String, overlays: [String] = [], knownPrompts: Set<String>?) throws -> MenuTree {
        func read(_ path: String) throws -> String {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
            else {
                throw MenuError([MenuProblem(.unreadable, file: path, line: 0, "cannot read the menu file as UTF-8 text",
                                             fix: "check the path and that the file exists and is readable")])
            }
            return text
        }
        return try parse(yaml: read(path), file: path,
                         overlays: overlays.map { (yaml: try read($0), file: $0) }, knownPrompts: knownPrompts)
    }

    /// Parses and validates menu YAML text (``load(path:overlays:knownPrompts:)`` without the files).
    ///
    /// - Parameters:
    ///   - yaml: the menu text.
    ///   - file: the name used in problems.
    ///   - overlays: overlay texts with their names, applied in order.
    ///   - knownPrompts: the prompt ids of the prompt set; `nil` skips that check.
    /// - Throws: ``MenuError``.
    public static func parse(yaml: String, file: String, overlays: [(yaml: String, file: String)] = [],
                             knownPrompts: Set<String>?) throws -> MenuTree {
        var reader = MenuReader(knownPrompts: knownPrompts)
        guard let base = reader.readFile(yaml, file: file, isOverlay: false, base: MenuSettings()) else {
            throw MenuError(reader.problems)
        }
        var settings = base.settings
        var nodes = base.nodes
        for overlay in overlays {
            guard let layer = reader.readFile(overlay.yaml, file: overlay.file, isOverlay: true, base: settings) else {
                continue
            }
            settings = layer.settings
            for node in layer.nodes.values.sorted(by: { $0.line < $1.line }) {
                if nodes[node.id] != nil {
                    // Replacing a branch replaces its whole subtree.
                    nodes = nodes.filter { $0.key != node.id && !$0.key.hasPrefix(node.id + ".") }
                }
            }
            nodes.merge(layer.nodes) { _, new in new }
        }
        var tree = MenuTree(nodes: nodes, settings: settings)
        tree.fillDefaults(timeoutOverrides: reader.timeoutOverrides)
        let problems = reader.problems + tree.validate()
        guard problems.isEmpty else { throw MenuError(problems) }
        return tree
    }

    /// Default parents (`*` target): the id's prefix when that node exists, else `main`; timeouts a node does not
    /// set itself come from the final defaults (an overlay's `defaults:` apply to every node).
    private mutating func fillDefaults(timeoutOverrides: [String: (first: Int?, inter: Int?)]) {
        for id in nodes.keys {
            let own = timeoutOverrides[id]
            nodes[id]?.firstDigitTimeoutSamples = own?.first ?? settings.firstDigitTimeoutSamples
            nodes[id]?.interDigitTimeoutSamples = own?.inter ?? settings.interDigitTimeoutSamples
        }
        for (id, node) in nodes where node.parent == nil && id != "main" && id != "welcome" {
            var parent = "main"
            if let dot = id.lastIndex(of: "."), nodes[String(id[..<dot])] != nil { parent = String(id[..<dot]) }
            nodes[id]?.parent = parent
        }
    }
}

/// Reads menu YAML into nodes, collecting problems instead of stopping at the first.
struct MenuReader {
    struct Layer {
        var settings: MenuSettings
        var nodes: [String: MenuNode]
    }

    let knownPrompts: Set<String>?
    var problems: [MenuProblem] = []
    /// Timeouts (samples) a node sets itself, by node id (the last file that defines the node wins).
    var timeoutOverrides: [String: (first: Int?, inter: Int?)] = [:]
    private var file = ""

    init(knownPrompts: Set<String>?) { self.knownPrompts = knownPrompts }

    static let validKeys: Set<Character> = Set("0123456789*#ABCD")
    static let nodeFields: Set<String> = [
        "kind", "prompts", "options", "keys", "parent", "next", "flush", "first_digit_timeout_ms",
        "inter_digit_timeout_ms", "languages", "item", "ticket_kind", "max_seconds", "silence_seconds", "min_ms",
        "documents", "deliveries", "min_digits", "max_digits", "max_failures", "pin_digits", "queue", "busy_interval_ms",
        "max_wait_ms", "business_hours",
    ]

    private mutating func problem(_ code: MenuProblem.Code, _ node: Node?, _ message: String, fix: String) {
        problems.append(MenuProblem(code, file: file, line: node?.mark?.line ?? 0, message, fix: fix))
    }

    mutating func readFile(_ yaml: String, file: String, isOverlay: Bool, base: MenuSettings) -> Layer? {
        self.file = file
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                problem(.missingField, nil, "the file is empty", fix: "start from the shipped Prompts/menu.yaml")
                return nil
            }
            root = node
        } catch let error as YamlError {
            problems.append(Self.problem(for: error, yaml: yaml, file: file))
            return nil
        } catch {
            problems.append(MenuProblem(.syntax, file: file, line: 0, "\(error)", fix: "fix the YAML syntax"))
            return nil
        }
        guard let top = root.mapping else {
            problem(.badValue, root, "the top level is not a mapping", fix: "use the keys defaults, global_keys, prompts, nodes")
            return nil
        }
        let topFields: Set<String> = isOverlay ? ["version", "defaults", "nodes"]
            : ["version", "defaults", "global_keys", "prompts", "nodes"]
        for (key, _) in top where !topFields.contains(key.string ?? "") {
            problem(.unknownField, key, "unknown top-level field \"\(key.string ?? "?")\"",
                    fix: "use only \(topFields.sorted().joined(separator: ", "))"
                        + (isOverlay ? " (an overlay may not change global keys or call-wide prompts)" : ""))
        }
        var settings = base
        if let defaults = top["defaults"] { readDefaults(defaults, into: &settings) }
        if let keys = top["global_keys"] { readGlobalKeys(keys, into: &settings) }
        if let prompts = top["prompts"] {
            settings.prompts = readPrompts(prompts, required: MenuSettings.requiredPromptRoles, optional: [],
                                           owner: "prompts")
        } else if !isOverlay {
            problem(.missingField, root, "no call-wide prompts", fix: "add prompts: with \(MenuSettings.requiredPromptRoles.joined(separator: ", "))")
        }
        var nodes: [String: MenuNode] = [:]
        guard let nodesNode = top["nodes"], let nodeMap = nodesNode.mapping else {
            problem(.missingField, root, "no nodes mapping", fix: "add nodes: with one entry per node id")
            return nil
        }
        for (idNode, body) in nodeMap {
            guard let id = idNode.string, !id.isEmpty else { continue }
            if isOverlay && MenuTree.nationalNodes.contains(id) {
                problem(.overlayReplacesNational, idNode,
                        "an overlay may not replace the national node \"\(id)\" (Art. 34 fixes welcome and main menu)",
                        fix: "remove \"\(id)\" from the overlay; provinces change the branches below main")
                continue
            }
            if let node = readNode(id: id, idNode: idNode, body: body, settings: settings) { nodes[id] = node }
        }
        return Layer(settings: settings, nodes: nodes)
    }

    static func problem(for error: YamlError, yaml: String, file: String) -> MenuProblem {
        switch error {
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.first ?? "?"
            let line = secondOccurrence(of: key, in: yaml, after: context.mark) ?? context.mark.line
            return MenuProblem(.duplicateKey, file: file, line: line,
                               "key \"\(key)\" appears twice in one mapping (first at line \(context.mark.line))",
                               fix: "keep one entry for \"\(key)\" (each key may lead to one place only)")
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return MenuProblem(.syntax, file: file, line: mark.line, "YAML syntax: \(problem)",
                               fix: "fix the YAML at line \(mark.line), column \(mark.column) (quote keys \"*\" and \"#\")")
        default:
            return MenuProblem(.syntax, file: file, line: 0, "YAML: \(error)", fix: "fix the YAML syntax")
        }
    }

    /// The line of the next key spelled `key` at the same column as the first one.
    static func secondOccurrence(of key: String, in yaml: String, after mark: Mark) -> Int? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1 else { return nil }
        for index in mark.line..<lines.count {
            let text = Array(lines[index])
            let start = mark.column - 1
            guard start >= 0, start < text.count else { continue }
            let rest = String(text[start...])
            for spelling in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(spelling + ":") {
                let indent = text[..<start].allSatisfy { $0 == " " }
                if indent { return index + 1 }
            }
        }
        return nil
    }

    // MARK: - Sections

    private mutating func readDefaults(_ node: Node, into settings: inout MenuSettings) {
        guard let map = node.mapping else {
            problem(.badValue, node, "defaults is not a mapping", fix: "write defaults: as key: value lines")
            return
        }
        for (key, value) in map {
            switch key.string ?? "" {
            case "first_digit_timeout_ms":
                if let ms = timeout(value, "first_digit_timeout_ms") { settings.firstDigitTimeoutSamples = ms * 8 }
            case "inter_digit_timeout_ms":
                if let ms = timeout(value, "inter_digit_timeout_ms") { settings.interDigitTimeoutSamples = ms * 8 }
            case "no_input_limit":
                if let n = int(value, "no_input_limit", 1...10) { settings.noInputLimit = n }
            case "wrong_input_limit":
                if let n = int(value, "wrong_input_limit", 1...10) { settings.wrongInputLimit = n }
            case "letter_keys":
                switch value.string {
                case "ignore": settings.ignoresLetterKeys = true
                case "accept": settings.ignoresLetterKeys = false
                default:
                    problem(.badValue, value, "letter_keys \"\(value.string ?? "?")\" is neither ignore nor accept",
                            fix: "write letter_keys: ignore (A–D never reach the menu) or letter_keys: accept")
                }
            default:
                problem(.unknownField, key, "unknown field \"\(key.string ?? "?")\" in defaults",
                        fix: "use first_digit_timeout_ms, inter_digit_timeout_ms, no_input_limit, wrong_input_limit, letter_keys")
            }
        }
    }

    private mutating func readGlobalKeys(_ node: Node, into settings: inout MenuSettings) {
        guard let map = node.mapping else {
            problem(.badValue, node, "global_keys is not a mapping", fix: "write global_keys: {back: \"*\", repeat: \"#\", agent: \"0\"}")
            return
        }
        for (key, value) in map {
            guard let k = dtmfKey(value) else { continue }
            switch key.string ?? "" {
            case "back": settings.backKey = k
            case "repeat": settings.repeatKey = k
            case "agent": settings.agentKey = k
            default:
                problem(.unknownField, key, "unknown global key \"\(key.string ?? "?")\"", fix: "use back, repeat, agent")
            }
        }
    }

    private mutating func readPrompts(_ node: Node, required: [String], optional: [String], owner: String)
        -> [String: String] {
        guard let map = node.mapping else {
            problem(.badValue, node, "prompts of \(owner) is not a mapping", fix: "write prompts: as role: prompt_id lines")
            return [:]
        }
        var prompts: [String: String] = [:]
        let allowed = Set(required + optional)
        for (key, value) in map {
            let role = key.string ?? ""
            guard allowed.contains(role) else {
                problem(.unknownField, key, "\(owner) has no prompt role \"\(role)\"",
                        fix: "use the roles \(allowed.sorted().joined(separator: ", "))")
                continue
            }
            guard let id = value.scalar?.string, !id.isEmpty,
                  id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
                problem(.badValue, value, "prompt id of \(owner).\(role) is not a snake_case id",
                        fix: "use lower-case letters, digits and underscores, as in prompts.yaml")
                continue
            }
            if let known = knownPrompts, !known.contains(id) {
                problem(.unknownPrompt, value, "unknown prompt id \"\(id)\" (\(owner).\(role))",
                        fix: "add \"\(id)\" to Prompts/prompts.yaml or use an existing id")
            }
            prompts[role] = id
        }
        for role in required where prompts[role] == nil && map[role] == nil {
            problem(.missingField, node, "\(owner) names no prompt for role \"\(role)\"",
                    fix: "add \(role): <prompt_id> under \(owner == "prompts" ? "prompts" : "\(owner).prompts")")
        }
        return prompts
    }

    // MARK: - Nodes

    private mutating func readNode(id: String, idNode: Node, body: Node, settings: MenuSettings) -> MenuNode? {
        guard id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_" || $0 == ".") }) else {
            problem(.badValue, idNode, "node id \"\(id)\" is not snake_case with dots",
                    fix: "use ids like social_insurance.pension")
            return nil
        }
        guard let map = body.mapping else {
            problem(.badValue, body, "node \(id) is not a mapping", fix: "give \(id) a kind: and its fields")
            return nil
        }
        for (key, _) in map where !Self.nodeFields.contains(key.string ?? "") {
            problem(.unknownField, key, "node \(id) has an unknown field \"\(key.string ?? "?")\"",
                    fix: "remove it or use one of \(Self.nodeFields.sorted().joined(separator: ", "))")
        }
        guard let kindNode = map["kind"] else {
            problem(.missingField, idNode, "node \(id) has no kind",
                    fix: "add kind: one of \(NodeKind.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        guard let kind = NodeKind(rawValue: kindNode.string ?? "") else {
            problem(.badValue, kindNode, "node \(id) has an unknown kind \"\(kindNode.string ?? "?")\"",
                    fix: "use one of \(NodeKind.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        var node = MenuNode(id: id, kind: kind, prompts: [:], options: [:], keys: [:], parent: nil, next: nil,
                            flush: false, firstDigitTimeoutSamples: settings.firstDigitTimeoutSamples,
                            interDigitTimeoutSamples: settings.interDigitTimeoutSamples, settings: NodeSettings(),
                            file: file, line: idNode.mark?.line ?? 0)
        if let prompts = map["prompts"] {
            node.prompts = readPrompts(prompts, required: kind.requiredPromptRoles, optional: kind.optionalPromptRoles,
                                       owner: id)
        } else {
            problem(.missingField, idNode, "node \(id) has no prompts",
                    fix: "add prompts: with \(kind.requiredPromptRoles.joined(separator: ", "))")
        }
        if let options = map["options"] {
            node.options = keyMap(options, "options of \(id)") { _ in true }
            if kind != .menu { problem(.unknownField, options, "only menu nodes have options", fix: "remove options from \(id)") }
        } else if kind == .menu {
            problem(.missingField, idNode, "menu \(id) has no options", fix: "add options: {\"1\": some.node, …}")
        }
        if let keys = map["keys"] {
            node.keys = keyMap(keys, "keys of \(id)") { kind.keyActions.contains($0) }
        }
        for action in kind.keyActions where node.key(for: action) == nil && kind != .agent {
            problem(.missingField, map["keys"] ?? idNode, "node \(id) has no key for \"\(action)\"",
                    fix: "add keys: {\"<key>\": \(action)}")
        }
        node.parent = map["parent"]?.string
        node.next = map["next"]?.string
        if let flush = map["flush"] {
            if let value = flush.bool { node.flush = value } else {
                problem(.badValue, flush, "flush of \(id) is not true or false", fix: "write flush: true or flush: false")
            }
        }
        var own: (first: Int?, inter: Int?) = (nil, nil)
        if let value = map["first_digit_timeout_ms"], let ms = timeout(value, "first_digit_timeout_ms") {
            own.first = ms * 8
        }
        if let value = map["inter_digit_timeout_ms"], let ms = timeout(value, "inter_digit_timeout_ms") {
            own.inter = ms * 8
        }
        timeoutOverrides[id] = own
        readSettings(map, node: &node, idNode: idNode)
        return node
    }

    private mutating func readSettings(_ map: Node.Mapping, node: inout MenuNode, idNode: Node) {
        let id = node.id
        var s = NodeSettings()
        if let v = map["languages"] { s.languages = keyMap(v, "languages of \(id)") { !$0.isEmpty } }
        if let v = map["item"] {
            if let item = AccountItem(rawValue: v.string ?? "") { s.accountItem = item } else {
                problem(.badValue, v, "unknown account item \"\(v.string ?? "?")\"", fix: "use pension, medical or status")
            }
        }
        if let v = map["ticket_kind"] {
            if let kind = TicketKind(rawValue: v.string ?? "") { s.ticketKind = kind } else {
                problem(.badValue, v, "unknown ticket kind \"\(v.string ?? "?")\"", fix: "use voicemail, complaint or document")
            }
        }
        if let v = map["max_seconds"], let n = int(v, "max_seconds", 5...600) { s.maxSeconds = n }
        if let v = map["silence_seconds"], let n = int(v, "silence_seconds", 1...30) { s.silenceSeconds = n }
        if let v = map["min_ms"], let n = int(v, "min_ms", 0...10000) { s.minMilliseconds = n }
        if let v = map["documents"] { s.documents = keyMap(v, "documents of \(id)") { !$0.isEmpty } }
        if let v = map["deliveries"] {
            s.deliveries = keyMap(v, "deliveries of \(id)") { !$0.isEmpty }
            if node.prompts["delivery"] == nil {
                problem(.missingField, v, "\(id) has deliveries but no delivery prompt",
                        fix: "add delivery: <prompt_id> under \(id).prompts, or remove deliveries")
            }
        }
        if let v = map["min_digits"], let n = int(v, "min_digits", 1...30) { s.minDigits = n }
        if let v = map["max_digits"], let n = int(v, "max_digits", 1...30) { s.maxDigits = n }
        if let v = map["max_failures"], let n = int(v, "max_failures", 1...10) { s.maxFailures = n }
        if let v = map["pin_digits"], let n = int(v, "pin_digits", 4...12) { s.pinDigits = n }
        if let v = map["queue"] { s.queue = v.string ?? s.queue }
        if let v = map["business_hours"] { s.businessHours = v.string }
        if let v = map["busy_interval_ms"], let ms = int(v, "busy_interval_ms", 5000...600_000, code: .badTimeout) {
            s.busyIntervalSamples = ms * 8
        }
        if let v = map["max_wait_ms"], let ms = int(v, "max_wait_ms", 10000...3_600_000, code: .badTimeout) {
            s.maxWaitSamples = ms * 8
        }
        switch node.kind {
        case .accountQuery where s.accountItem == nil:
            problem(.missingField, idNode, "account_query \(id) has no item", fix: "add item: pension, medical or status")
        case .accountQuery:
            let roles: [String] = switch s.accountItem {
            case .pension: ["result", "balance"]
            case .medical: ["result"]
            default: AccountFacts.InsuredStatus.allCases.map { "status_" + $0.rawValue }
            }
            for role in roles where node.prompts[role] == nil {
                problem(.missingField, map["prompts"] ?? idNode, "\(id) names no prompt for role \"\(role)\"",
                        fix: "add \(role): <prompt_id> under \(id).prompts (item \(s.accountItem?.rawValue ?? "?"))")
            }
        case .message where s.ticketKind == nil:
            problem(.missingField, idNode, "message \(id) has no ticket_kind", fix: "add ticket_kind: voicemail or complaint")
        case .documents where s.documents.isEmpty:
            problem(.missingField, idNode, "documents \(id) lists no documents", fix: "add documents: {\"1\": doc_id, …}")
        default: break
        }
        if s.minDigits > s.maxDigits {
            problem(.badValue, map["min_digits"] ?? idNode, "min_digits of \(id) exceeds max_digits",
                    fix: "make min_digits ≤ max_digits")
        }
        node.settings = s
    }

    // MARK: - Scalars

    private mutating func dtmfKey(_ node: Node) -> Character? {
        guard let text = node.string, text.count == 1, let key = text.first, Self.validKeys.contains(key) else {
            problem(.badKey, node, "\"\(node.string ?? "?")\" is not a telephone key",
                    fix: "use one of 0-9, \"*\", \"#\", A-D (quote * and #)")
            return nil
        }
        return key
    }

    private mutating func keyMap(_ node: Node, _ what: String, valid: (String) -> Bool) -> [Character: String] {
        guard let map = node.mapping else {
            problem(.badValue, node, "\(what) is not a mapping", fix: "write \"<key>\": <value> lines")
            return [:]
        }
        var result: [Character: String] = [:]
        for (keyNode, value) in map {
            guard let key = dtmfKey(keyNode) else { continue }
            guard let target = value.string, valid(target) else {
                problem(.badValue, value, "\(what): \"\(value.string ?? "?")\" is not allowed for key \(key)",
                        fix: "use one of the values this node kind understands")
                continue
            }
            if result[key] != nil {
                problem(.duplicateKey, keyNode, "key \"\(key)\" appears twice in \(what)",
                        fix: "keep one entry for \"\(key)\"")
            }
            result[key] = target
        }
        return result
    }

    private mutating func timeout(_ node: Node, _ name: String) -> Int? {
        int(node, name, 500...60000, code: .badTimeout)
    }

    private mutating func int(_ node: Node, _ name: String, _ range: ClosedRange<Int>,
                              code: MenuProblem.Code = .badValue) -> Int? {
        guard let value = node.int, range.contains(value) else {
            problem(code, node, "\(name) \"\(node.string ?? "?")\" is not a whole number in \(range.lowerBound)...\(range.upperBound)",
                    fix: "write \(name) as a whole number in \(range.lowerBound)...\(range.upperBound)"
                        + (name.hasSuffix("_ms") ? " (milliseconds)" : ""))
            return nil
        }
        return value
    }
}
