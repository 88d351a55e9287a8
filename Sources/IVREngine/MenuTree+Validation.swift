extension MenuTree {
    /// Cross-node rules: national nodes and prompt ids, references, reachability.
    func validate() -> [MenuProblem] {
        var problems: [MenuProblem] = []
        let first = nodes.values.min { ($0.file, $0.line) < ($1.file, $1.line) }
        let baseFile = first?.file ?? "menu.yaml"
        for (id, kind) in Self.requiredNodes {
            guard let node = nodes[id] else {
                problems.append(MenuProblem(.missingNationalNode, file: baseFile, line: 0,
                                            "the tree has no \"\(id)\" node",
                                            fix: "add the node \(id) with kind: \(kind.rawValue) (national-menu.md)"))
                continue
            }
            if node.kind != kind {
                problems.append(MenuProblem(.missingNationalNode, file: node.file, line: node.line,
                                            "node \"\(id)\" must be of kind \(kind.rawValue), not \(node.kind.rawValue)",
                                            fix: "set kind: \(kind.rawValue) on \(id)"))
            }
        }
        for (nodeID, role, promptID) in Self.nationalPrompts {
            guard let node = nodes[nodeID], let given = node.prompts[role], given != promptID else { continue }
            problems.append(MenuProblem(.nationalPromptRenamed, file: node.file, line: node.line,
                                        "the national prompt \(nodeID).\(role) must be \"\(promptID)\", not \"\(given)\"",
                                        fix: "re-record \(promptID) instead of renaming it (Art. 34)"))
        }
        for node in nodes.values {
            func check(_ target: String?, _ what: String) {
                guard let target, nodes[target] == nil else { return }
                problems.append(MenuProblem(.unknownNode, file: node.file, line: node.line,
                                            "\(what) of \(node.id) names no node \"\(target)\"",
                                            fix: "use an existing node id or add a node \"\(target)\""))
            }
            for (key, target) in node.options.sorted(by: { $0.key < $1.key }) { check(target, "option \(key)") }
            check(node.parent, "parent")
            check(node.next, "next")
            switch node.kind {
            case .welcome, .identity:
                if node.next == nil {
                    problems.append(MenuProblem(.missingField, file: node.file, line: node.line,
                                                "\(node.id) has no next node",
                                                fix: node.kind == .welcome ? "add next: main" : "add next: account"))
                }
            case .agent:
                if node.next == nil, node.key(for: "leave_message") != nil {
                    problems.append(MenuProblem(.missingField, file: node.file, line: node.line,
                                                "agent \(node.id) offers a message but has no next (message) node",
                                                fix: "add next: voicemail"))
                }
            default: break
            }
        }
        // Reachability: from the welcome, plus what the machine reaches by itself.
        var reached: Set<String> = []
        var queue = ["welcome", "agent", "survey", "goodbye"].filter { nodes[$0] != nil }
        while let id = queue.popLast() {
            guard reached.insert(id).inserted, let node = nodes[id] else { continue }
            queue += node.options.values.filter { nodes[$0] != nil }
            if let next = node.next, nodes[next] != nil { queue.append(next) }
        }
        for node in nodes.values.sorted(by: { ($0.file, $0.line) < ($1.file, $1.line) }) where !reached.contains(node.id) {
            problems.append(MenuProblem(.unreachableNode, file: node.file, line: node.line,
                                        "node \(node.id) cannot be reached from the welcome",
                                        fix: "add it to a menu's options (or a next:) or remove it"))
        }
        return problems.sorted { ($0.file, $0.line) < ($1.file, $1.line) }
    }
}
