import IVREngine
import Testing
import WorkingDays

let due = CivilDate(year: 2026, month: 3, day: 5)!

/// A ticket number as the store makes them (sequence + Damm check digit).
func ticket(_ sequence: Int) -> TicketNumber { TicketNumber(sequence: 100_000 + sequence) }

extension CallDriver {
    /// From the beep to a recorded message that ended with # after `seconds`.
    mutating func recordMessage(seconds: Double = 12.5, hasSpeech: Bool = true) {
        playAll(limit: 2)  // intro and beep
        press("#")
        recordingEnded(.dtmf, seconds: seconds, hasSpeech: hasSpeech)
    }
}

@Suite struct VoicemailTests {
    @Test func introBeepRecordReviewSaveTicketDeadline() {
        var call = CallDriver.reaching("voicemail")
        #expect(call.playing == .prompt("voicemail_intro", interruptible: false))
        call.press("3")  // not a barge-in, and flushed before recording
        call.playAll(limit: 2)
        #expect(call.playedIDs.suffix(2) == ["voicemail_intro", "beep"])
        #expect(call.actions.last == .log(LoggedEvent(sample: call.sample, event: .recordStart)))
        #expect(call.actions.contains(.startRecording(RecordingRequest(kind: .voicemail, maxSeconds: 120, silenceSeconds: 5))))
        call.press("5")  // ignored while recording
        #expect(!call.actions.contains(.stopRecording))
        call.press("#")
        #expect(call.actions.last == .stopRecording)
        call.recordingEnded(.dtmf, seconds: 12.5)
        #expect(call.events.contains(.recordEnd(reason: .dtmf, seconds: 12.5)))
        #expect(call.playing?.id == "voicemail_review")
        call.press("1")  // listen
        #expect(call.playing == Playback([.lastRecording], interruptible: true))
        call.playAll(limit: 1)
        #expect(call.playing?.id == "voicemail_review")
        call.press("2")  // save
        #expect(call.actions.last == .openTicket(kind: .voicemail, node: "voicemail", recordingSeconds: 12.5,
                                                 menuPath: ["welcome", "main", "voicemail"]))
        call.store(.ticketOpened(number: ticket(17), due: due, workdays: 3))
        #expect(call.events.contains(.ticket(number: ticket(17).digits, kind: .voicemail, due: due)))
        let sentence = Playback([
            .prompt("voicemail_saved"), .say(.digits(ticket(17).digits)), .pause(milliseconds: 300),
            .prompt("reply_in"), .say(.workdays(3)), .prompt("reply_by"), .say(.date(due)), .prompt("reply_before"),
        ], interruptible: false)
        #expect(call.playing == sentence)
        call.press("9")  // not interruptible: kept as type-ahead
        #expect(call.playing == sentence)
        call.playAll()
        #expect(call.nodes.last == "voicemail")
        call.press("#")  // repeat the number and deadline
        #expect(call.playing == sentence)
        call.playAll()
        call.wait(ms: 5000)
        #expect(call.nodes.last == "survey")
    }

    @Test func noKeyAtTheReviewSaves() {
        var call = CallDriver.reaching("voicemail")
        call.recordMessage()
        call.playAll()
        call.wait(ms: 5000)
        #expect(call.actions.last == .openTicket(kind: .voicemail, node: "voicemail", recordingSeconds: 12.5,
                                                 menuPath: ["welcome", "main", "voicemail"]))
        #expect(!call.events.contains { $0.isNoInput })
    }

    @Test func threeReRecords() {
        var call = CallDriver.reaching("voicemail")
        call.recordMessage()
        call.press("3")
        #expect(call.playing?.id == "voicemail_intro")
        call.recordMessage(seconds: 4)
        call.press("2")
        #expect(call.actions.last == .openTicket(kind: .voicemail, node: "voicemail", recordingSeconds: 4,
                                                 menuPath: ["welcome", "main", "voicemail"]))
        #expect(call.events.filter { $0 == .recordStart }.count == 2)
    }

    @Test(arguments: [(0.6, true), (8.0, false)])
    func shortOrSilentMessagesAreDiscardedPolitely(_ seconds: Double, _ speech: Bool) {
        var call = CallDriver.reaching("voicemail")
        call.playAll(limit: 2)
        call.recordingEnded(.silence, seconds: seconds, hasSpeech: speech)
        #expect(call.events.contains(.recordDiscarded(seconds: seconds)))
        #expect(call.playing == .prompt("voicemail_too_short", interruptible: false))
        #expect(!call.actions.contains { if case .openTicket = $0 { true } else { false } })
        call.finishPrompt()
        #expect(call.nodes.last == "main")
    }

    @Test(arguments: [RecordingEndReason.silence, .maxtime])
    func recorderEndsTheMessage(_ reason: RecordingEndReason) {
        var call = CallDriver.reaching("voicemail")
        call.playAll(limit: 2)
        call.recordingEnded(reason, seconds: reason == .maxtime ? 120 : 30)
        #expect(call.events.contains(.recordEnd(reason: reason, seconds: reason == .maxtime ? 120 : 30)))
        #expect(call.playing?.id == "voicemail_review")
    }

    @Test func aHangUpKeepsTheMessage() {
        var call = CallDriver.reaching("voicemail")
        call.playAll(limit: 2)
        call.wait(ms: 9000)
        call.hangup()
        #expect(call.actions.suffix(2).first == .log(LoggedEvent(sample: call.sample, event: .hangup(by: .caller, reason: "caller"))))
        #expect(call.actions.last == .stopRecording)
        #expect(!call.machine.isFinished)
        call.recordingEnded(.dtmf, seconds: 9)
        #expect(call.events.contains(.recordEnd(reason: .hangup, seconds: 9)))
        #expect(call.actions.last == .openTicket(kind: .voicemail, node: "voicemail", recordingSeconds: 9,
                                                 menuPath: ["welcome", "main", "voicemail"]))
        call.store(.ticketOpened(number: ticket(18), due: due, workdays: 3))
        #expect(call.events.last == .ticket(number: ticket(18).digits, kind: .voicemail, due: due))
        #expect(call.machine.isFinished)
        #expect(!call.actions.contains(.hangup(reason: "goodbye")))
    }

    @Test func aHangUpDuringTheReviewSaves() {
        var call = CallDriver.reaching("voicemail")
        call.recordMessage()
        call.hangup()
        #expect(call.actions.last == .openTicket(kind: .voicemail, node: "voicemail", recordingSeconds: 12.5,
                                                 menuPath: ["welcome", "main", "voicemail"]))
    }
}

@Suite struct ComplaintTests {
    @Test func complaintTicketTellsHowToCheckProgress() {
        var call = CallDriver.reaching("complaints.complaint")
        #expect(call.playing?.id == "complaint_intro")
        call.recordMessage(seconds: 40)
        call.press("2")
        #expect(call.actions.last == .openTicket(kind: .complaint, node: "complaints.complaint",
                                                 recordingSeconds: 40,
                                                 menuPath: ["welcome", "main", "complaints",
                                                           "complaints.complaint"]))
        call.store(.ticketOpened(number: ticket(19), due: due, workdays: 3))
        #expect(call.events.contains(.ticket(number: ticket(19).digits, kind: .complaint, due: due)))
        #expect(call.playing?.items.first == .prompt("complaint_accepted"))
        #expect(call.playing?.items.last == .prompt("complaint_progress_hint"))
        #expect(call.playing?.items.contains(.say(.digits(ticket(19).digits))) == true)
    }
}

@Suite struct DocumentTests {
    @Test func chooseEnterReadBackReEnterConfirmTicket() {
        var call = CallDriver.reaching("documents")
        #expect(call.playing?.id == "documents_menu")
        call.press("2")
        #expect(call.playing?.id == "documents_delivery")
        call.press("9")  // not a channel
        #expect(call.events.contains(.noMatch(node: "documents", count: 1)))
        call.press("2")  // SMS
        #expect(call.playing?.id == "documents_enter_number")
        call.press("02012345678#")  // a leading 0 is a digit
        #expect(call.events.contains(.input(node: "documents", field: "contact", value: "02012345678")))
        #expect(call.playing == Playback([.prompt("number_readback"), .say(.phone("02012345678")),
                                          .pause(milliseconds: 300), .prompt("number_confirm")], interruptible: true))
        call.press("2")  // re-enter (barge-in on the read-back)
        #expect(call.playing?.id == "documents_enter_number")
        call.press("13800138000#")
        call.press("1")  // confirm (barge-in on the read-back)
        #expect(call.actions.last == .openTicket(kind: .document, node: "documents",
                                                 details: ["document": "unemployment_benefit_guide",
                                                           "contact": "13800138000", "delivery": "sms"],
                                                 menuPath: ["welcome", "main", "documents"]))
        call.store(.ticketOpened(number: ticket(20), due: due, workdays: 3))
        #expect(call.events.contains(.ticket(number: ticket(20).digits, kind: .document, due: due)))
        #expect(call.playing?.items.first == .prompt("document_accepted"))
    }

    @Test(arguments: ["123#", "1234567890123#", "138*0013800#"])
    func badNumbersAreReasked(_ keys: String) {
        var call = CallDriver.reaching("documents")
        call.press("11" + keys)
        #expect(call.playedIDs.suffix(1) == ["invalid_input"])
        #expect(call.events.contains(.noMatch(node: "documents", count: 1)))
    }

    @Test func aDocumentNotInTheListIsAWrongKey() {
        var call = CallDriver.reaching("documents")
        call.press("7")
        #expect(call.events.contains(.noMatch(node: "documents", count: 1)))
    }
}

@Suite struct TicketStatusTests {
    static let number = TicketNumber(sequence: 2_026_030_200).digits

    @Test func statusAndDueDateAreRead() {
        var call = CallDriver.reaching("complaints.ticket_status")
        call.press(Self.number + "#")
        #expect(call.events.contains(.input(node: "complaints.ticket_status", field: "ticket_number", value: Self.number)))
        #expect(call.actions.last == .lookupTicket(TicketNumber(validating: Self.number)!))
        call.store(.ticketStatus(.open, due: due))
        #expect(call.playing?.items == [.prompt("ticket_status_intro"), .say(.digits(Self.number)),
                                        .pause(milliseconds: 300), .prompt("ticket_status_open"), .say(.date(due))])
    }

    @Test func aWrongCheckDigitIsReaskedWithoutALookup() {
        var call = CallDriver.reaching("complaints.ticket_status")
        let wrong = String(Self.number.dropLast()) + (Self.number.last == "0" ? "1" : "0")
        call.press(wrong + "#")
        #expect(call.playedIDs.suffix(1) == ["invalid_input"])
        #expect(!call.actions.contains { if case .lookupTicket = $0 { true } else { false } })
    }

    @Test func anUnknownTicketIsReasked() {
        var call = CallDriver.reaching("complaints.ticket_status")
        call.press(Self.number + "#")
        call.store(.ticketNotFound)
        #expect(call.playedIDs.suffix(1) == ["ticket_not_found"])
        call.finishPrompt()
        #expect(call.playing?.id == "ticket_enter_number")
    }
}
