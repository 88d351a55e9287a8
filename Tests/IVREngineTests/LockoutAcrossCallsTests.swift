import IVREngine
import Testing

/// The store's lockout across calls, as the caller hears it (issue 11, security).
@Suite struct LockoutAcrossCallsTests {
    /// A locked ID: the mismatch sentence, then where to get help; back to the main menu; logged `locked_today`.
    @Test func aLockedIDHearsTheMismatchSentenceThenWhereToGetHelp() {
        var call = CallDriver.answered()
        call.answer("5")
        call.press(Fixtures.demoTyped + "#" + "000000#")
        call.store(.identityLocked)
        #expect(call.playing == .prompt("identity_mismatch", interruptible: false))
        #expect(call.events.compactMap(\.authResult) == [.lockedToday])
        call.playAll(limit: 2)
        #expect(call.playedIDs.suffix(3) == ["identity_mismatch", "identity_locked_help", "main_menu"])
        #expect(call.nodes.last == "main")
        #expect(!call.actions.contains { if case .queryAccount = $0 { true } else { false } })
    }

    /// The first failure of a call can already be the one that locks (failures of earlier calls count).
    @Test func theStoreLockWinsOverTheInCallCount() {
        var call = CallDriver.answered()
        call.answer("5")
        call.press(Fixtures.demoTyped + "#" + "000000#")
        call.store(.identity(matched: false))
        call.playAll()
        call.press(Fixtures.demoTyped + "#" + "111111#")
        call.store(.identityLocked)
        #expect(call.events.compactMap(\.authResult) == [.fail, .lockedToday])
        call.playAll(limit: 2)
        #expect(call.playedIDs.suffix(3) == ["identity_mismatch", "identity_locked_help", "main_menu"])
    }
}
