extension CallMachine {
    /// Greeting, welcome and recording notice: not interruptible; keys become type-ahead.
    mutating func startWelcome() {
        phase = .welcomeIntro
        var intro = [facts.greetingPrompt, node.prompt("welcome"), node.prompt("notice")]
        if facts.lineClosed {
            log(.lineState(state: "closed"))
            intro.append(node.prompts["closed"] ?? "line_closed")
        }
        say(intro.map { .prompt($0, interruptible: false) })
    }

    /// After the notice: the language choice when several prompt sets are installed, else the next node.
    mutating func welcomeDone() {
        let offered = node.settings.languages.filter { facts.languages.contains($0.value) }
        guard facts.languages.count > 1, offered.count > 1 else {
            enter(node.next ?? "main")
            return
        }
        phase = .languageChoice
        ask(collecting(.key, full: [.prompt(node.prompt("language"), interruptible: true)], escalate: false))
    }

    /// A language key picks the prompt set; any other key means the default and is kept for the next menu.
    mutating func languageKey(_ key: Character) -> KeyOutcome {
        if let chosen = node.settings.languages[key], facts.languages.contains(chosen) {
            if chosen != lang {
                lang = chosen
                emit(.setLanguage(chosen))
            }
            log(.language(lang: chosen))
        } else {
            typeAhead.insert(TypedKey(key: key, logged: true, pressed: now), at: 0)
        }
        enter(node.next ?? "main")
        return .accepted
    }
}
