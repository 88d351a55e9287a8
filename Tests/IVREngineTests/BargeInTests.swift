import IVREngine
import Testing

extension CallLogEvent {
    var isDigit: Bool { if case .digit = self { true } else { false } }
}

@Suite struct BargeInTests {
    @Test func oneThenTwoDuringTheMainMenuReachesMedical() {
        var call = CallDriver.answered()
        call.playAll(limit: 3)  // welcome and notice done; main menu playing
        #expect(call.playing?.id == "main_menu")
        let before = call.actions.count
        call.press("1")
        call.press("2")
        #expect(call.nodes.suffix(2) == ["social_insurance", "social_insurance.medical"])
        #expect(Array(call.actions(since: before)).filter { $0 == .stopPlayback }.count == 2)
        #expect(call.events.contains(.promptEnd(id: "main_menu", lang: "cmn", interrupted: true)))
        #expect(call.events.contains(.promptEnd(id: "social_insurance_menu", lang: "cmn", interrupted: true)))
        #expect(call.playing?.id == "policy_medical")
    }

    @Test func theInterruptingKeyIsTheFirstDigitOfANumber() {
        var call = CallDriver.answered()
        call.answer("82")
        #expect(call.playing?.id == "ticket_enter_number")
        let number = TicketNumber(sequence: 2026000)
        call.press(number.digits + "#")  // typed over the prompt
        #expect(call.actions.last == .lookupTicket(number))
    }

    @Test func keysDuringTheWelcomeAreTypeAhead() {
        var call = CallDriver.answered()
        call.press("12")  // during the greeting: not interruptible
        #expect(!call.actions.contains(.stopPlayback))
        #expect(call.playing?.id == "greeting_morning")
        call.playAll()
        #expect(call.nodes == ["welcome", "main", "social_insurance", "social_insurance.medical"])
        #expect(!call.playedIDs.contains("main_menu"))  // skipped: the caller already chose
        #expect(call.playedIDs.last == "policy_medical")
    }

    @Test func identityEntryFlushesTypeAhead() {
        var call = CallDriver.answered()
        call.press("533")
        call.playAll(limit: 3)
        #expect(call.nodes.last == "identity")
        #expect(call.playing?.id == "identity_enter_id")  // played: the 3s were thrown away
        call.playAll()
        call.wait(ms: 5000)
        #expect(call.events.last { $0.isNoInput } == .noInput(node: "identity", count: 1))
    }

    @Test func twoDuringTheWelcomeSelectsCantoneseWhenTwoSetsAreInstalled() {
        var facts = CallFacts.standard
        facts.languages = ["cmn", "yue"]
        var call = CallDriver.answered(facts)
        call.press("2")
        call.playAll(limit: 3)
        #expect(call.actions.contains(.setLanguage("yue")))
        #expect(call.events.contains(.language(lang: "yue")))
        #expect(!call.playedIDs.contains("language_choice"))
        #expect(call.nodes.last == "main")
        #expect(call.events.last { if case .prompt = $0 { true } else { false } } == .prompt(id: "main_menu", lang: "yue"))
    }

    @Test func languageChoiceTimesOutToMandarin() {
        var facts = CallFacts.standard
        facts.languages = ["cmn", "yue"]
        var call = CallDriver.answered(facts)
        call.playAll()
        #expect(call.playedIDs.last == "language_choice")
        call.wait(ms: 5000)
        #expect(call.nodes.last == "main")
        #expect(!call.actions.contains { if case .setLanguage = $0 { true } else { false } })
        #expect(!call.events.contains { $0.isNoInput })
    }

    @Test func anotherKeyAtTheLanguageChoiceIsKeptForTheMainMenu() {
        var facts = CallFacts.standard
        facts.languages = ["cmn", "yue"]
        var call = CallDriver.answered(facts)
        call.answer("3")
        #expect(call.nodes == ["welcome", "main", "labor_relations"])
    }

    @Test func noLanguageChoiceWithOnePromptSet() {
        var call = CallDriver.answered()
        call.playAll()
        #expect(!call.playedIDs.contains("language_choice"))
    }
}

@Suite struct GlobalKeyTests {
    @Test func starGoesBackOneLevel() {
        var call = CallDriver.answered()
        call.answer("12")
        call.press("*")
        #expect(call.nodes.suffix(2) == ["social_insurance.medical", "social_insurance"])
        call.press("*")
        #expect(call.nodes.last == "main")
    }

    @Test func hashRepeatsThisLevelsPrompt() {
        var call = CallDriver.answered()
        call.answer("1")
        call.playAll()
        call.press("#")
        #expect(call.playing?.id == "social_insurance_menu")
        #expect(call.nodes.last == "social_insurance")
    }

    @Test(arguments: ["main": "0", "social_insurance": "10", "social_insurance.pension": "110", "account": "5"])
    func zeroReachesTheAgentFromAnyMenu(_ node: String, _ keys: String) {
        var call = CallDriver.answered()
        call.answer(keys)
        if node == "account" {
            call.press(Fixtures.demoTyped + "#" + Fixtures.demoPIN + "#")
            call.store(.identity(matched: true))
            call.press("0")
        }
        #expect(call.nodes.last == "agent")
    }

    @Test func whileANumberIsTypedZeroIsADigitStarIsXAndHashEndsIt() {
        var call = CallDriver.answered()
        call.answer("5")
        call.press(Fixtures.demoTyped + "#")
        #expect(call.nodes.last == "identity")
        #expect(call.events.contains(.input(node: "identity", field: "id_number", value: "110105***********X")))
        call.press("0")  // a PIN digit, not the agent
        #expect(call.nodes.last == "identity")
    }

    @Test func starBeforeAnyDigitOfANumberGoesBack() {
        var call = CallDriver.answered()
        call.answer("82")
        call.press("*")
        #expect(call.nodes.suffix(2) == ["complaints.ticket_status", "complaints"])
    }
}
