extension CallMachine {
    /// The agent: in business hours the queue with the national wait tone; out of hours the message offer.
    mutating func startAgent() {
        let queueName = node.settings.queue
        guard facts.businessHoursOpen, !facts.lineClosed else {
            log(.transfer(queue: queueName, result: .closed))
            phase = .agentClosed
            var items: [PlayItem] = [.prompt(node.prompt("closed")), .say(.businessHours(facts.businessHours))]
            if let options = node.prompts["closed_options"] { items += [.pause(milliseconds: 300), .prompt(options)] }
            ask(collecting(.key, full: [Playback(items, interruptible: true)]))
            return
        }
        log(.transfer(queue: queueName, result: .queued))
        emit(.transfer(queue: queueName))
        phase = .agentTransferring
        say([.prompt(node.prompt("transfer"), interruptible: false)])
    }

    /// Out of hours or overflow: 1 message, 2 keep waiting; `*` is the global back key.
    mutating func agentKey(_ key: Character) -> KeyOutcome {
        switch node.keys[key] {
        case "leave_message":
            enter(node.next ?? "voicemail")
            return .accepted
        case "keep_waiting" where phase == .agentOverflow:
            log(.transfer(queue: node.settings.queue, result: .queued))
            waitInQueue(since: now)
            return .accepted
        default:
            return .notMine
        }
    }

    /// The wait tone loops; every busy interval the busy announcement interrupts it.
    mutating func waitInQueue(since: Int) {
        phase = .agentWaiting(since: since, nextBusy: since + node.settings.busyIntervalSamples)
        say([.prompt(node.prompt("wait_tone"), interruptible: false)])
    }

    mutating func agentDrained() {
        switch phase {
        case .agentTransferring:
            waitInQueue(since: now)
        case let .agentWaiting(since, nextBusy), let .agentBusy(since, nextBusy):
            phase = .agentWaiting(since: since, nextBusy: nextBusy)
            say([.prompt(node.prompt("wait_tone"), interruptible: false)])
        default:
            break
        }
    }

    /// Busy announcements and the maximum wait, in samples since the call joined the queue.
    mutating func agentTimers() {
        switch phase {
        case let .agentWaiting(since, nextBusy), let .agentBusy(since, nextBusy):
            if now >= since + node.settings.maxWaitSamples {
                agentOverflow()
            } else if now >= nextBusy {
                stopAll()
                phase = .agentBusy(since: since, nextBusy: nextBusy + node.settings.busyIntervalSamples)
                var items: [PlayItem] = [.prompt(node.prompt("busy"))]
                if let ahead = callersAhead, let before = node.prompts["queue_ahead"],
                   let after = node.prompts["queue_waiting"] {
                    items += [.prompt(before), .say(.callers(ahead)), .prompt(after)]
                }
                say([Playback(items, interruptible: false)])
            }
        default:
            break
        }
    }

    /// No agent: the overflow offer (1 message, 2 keep waiting).
    mutating func agentOverflow() {
        stopAll()
        log(.transfer(queue: node.settings.queue, result: .overflow))
        phase = .agentOverflow
        ask(collecting(.key, full: [.prompt(node.prompt("overflow"), interruptible: true)]))
    }

    /// Whether the call waits for the transfer it asked for (transferring, waiting, or hearing a busy notice).
    var agentTransferPending: Bool {
        guard node.kind == .agent else { return false }
        switch phase {
        case .agentTransferring, .agentWaiting, .agentBusy: return true
        default: return false
        }
    }

    /// `*` while waiting: leave the queue for the parent menu.
    mutating func leaveQueue() {
        resetCounters()
        goBack()
    }

    mutating func agentPickedUp() {
        switch phase {
        case .agentTransferring, .agentWaiting, .agentBusy:
            stopAll()
            log(.transfer(queue: node.settings.queue, result: .answered))
            phase = .agentConnected
        default:
            break
        }
    }
}
