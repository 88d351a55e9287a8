import IVREngine
import Testing

extension CallDriver {
    /// A call that logs in with the demo person (ID typed with * for X).
    static func authenticated() -> CallDriver {
        var call = CallDriver.answered()
        call.answer("5")
        call.press(Fixtures.demoTyped + "#" + Fixtures.demoPIN + "#")
        call.store(.identity(matched: true))
        return call
    }

    /// The keys (and store answers) that reach a node id of national-menu.md.
    static func reaching(_ id: String) -> CallDriver {
        let paths = [
            "social_insurance": "1", "employment": "2", "labor_relations": "3", "personnel": "4", "identity": "5",
            "voicemail": "6", "documents": "7", "complaints": "8", "agent": "0",
        ]
        let children = [
            "pension": "1", "medical": "2", "unemployment": "3", "injury": "4", "maternity": "5",
            "services": "1", "startup": "2", "training": "3", "contracts": "1", "wages": "2", "disputes": "3",
            "exams": "1", "titles": "2", "talent": "3", "complaint": "1", "ticket_status": "2",
            "contributions": "1", "medical_balance": "2", "status": "3",
        ]
        let parts = id.split(separator: ".").map(String.init)
        if id == "welcome" { return CallDriver.answered() }
        if parts[0] == "account" {
            var call = authenticated()
            if parts.count > 1 { call.press(children[parts[1]]!) }
            return call
        }
        if id == "survey" || id == "goodbye" {
            var call = CallDriver.answered()
            call.answer("11")
            call.playAll()
            call.wait(ms: 5000)  // silence after a completed service: the closing
            if id == "goodbye" {
                call.press("1")
                call.finishPrompt()  // survey_thanks
            }
            return call
        }
        var call = CallDriver.answered()
        var keys = paths[parts[0]] ?? ""
        if parts.count > 1 { keys += children[parts[1]]! }
        call.answer(keys)
        return call
    }
}

@Suite struct EveryNodeTests {
    @Test(arguments: nationalNodeIDs)
    func nodeIsReached(_ id: String) {
        let call = CallDriver.reaching(id)
        #expect(call.nodes.contains(id))
        #expect(call.machine.currentNode == id)
    }
}

@Suite struct PolicyRecordingTests {
    @Test func oneReplaysStarGoesBackZeroReachesTheAgent() {
        var call = CallDriver.reaching("labor_relations.wages")
        #expect(call.playing == .prompt("policy_labor_wages", interruptible: true))
        call.press("1")
        #expect(call.playing?.id == "policy_labor_wages")
        #expect(call.playedIDs.filter { $0 == "policy_labor_wages" }.count == 2)
        call.playAll()
        call.press("1")  // after the recording too
        #expect(call.playedIDs.filter { $0 == "policy_labor_wages" }.count == 3)
        call.press("*")
        #expect(call.nodes.last == "labor_relations")
        call.press("2")
        call.press("0")
        #expect(call.nodes.suffix(2) == ["labor_relations.wages", "agent"])
    }

    @Test func silenceAfterAServiceLeadsToTheSurveyThenGoodbye() {
        var call = CallDriver.reaching("survey")
        #expect(call.playing?.id == "survey")
        call.press("2")
        #expect(call.events.contains(.survey(score: 2)))
        #expect(call.actions.contains(.recordSurvey(score: 2)))
        #expect(call.playing == .prompt("survey_thanks", interruptible: false))
        call.finishPrompt()
        #expect(call.playing == .prompt("goodbye", interruptible: false))
        call.finishPrompt()
        #expect(call.actions.last == .hangup(reason: "goodbye"))
        #expect(call.events.last == .hangup(by: .line, reason: "goodbye"))
        #expect(call.machine.isFinished)
    }

    @Test(arguments: [("1", 1), ("2", 2), ("3", 3)])
    func surveyScores(_ key: String, _ score: Int) {
        var call = CallDriver.reaching("survey")
        call.press(key)
        #expect(call.events.contains(.survey(score: score)))
    }

    @Test func noKeyAtTheSurveyIsNotRated() {
        var call = CallDriver.reaching("survey")
        call.playAll()
        call.wait(ms: 5000)
        #expect(call.events.contains(.survey(score: nil)))
        #expect(call.nodes.last == "goodbye")
        #expect(call.logged.last { $0.event == .survey(score: nil) }?.json.hasSuffix(#""event":"survey","score":null}"#) == true)
    }

    @Test func holidayGoodbyeIsFestive() {
        var facts = CallFacts.standard
        facts.isHoliday = true
        facts.greetingPrompt = "greeting_spring_festival"
        var call = CallDriver.answered(facts)
        #expect(call.playing?.id == "greeting_spring_festival")
        call.answer("11")
        call.playAll()
        call.wait(ms: 5000)
        call.press("1")
        call.finishPrompt()
        #expect(call.playing == .prompt("goodbye_holiday", interruptible: false))
    }

    @Test(arguments: ["greeting_morning", "greeting_evening", "greeting_neutral", "greeting_national_day"])
    func greetingFollowsTheFacts(_ greeting: String) {
        var facts = CallFacts.standard
        facts.greetingPrompt = greeting
        var call = CallDriver.answered(facts)
        #expect(call.playing == .prompt(greeting, interruptible: false))
        call.finishPrompt()
        #expect(call.playing == .prompt("welcome", interruptible: false))
    }
}

@Suite struct AccountTests {
    @Test func pensionMonthsAndBalanceAreSpokenAsCountAndMoney() {
        var call = CallDriver.reaching("account.contributions")
        #expect(call.actions.last == .queryAccount(.pension))
        call.store(.account(.pension(months: 156, balanceFen: 4_567_890)))
        #expect(call.playing == Playback([.prompt("account_pension_months"), .say(.months(156)), .pause(milliseconds: 300),
                                          .prompt("account_pension_balance"), .say(.money(fen: 4_567_890))],
                                         interruptible: true))
        call.playAll()
        #expect(call.playedIDs.last == "menu_back_hint")
        call.press("#")  // repeat the result
        #expect(call.playing?.id == "account_pension_months")
        call.press("*")
        #expect(call.nodes.last == "account")
    }

    @Test func medicalBalanceAndStatus() {
        var call = CallDriver.reaching("account.medical_balance")
        #expect(call.actions.last == .queryAccount(.medical))
        call.store(.account(.medical(balanceFen: 12_305)))
        #expect(call.playing?.items == [.prompt("account_medical_balance"), .say(.money(fen: 12_305))])
        var status = CallDriver.reaching("account.status")
        status.store(.account(.status(.suspended)))
        #expect(status.playing?.items == [.prompt("account_status_suspended")])
        var retired = CallDriver.reaching("account.status")
        retired.store(.account(.status(.retired)))
        #expect(retired.playing?.items == [.prompt("account_status_retired")])
    }

    @Test func storeFailureApologisesAndReturnsToMain() {
        var call = CallDriver.reaching("account.status")
        call.store(.failure("database locked"))
        #expect(call.playing == .prompt("system_fault", interruptible: false))
        call.finishPrompt()
        #expect(call.nodes.last == "main")
    }

    @Test func aTicketThatCannotBeStoredApologisesAndGoesToTheAgent() {
        var call = CallDriver.reaching("voicemail")
        call.playAll(limit: 2)
        call.press("#")
        call.recordingEnded(.dtmf, seconds: 8)
        call.press("2")
        call.store(.failure("ticket store: diskFull"))
        #expect(call.playing == .prompt("system_fault", interruptible: false))
        #expect(!call.events.contains { if case .ticket = $0 { true } else { false } })
        call.finishPrompt()
        #expect(call.nodes.last == "agent")
    }
}
