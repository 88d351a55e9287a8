import IVREngine
import Testing

extension CallLogEvent {
    var transferResult: TransferResult? { if case .transfer(_, let r) = self { r } else { nil } }
}

@Suite struct AgentTests {
    /// Reaches the queue; returns the sample at which waiting started (the transfer prompt's end).
    static func queued() -> (CallDriver, Int) {
        var call = CallDriver.reaching("agent")
        #expect(call.actions.contains(.transfer(queue: "general")))
        #expect(call.playing == .prompt("agent_transfer", interruptible: false))
        call.finishPrompt()
        #expect(call.playing == .prompt("wait_tone", interruptible: false))
        return (call, call.sample)
    }

    @Test func inHoursTheCallWaitsWithTheNationalWaitTone() {
        var (call, since) = Self.queued()
        #expect(call.events.compactMap(\.transferResult) == [.queued])
        call.run(to: since + 240_000 - 160)
        #expect(!call.playedIDs.contains("agent_busy"))
        #expect(call.playedIDs.filter { $0 == "wait_tone" }.count > 10)  // loops
        call.run(to: since + 240_000)
        #expect(call.playing == .prompt("agent_busy", interruptible: false))
        call.run(to: since + 480_000)
        #expect(call.playedIDs.filter { $0 == "agent_busy" }.count == 2)
        #expect(call.logged.filter { $0.event == .prompt(id: "agent_busy", lang: "cmn") }.map(\.sample)
            == [since + 240_000, since + 480_000])
    }

    @Test func theBusyAnnouncementSaysTheQueuePositionWhenKnown() {
        var (call, since) = Self.queued()
        call.apply(call.machine.queuePosition(callersAhead: 2, at: call.sample))
        call.run(to: since + 240_000)
        #expect(call.playing == Playback([.prompt("agent_busy"), .prompt("queue_ahead"), .say(.callers(2)),
                                          .prompt("queue_waiting")], interruptible: false))
    }

    @Test func afterTheMaximumWaitAMessageIsOffered() {
        var (call, since) = Self.queued()
        call.run(to: since + 960_000 - 160)
        #expect(call.events.compactMap(\.transferResult) == [.queued])
        call.run(to: since + 960_000)
        #expect(call.events.compactMap(\.transferResult) == [.queued, .overflow])
        #expect(call.playing?.id == "agent_overflow")
        call.press("1")
        #expect(call.nodes.suffix(2) == ["agent", "voicemail"])
    }

    @Test func twoKeepsWaiting() {
        var (call, since) = Self.queued()
        call.run(to: since + 960_000)
        call.press("2")
        #expect(call.events.compactMap(\.transferResult) == [.queued, .overflow, .queued])
        #expect(call.playing?.id == "wait_tone")
    }

    @Test func anAgentAnswers() {
        var (call, _) = Self.queued()
        call.run(to: call.sample + 80_000)
        call.apply(call.machine.agentAnswered(at: call.sample))
        #expect(call.events.compactMap(\.transferResult) == [.queued, .answered])
        #expect(call.actions.contains(.stopPlayback))
        #expect(call.playing == nil)
        call.run(to: call.sample + 400_000)
        #expect(call.playing == nil)
        #expect(!call.events.contains { $0.isNoInput })
    }

    @Test func starLeavesTheQueue() {
        var (call, _) = Self.queued()
        call.press("5*")
        #expect(call.nodes.suffix(2) == ["agent", "main"])
    }

    @Test func outOfHoursMessageOrMainMenu() {
        var facts = CallFacts.standard
        facts.businessHoursOpen = false
        var call = CallDriver.answered(facts)
        call.answer("0")
        #expect(call.events.compactMap(\.transferResult) == [.closed])
        #expect(!call.actions.contains { if case .transfer = $0 { true } else { false } })
        #expect(call.playing?.id == "agent_closed")
        call.press("*")
        #expect(call.nodes.last == "main")
        call.press("0")
        call.press("1")
        #expect(call.nodes.suffix(2) == ["agent", "voicemail"])
    }
}
