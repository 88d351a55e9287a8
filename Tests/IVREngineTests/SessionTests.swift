import DSP
import Foundation
import IVREngine
import Logging
import Prompts
import Testing
import WorkingDays

/// Drives a real ``CallSession`` (the shipped menu, prompts and calendar; no store) frame by frame.
final class SessionHarness {
    final class Events: CallEventSink {
        var all: [LoggedEvent] = []
        func append(_ event: LoggedEvent) { all.append(event) }
    }

    final class Tap: CallAudioTap {
        var frames: [(sample: Int, secret: Bool, callerPeak: Int16)] = []
        var noticeFinished: [Int] = []
        func frame(caller: UnsafeBufferPointer<Int16>, line: UnsafeBufferPointer<Int16>, sample: Int, secret: Bool) {
            frames.append((sample, secret, caller.map { $0.magnitude }.max().map { Int16(clamping: $0) } ?? 0))
        }
        func recordingNoticeFinished(at sample: Int) { noticeFinished.append(sample) }
    }

    static let services: LineServices = {
        let prompts = Fixtures.root + "/Prompts"
        let settings = try! CalendarSettings.load(path: prompts + "/calendar/business-hours.yaml")
        return LineServices(tree: Fixtures.tree, calendar: try! WorkingDayCalendar.load(directory: prompts + "/calendar"),
                            calendarSettings: settings,
                            prompts: PromptLibrary(directory: prompts, logger: Logger(label: "test")),
                            languages: ["cmn"], store: nil,
                            dataDirectory: NSTemporaryDirectory() + "ivr-session-\(UUID().uuidString)")
    }()

    let events = Events()
    let tap = Tap()
    let session: CallSession
    var steps: [CallStep] = []

    init(now: String = "2025-09-26T10:00:00+08:00") {
        session = CallSession(services: Self.services, now: LocalDateTime(iso8601: now)!, callID: "test", caller: nil,
                              logger: Logger(label: "test"), events: events, tap: tap)
        steps.append(session.start())
    }

    /// Pushes caller audio (padded to whole frames).
    func push(_ audio: [Int16]) {
        var input = audio
        input += [Int16](repeating: 0, count: (Telephony.frameSamples - input.count % Telephony.frameSamples) % Telephony.frameSamples)
        var out = [Int16](repeating: 0, count: Telephony.frameSamples)
        for start in stride(from: 0, to: input.count, by: Telephony.frameSamples) {
            let step = input[start..<start + Telephony.frameSamples].withUnsafeBufferPointer { inBuf in
                out.withUnsafeMutableBufferPointer { session.process(input: inBuf, output: $0) }
            }
            steps.append(step)
        }
    }

    /// Pushes silence frames until an event matches (at most `seconds`). - Returns: the event.
    @discardableResult
    func until(seconds: Int = 60, _ match: (CallLogEvent) -> Bool) -> LoggedEvent? {
        for _ in 0..<(seconds * 50) {
            if let hit = events.all.last(where: { match($0.event) }) { return hit }
            push([Int16](repeating: 0, count: Telephony.frameSamples))
        }
        return events.all.last { match($0.event) }
    }

    /// Out-of-band keys, 300 ms apart.
    func press(_ keys: String) {
        for key in keys {
            steps.append(session.pushDigit(DTMFDigit(key)!, startSample: session.sample))
            push([Int16](repeating: 0, count: 2400))
        }
    }

    func digits() -> String {
        String(events.all.compactMap { if case .digit(let d) = $0.event { d } else { nil } })
    }

    static func tone(_ key: Character, ms: Int) -> [Int16] {
        var rng = SystemRandomNumberGenerator()
        return DTMFGenerator().tone(DTMFDigit(key)!, samples: ms * 8, using: &rng).map { Int16(clamping: Int($0.rounded())) }
    }
}

@Suite struct SessionTests {
    @Test func theSecretFlagIsSetExactlyWhileTheCallIsInTheIdentityCheck() throws {
        let call = SessionHarness()
        let noticeEnd = try #require(call.until { $0 == .promptEnd(id: "recording_notice", lang: "cmn", interrupted: false) })
        #expect(call.tap.noticeFinished == [noticeEnd.sample])
        try #require(call.until { $0 == .node(id: "main") } != nil)
        call.press("5")
        let identity = try #require(call.events.all.last { $0.event == .node(id: "identity") })
        try #require(call.until { $0 == .prompt(id: "identity_enter_id", lang: "cmn") } != nil)
        call.press(Fixtures.demoTyped + "#")
        try #require(call.until { $0 == .prompt(id: "identity_enter_pin", lang: "cmn") } != nil)
        call.press(Fixtures.demoPIN + "#")
        let pin = try #require(call.events.all.last { $0.event == .input(node: "identity", field: "pin", value: "******") })
        // No store: the check fails, the apology plays inside the identity check, then the call returns to main.
        let left = try #require(call.until { $0 == .node(id: "main") && call.events.all.last!.sample > pin.sample })
        call.push([Int16](repeating: 0, count: 8000))
        #expect(call.tap.frames.count == call.session.sample / Telephony.frameSamples)
        for frame in call.tap.frames {
            let inIdentity = frame.sample >= identity.sample && frame.sample < left.sample
            #expect(frame.secret == inIdentity, "frame at \(frame.sample): secret \(frame.secret)")
        }
        #expect(call.tap.frames.contains { $0.secret })
    }

    @Test func aKeyReportedInBandAndOutOfBandIsTakenOnce() throws {
        let call = SessionHarness()
        try #require(call.until { $0 == .node(id: "main") } != nil)
        let start = call.session.sample
        call.steps.append(call.session.pushDigit(DTMFDigit("1")!, startSample: start))
        call.push(SessionHarness.tone("1", ms: 100) + [Int16](repeating: 0, count: 4000))
        #expect(call.digits() == "1")
        // The same key pressed again, in-band only: a second key.
        call.push(SessionHarness.tone("1", ms: 100) + [Int16](repeating: 0, count: 4000))
        #expect(call.digits() == "11")
    }

    @Test func repeatedOutOfBandKeysStayApart() throws {
        let call = SessionHarness()
        try #require(call.until { $0 == .node(id: "main") } != nil)
        call.press("11")
        #expect(call.digits() == "11")
    }

    @Test func transferRequestsReachTheDriverAndItsAnswerEndsTheCall() throws {
        let call = SessionHarness()
        try #require(call.until { $0 == .node(id: "main") } != nil)
        call.press("0")
        #expect(call.steps.compactMap(\.transfer) == ["general"])
        let step = call.session.transferAnswered()
        #expect(step.ended == .line)
        #expect(step.events.map(\.event).contains(.transfer(queue: "general", result: .answered)))
        #expect(call.events.all.last?.event == .hangup(by: .line, reason: "transfer"))
        #expect(call.session.outcome.hangupBy == "line")
    }

    @Test func aFailedTransferOffersAMessage() throws {
        let call = SessionHarness()
        try #require(call.until { $0 == .node(id: "main") } != nil)
        call.press("0")
        let step = call.session.transferFailed()
        #expect(step.events.map(\.event).contains(.transfer(queue: "general", result: .overflow)))
        #expect(call.until { $0 == .prompt(id: "agent_overflow", lang: "cmn") } != nil)
        #expect(!step.isFinished)
    }

    @Test func theCallerHangingUpEndsTheCall() throws {
        let call = SessionHarness()
        try #require(call.until { $0 == .node(id: "main") } != nil)
        let step = call.session.callerHungUp()
        #expect(step.ended == .caller)
        #expect(step.events.map(\.event) == [.hangup(by: .caller, reason: "caller")])
        #expect(call.session.outcome.path == ["welcome", "main"])
    }
}
