extension CallMachine {
    /// The satisfaction survey: 1/2/3; silence = not rated.
    mutating func startSurvey() {
        phase = .survey
        ask(collecting(.key, full: [.prompt(node.prompt("survey"), interruptible: true)], escalate: false))
    }

    mutating func surveyKey(_ key: Character) -> KeyOutcome {
        let scores = ["satisfied": 1, "basic": 2, "unsatisfied": 3]
        guard let action = node.keys[key], let score = scores[action] else {
            wrongInput()
            return .handled
        }
        surveyAnswered(score)
        return .accepted
    }

    mutating func surveyAnswered(_ score: Int?) {
        surveyDone = true
        log(.survey(score: score))
        emit(.recordSurvey(score: score))
        if score != nil, let thanks = node.prompts["thanks"] {
            phase = .leaving(to: "goodbye")
            say([.prompt(thanks, interruptible: false)])
        } else {
            enter("goodbye")
        }
    }

    /// The goodbye (festive on holidays), not interruptible; then the line hangs up.
    mutating func startGoodbye() {
        phase = .goodbye
        say([.prompt(node.prompt(facts.isHoliday ? "holiday" : "goodbye"), interruptible: false)])
    }
}
