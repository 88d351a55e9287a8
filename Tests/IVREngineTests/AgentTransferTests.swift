import IVREngine
import Testing

/// The transfer entry points a driver that can transfer (SIP REFER) feeds back.
@Suite struct AgentTransferTests {
    @Test func anAnsweredTransferLeavesTheCallWithoutGoodbye() {
        var (call, _) = AgentTests.queued()
        call.run(to: call.sample + 8_000)
        call.apply(call.machine.transferAnswered(at: call.sample))
        #expect(call.events.compactMap(\.transferResult) == [.queued, .answered])
        #expect(call.events.last == .hangup(by: .line, reason: "transfer"))
        #expect(call.actions.last == .hangup(reason: "transfer"))
        #expect(!call.playedIDs.contains { $0.hasPrefix("goodbye") })
        #expect(call.machine.isFinished)
    }

    @Test func aFailedTransferTakesTheOverflowPath() {
        var (call, _) = AgentTests.queued()
        call.run(to: call.sample + 8_000)
        call.apply(call.machine.transferFailed(at: call.sample))
        #expect(call.events.compactMap(\.transferResult) == [.queued, .overflow])
        #expect(call.playing?.id == "agent_overflow")
        call.press("1")
        #expect(call.nodes.suffix(2) == ["agent", "voicemail"])
    }

    @Test func transferResultsOutsideATransferAreIgnored() {
        var call = CallDriver.answered()
        call.playAll()
        let before = call.actions.count
        call.apply(call.machine.transferAnswered(at: call.sample))
        call.apply(call.machine.transferFailed(at: call.sample))
        #expect(call.actions.count == before)
        #expect(!call.machine.isFinished)
    }
}
