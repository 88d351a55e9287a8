extension CallMachine {
    /// A menu: the full prompt (interruptible); a key picks an option.
    mutating func startMenu() {
        phase = .menu
        let full = [Playback.prompt(node.prompt("menu"), interruptible: true)]
        ask(collecting(.key, full: full, short: node.prompts["short"] == nil ? full : node.optionalPrompt("short")))
    }

    mutating func menuKey(_ key: Character) -> KeyOutcome {
        guard let target = node.options[key] else { return .notMine }
        enter(target)
        return .accepted
    }

    /// A policy recording: plays interruptibly with its keys live (1 replay, * back, 0 agent), then the
    /// after-service options.
    mutating func startRecording() {
        finishService(result: [.prompt(node.prompt("recording"), interruptible: true)])
    }

    /// A service was given: the result plays, then "# repeat, * back, 0 agent"; silence leads to the closing.
    mutating func finishService(result: [Playback]) {
        served = true
        lastResult = result
        phase = .afterService
        let after = node.optionalPrompt("after")
        ask(collecting(.key, full: result + after, short: after, escalate: false))
    }

    mutating func afterServiceKey(_ key: Character) -> KeyOutcome {
        if node.kind == .recording, key == node.key(for: "replay") {
            ask(lastAsk ?? collecting(.key, full: lastResult))
            return .accepted
        }
        return .notMine
    }
}
