import Foundation
import IVREngine
import Testing

extension CallLogEvent {
    var isNoInput: Bool { if case .noInput = self { true } else { false } }
    var isNoMatch: Bool { if case .noMatch = self { true } else { false } }
}

@Suite struct TimingTests {
    /// Welcome, notice and main menu each last 2 s in the driver: the main menu ends at 8 s = 64 000 samples.
    @Test func firstDigitTimeoutIsFiveSecondsAfterThePromptEnds() {
        var call = CallDriver.answered()
        call.playAll()
        #expect(call.sample == 64000)
        #expect(call.playedIDs == ["greeting_morning", "welcome", "recording_notice", "main_menu"])
        call.tick(to: 103_840)
        #expect(!call.events.contains { $0.isNoInput })
        call.tick(to: 104_000)
        let noInput = call.logged.filter { $0.event.isNoInput }
        #expect(noInput == [LoggedEvent(sample: 104_000, event: .noInput(node: "main", count: 1))])
        #expect(call.playing?.id == "main_menu_short")
        #expect(noInput.first?.json == #"{"t":13.000,"event":"noinput","node":"main","count":1}"#)
    }

    @Test(arguments: [1000, 3000, 5000, 9000])
    func firstDigitTimeoutFollowsTheMenuData(_ ms: Int) throws {
        let text = try Fixtures.menuText().replacingOccurrences(of: "first_digit_timeout_ms: 5000",
                                                                with: "first_digit_timeout_ms: \(ms)")
        let tree = try MenuTree.parse(yaml: text, file: "menu.yaml", knownPrompts: PromptIDs.all)
        var call = CallDriver.answered(tree: tree)
        call.playAll()
        call.tick(to: 64000 + ms * 8 - 160)
        #expect(!call.events.contains { $0.isNoInput })
        call.tick(to: 64000 + ms * 8)
        #expect(call.events.contains { $0.isNoInput })
    }

    @Test func threeSilentRoundsEndWithTheAnnexGoodbyeAndTheLineHangsUp() {
        var call = CallDriver.answered()
        call.playAll()
        call.wait(ms: 5000)  // 1: short prompt
        call.playAll()
        call.wait(ms: 5000)  // 2: full menu again
        call.playAll()
        call.wait(ms: 5000)  // 3: goodbye
        #expect(call.events.filter(\.isNoInput) == [
            .noInput(node: "main", count: 1), .noInput(node: "main", count: 2), .noInput(node: "main", count: 3),
        ])
        #expect(call.playedIDs.suffix(4) == ["main_menu", "main_menu_short", "main_menu", "noinput_hangup"])
        #expect(call.playing == .prompt("noinput_hangup", interruptible: false))
        call.press("5")  // keys during the goodbye change nothing
        call.finishPrompt()
        #expect(call.actions.last == .hangup(reason: "noinput"))
        #expect(call.events.last == .hangup(by: .line, reason: "noinput"))
        #expect(call.machine.isFinished)
        #expect(call.machine.tick(at: call.sample + 160).isEmpty)
    }

    @Test func interDigitTimeoutEndsANumberThreeSecondsAfterItsLastDigit() {
        var call = CallDriver.answered()
        call.answer("82")
        call.playAll()
        #expect(call.nodes.last == "complaints.ticket_status")
        let valid = TicketNumber(sequence: 1234).digits
        call.press(String(valid.dropLast()) + (valid.last == "0" ? "1" : "0"))  // wrong check digit
        let last = call.sample
        call.tick(to: last + 24000 - 160)
        #expect(!call.events.contains { $0.isNoMatch })
        call.tick(to: last + 24000)
        #expect(call.logged.last { $0.event.isNoMatch } == LoggedEvent(
            sample: last + 24000, event: .noMatch(node: "complaints.ticket_status", count: 1)))
        #expect(call.playing?.id == "invalid_input")
        #expect(!call.actions.contains { if case .lookupTicket = $0 { true } else { false } })
    }

    @Test func hashEndsANumberAtOnce() {
        var call = CallDriver.answered()
        call.answer("82")
        call.playAll()
        let number = TicketNumber(sequence: 1_234_567)
        call.press(number.digits + "#")
        #expect(call.actions.last == .lookupTicket(number))
    }

    @Test func wrongKeysApologiseThenOfferTheAgentOnTheThird() {
        var call = CallDriver.answered()
        call.answer("9")
        #expect(call.events.last { $0.isNoMatch } == .noMatch(node: "main", count: 1))
        #expect(call.playedIDs.suffix(1) == ["invalid_input"])
        call.playAll()
        #expect(call.playedIDs.suffix(2) == ["invalid_input", "main_menu_short"])
        call.press("9")
        call.press("9")
        #expect(call.events.filter(\.isNoMatch).count == 3)
        #expect(call.nodes.last == "main")
        #expect(call.playing?.id == "invalid_input")
        call.playAll()
        #expect(call.playedIDs.suffix(3) == ["invalid_input", "offer_agent", "main_menu_short"])
        call.press("9")  // counting starts again
        #expect(call.events.last { $0.isNoMatch } == .noMatch(node: "main", count: 1))
        call.press("0")
        #expect(call.nodes.last == "agent")
    }

    @Test func aSuccessfulChoiceResetsBothCounters() {
        var call = CallDriver.answered()
        call.playAll()
        call.wait(ms: 5000)
        call.press("9")
        call.press("1")  // barge-in on the error prompt: a valid choice
        #expect(call.nodes.last == "social_insurance")
        call.playAll()
        call.wait(ms: 5000)
        call.press("9")
        #expect(call.events.filter(\.isNoInput) == [.noInput(node: "main", count: 1),
                                                      .noInput(node: "social_insurance", count: 1)])
        #expect(call.events.filter(\.isNoMatch) == [.noMatch(node: "main", count: 1),
                                                      .noMatch(node: "social_insurance", count: 1)])
    }
}
