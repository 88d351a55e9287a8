extension CallMachine {
    /// Document request: choose from the spoken list, enter a fax or mobile number, confirm, ticket.
    mutating func startDocuments() {
        documentDelivery = nil
        phase = .documentsChoose
        ask(collecting(.key, full: [.prompt(node.prompt("list"), interruptible: true)]))
    }

    mutating func documentKey(_ key: Character) -> KeyOutcome {
        guard let document = node.settings.documents[key] else { return .notMine }
        if node.settings.deliveries.isEmpty {
            askContact(document: document)
        } else {
            phase = .documentsDelivery(document: document)
            ask(collecting(.key, full: [.prompt(node.prompt("delivery"), interruptible: true)]))
        }
        return .accepted
    }

    /// Fax or SMS (when the menu asks).
    mutating func deliveryKey(_ key: Character, document: String) -> KeyOutcome {
        guard let delivery = node.settings.deliveries[key] else { return .notMine }
        documentDelivery = delivery
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
            wrongInput(error: node.prompts["contact_invalid"])
            return
        }
        resetCounters()
        log(.input(node: node.id, field: "contact", value: digits))
        phase = .documentsConfirm(document: document, contact: digits)
        let readBack = Playback([.prompt(node.prompt("readback")), .say(.phone(digits)), .pause(milliseconds: 300),
                                 .prompt(node.prompt("confirm"))], interruptible: true)
        ask(collecting(.key, full: [readBack], short: [.prompt(node.prompt("confirm"), interruptible: true)]))
    }

    /// 1 confirm (ticket), 2 re-enter.
    mutating func confirmKey(_ key: Character, document: String, contact: String) -> KeyOutcome {
        switch node.keys[key] {
        case "confirm":
            phase = .documentsSaving(document: document, contact: contact)
            var details = ["document": document, "contact": contact]
            details["delivery"] = documentDelivery
            emit(.openTicket(kind: .document, node: node.id, details: details, menuPath: path))
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
        guard let number = TicketNumber(validating: digits) else {
            wrongInput(error: node.prompts["invalid"])
            return
        }
        resetCounters()
        log(.input(node: node.id, field: "ticket_number", value: digits))
        phase = .ticketLooking(number)
        emit(.lookupTicket(number))
    }

    mutating func ticketStatusResult(_ result: StoreResult) {
        guard case .ticketLooking(let number) = phase else { return }
        if callerHungUp {
            finishAfterHangup()
            return
        }
        switch result {
        case let .ticketStatus(status, due):
            var items: [PlayItem] = [.prompt(node.prompt("status_is")), .say(.digits(number.digits)),
                                     .pause(milliseconds: 300), .prompt(node.prompt("status_" + status.rawValue))]
            if status == .open { items.append(.say(.date(due))) }
            finishService(result: [Playback(items, interruptible: true)])
        case .ticketNotFound:
            phase = .ticketEntry
            wrongInput(error: node.prompt("not_found"))
        default:
            break
        }
    }
}
