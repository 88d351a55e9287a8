extension CallMachine {
    /// A voice message (voicemail, complaint): intro and beep, not interruptible; then record.
    mutating func startMessage() {
        typeAhead.removeAll()
        phase = .messageIntro
        say([.prompt(node.prompt("intro"), interruptible: false), .prompt(node.prompt("beep"), interruptible: false)])
    }

    mutating func beginRecording() {
        typeAhead.removeAll()
        phase = .messageRecording
        let s = node.settings
        emit(.startRecording(RecordingRequest(kind: s.ticketKind ?? .voicemail, maxSeconds: s.maxSeconds,
                                              silenceSeconds: s.silenceSeconds)))
        log(.recordStart)
    }

    mutating func messageRecordingEnded(_ reason: RecordingEndReason, seconds: Double, hasSpeech: Bool) {
        switch phase {
        case .messageRecording, .messageStopping: break
        default: return
        }
        log(.recordEnd(reason: recordingCutByHangup ? .hangup : reason, seconds: seconds))
        recordingCutByHangup = false
        let usable = hasSpeech && seconds * 1000 >= Double(node.settings.minMilliseconds)
        if callerHungUp {
            if usable { saveMessage(seconds: seconds) } else { finishAfterHangup() }
            return
        }
        guard usable else {
            log(.recordDiscarded(seconds: seconds))
            phase = .leaving(to: node.parent ?? "main")
            say([.prompt(node.prompt("too_short"), interruptible: false)])
            return
        }
        phase = .messageReview(seconds: seconds)
        ask(collecting(.key, full: [.prompt(node.prompt("review"), interruptible: true)], escalate: false))
    }

    /// Review: 1 listen, 2 save, 3 re-record; silence saves.
    mutating func reviewKey(_ key: Character) -> KeyOutcome {
        guard case .messageReview(let seconds) = phase else { return .notMine }
        switch node.keys[key] {
        case "listen":
            let review = Playback.prompt(node.prompt("review"), interruptible: true)
            ask(lastAsk ?? collecting(.key, full: [review]),
                prompts: [Playback([.lastRecording], interruptible: true), review])
            return .accepted
        case "save":
            saveMessage(seconds: seconds)
            return .accepted
        case "rerecord":
            startMessage()
            return .accepted
        default:
            return .notMine
        }
    }

    mutating func saveMessage(seconds: Double) {
        phase = .messageSaving(seconds: seconds)
        emit(.openTicket(kind: node.settings.ticketKind ?? .voicemail, node: node.id, recordingSeconds: seconds,
                         menuPath: path))
    }

    /// Whether a hang-up must wait for the message to be kept (stop the recorder, or save after review).
    mutating func messageKeepOnHangup() -> Bool {
        switch phase {
        case .messageRecording:
            emit(.stopRecording)
            phase = .messageStopping
            recordingCutByHangup = true
            return true
        case .messageStopping:
            return true
        case .messageReview(let seconds):
            saveMessage(seconds: seconds)
            return true
        default:
            return false
        }
    }

    /// A ticket was opened (message or document): speak its number and deadline (not interruptible).
    mutating func ticketResult(_ result: StoreResult) {
        switch phase {
        case .messageSaving, .documentsSaving: break
        default: return
        }
        guard case let .ticketOpened(number, due, workdays) = result else { return }
        log(.ticket(number: number.digits, kind: node.settings.ticketKind ?? .document, due: due))
        if callerHungUp {
            finishAfterHangup()
            return
        }
        let p = tree.settings
        var items: [PlayItem] = [
            .prompt(node.prompt("saved")), .say(.digits(number.digits)), .pause(milliseconds: 300),
            .prompt(p.prompt("reply_within")), .say(.workdays(workdays)), .prompt(p.prompt("reply_by")),
            .say(.date(due)), .prompt(p.prompt("reply_end")),
        ]
        if let hint = node.prompts["hint"] { items.append(.prompt(hint)) }
        resetCounters()
        finishService(result: [Playback(items, interruptible: false)])
    }
}
