import DSP
import IVREngine
import Testing

/// Keys pressed inside the identity check never leave it: not logged, not kept as type-ahead, not taken by the
/// menu that follows, not audible in a QA recording, even when they reach the session after the entry ended.
@Suite struct SecretKeyTests {
    /// The call in the identity check's third ID entry, after two IDs of the wrong length: "12" typed, so the
    /// inter-digit timeout ends the entry as the third wrong input and the call goes to the agent queue.
    /// - Returns: the harness and the sample at which that timeout is due.
    static func thirdEntryTimingOut() throws -> (SessionHarness, Int) {
        let call = SessionHarness()
        try #require(call.until { $0 == .node(id: "main") } != nil)
        call.press("5")
        try #require(call.until { $0 == .prompt(id: "identity_enter_id", lang: "cmn") } != nil)
        call.press("123#")
        call.press("123#")
        #expect(call.events.all.filter { if case .noMatch = $0.event { true } else { false } }.count == 2)
        call.press("1")
        let lastKey = call.session.sample
        call.steps.append(call.session.pushDigit(DTMFDigit("2")!, startSample: lastKey))
        return (call, lastKey + Fixtures.tree["identity"].interDigitTimeoutSamples)
    }

    /// Digit events written after the call left the identity check for the agent queue.
    static func digitsInTheQueue(_ call: SessionHarness) throws -> [Character] {
        let events = call.events.all.map(\.event)
        let agent = try #require(events.firstIndex(of: .node(id: "agent")), "the third wrong ID leads to the agent queue")
        return events[agent...].compactMap { if case .digit(let d) = $0 { d } else { nil } }
    }

    @Test func aToneStartedBeforeTheEntryTimedOutIsNotTakenByTheQueue() throws {
        let (call, deadline) = try Self.thirdEntryTimingOut()
        // Silence up to one frame before the timeout, then a key whose tone starts there: the detector reports it
        // only after the timeout has ended the entry.
        call.push([Int16](repeating: 0, count: deadline - Telephony.frameSamples - call.session.sample))
        call.push(SessionHarness.tone("7", ms: 100) + [Int16](repeating: 0, count: 4000))
        #expect(try Self.digitsInTheQueue(call).isEmpty)
        #expect(call.session.keyCounts.inBand == 1)  // it was heard, and dropped
    }

    @Test func aLateOutOfBandReportOfAKeyPressedDuringTheEntryIsDropped() throws {
        let (call, deadline) = try Self.thirdEntryTimingOut()
        call.push([Int16](repeating: 0, count: deadline + Telephony.frameSamples - call.session.sample))
        try #require(call.events.all.contains { $0.event == .node(id: "agent") })
        // An RFC 4733 report arriving late (jitter buffer): the key was pressed before the timeout.
        call.steps.append(call.session.pushDigit(DTMFDigit("7")!, startSample: deadline - 80))
        call.push([Int16](repeating: 0, count: 2400))
        #expect(try Self.digitsInTheQueue(call).isEmpty)
        // A key pressed in the queue is the queue's: logged as usual.
        call.press("8")
        #expect(try Self.digitsInTheQueue(call) == ["8"])
    }

    @Test func keysTypedAgainDuringANoticeOfTheCheckAreSilencedAndNotLogged() throws {
        let call = SessionHarness()
        try #require(call.until { $0 == .node(id: "main") } != nil)
        call.press("5")
        try #require(call.until { $0 == .prompt(id: "identity_enter_id", lang: "cmn") } != nil)
        call.press(Fixtures.demoTyped + "#" + Fixtures.demoPIN + "#")
        // No store: an apology plays (not interruptible) inside the identity check. The caller types the ID again
        // over it, as real tones.
        let notice = try #require(call.events.all.last { if case .prompt = $0.event { true } else { false } })
        let firstFrame = call.tap.frames.count
        for key in Fixtures.demoTyped.prefix(8) {
            call.push(SessionHarness.tone(key, ms: 100) + [Int16](repeating: 0, count: 800))
        }
        try #require(call.events.all.last { if case .prompt = $0.event { true } else { false } }?.sample == notice.sample,
                     "the keys fall inside the notice")
        #expect(call.session.keyCounts.inBand == 8)
        let toneFrames = call.tap.frames[firstFrame...].filter { $0.callerPeak > 1000 }
        #expect(toneFrames.count >= 8 * 4)
        #expect(toneFrames.allSatisfy { $0.secret }, "frames with the caller's key tones during the notice are kept in a recording")
        #expect(!call.events.all.contains { $0.event.isDigit && $0.sample >= notice.sample })
    }
}
