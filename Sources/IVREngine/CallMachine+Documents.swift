extension CallMachine {
    /// Document request: choose from the spoken list, enter a fax or mobile number, confirm, ticket.
    mutating func startDocuments() {
        phase = .documentsChoose
        ask(collecting(.key, full: [.prompt(node.prompt("list"), interruptible: true)]))
    }

    mutating func documentKey(_ key: Character) -> KeyOutcome {
        guard let document = node.settings.documents[key] else { return .notMine }
        askContact(document: document)
        return .accepted
    }

    mutating func askContact(document: String) {
        phase = .documentsContact(document: document)
        ask(collecting(.number(starIsX: false, secret: false),
                       full: [.prompt(node.prompt("contact"), interruptible: true)]))
    }

    mutating func contactEntered(_ digits: String, document: String) {
        let s = node.settings
        guard (s.minDigits...s.maxDigits).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            wrongInput(error: node.prompt("contact_invalid"))
            return
        }
        resetCounters()
        log(.input(node: node.id, field: "contact", value: digits))
        phase = .documentsConfirm(document: document, contact: digits)
        let confirm = Playback.prompt(node.prompt("confirm"), interruptible: true)
        ask(collecting(.key, full: [Playback([.prompt(node.prompt("readback")), .say(.digits(digits))],
                                             interruptible: true), confirm],
                       short: [confirm]))
    }

    /// 1 confirm (ticket), 2 re-enter.
    mutating func confirmKey(_ key: Character, document: String, contact: String) -> KeyOutcome {
        switch node.keys[key] {
        case "confirm":
            phase = .documentsSaving(document: document, contact: contact)
            emit(.openTicket(TicketOrder(kind: .document, node: node.id, document: document, contact: contact)))
            return .accepted
        case "reenter":
            askContact(document: document)
            return .accepted
        default:
            return .notMine
        }
    }

    /// Ticket status: number + #, check digit, then status and due date.
    mutating func startTicketStatus() {
        phase = .ticketEntry
        ask(collecting(.number(starIsX: false, secret: false),
                       full: [.prompt(node.prompt("entry"), interruptible: true)]))
    }

    mutating func ticketNumberEntered(_ digits: String) {
        guard NumberCheck.isValidTicketNumber(digits) else {
            wrongInput(error: node.prompt("invalid"))
            return
        }
        resetCounters()
        log(.input(node: node.id, field: "ticket_number", value: digits))
        phase = .ticketLooking
        emit(.lookupTicket(digits))
    }

    mutating func ticketStatusResult(_ result: StoreResult) {
        guard phase == .ticketLooking else { return }
        if callerHungUp {
            finishAfterHangup()
            return
        }
        switch result {
        case let .ticketStatus(status, due):
            finishService(result: [Playback([
                .prompt(node.prompt("status_is")), .prompt(node.prompt("status_" + status.rawValue)),
                .prompt(node.prompt("due")), .say(.date(due)),
            ], interruptible: true)])
        case .ticketNotFound:
            phase = .ticketEntry
            wrongInput(error: node.prompt("not_found"))
        default:
            break
        }
    }
}
