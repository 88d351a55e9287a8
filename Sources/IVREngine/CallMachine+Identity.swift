extension CallMachine {
    /// Identity check (Art. 25): ID number (X typed as *) then PIN, each ended by #; nothing personal before success.
    mutating func startIdentity() {
        if authenticated {
            enter(node.next ?? "account")
        } else if identityLocked {
            phase = .leaving(to: node.parent ?? "main")
            say([.prompt(node.prompt("locked"), interruptible: false)])
        } else {
            askIDNumber()
        }
    }

    /// Asks for the ID number, throwing away type-ahead (the node flushes).
    mutating func askIDNumber() {
        if node.flush { typeAhead.removeAll() }
        phase = .identityID
        ask(collecting(.number(starIsX: true, secret: true), full: [.prompt(node.prompt("id"), interruptible: true)]))
    }

    mutating func identityEntered(_ digits: String) {
        switch phase {
        case .identityID:
            guard ChineseIDNumber.isValid(digits) else {
                // A wrong length or check digit is a typo: re-ask at once (not a failed check).
                wrongInput(error: node.prompt("id_invalid"))
                return
            }
            resetCounters()
            log(.input(node: node.id, field: "id_number", value: ChineseIDNumber.masked(digits)))
            phase = .identityPIN(idNumber: digits)
            ask(collecting(.number(starIsX: false, secret: true),
                           full: [.prompt(node.prompt("pin"), interruptible: true)]))
        case .identityPIN(let idNumber):
            guard digits.count == node.settings.pinDigits, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                wrongInput(error: node.prompts["pin_invalid"])
                return
            }
            resetCounters()
            log(.input(node: node.id, field: "pin", value: Masking.secret(digits)))
            phase = .identityVerifying
            emit(.verifyIdentity(IdentityCredentials(idNumber: idNumber, pin: digits)))
        default:
            break
        }
    }

    mutating func identityResult(_ result: StoreResult) {
        guard phase == .identityVerifying else { return }
        guard case .identity(let check) = result else { return }
        if callerHungUp {
            finishAfterHangup()
            return
        }
        if check == .locked {
            // Locked across calls (too many failures today, whether or not the ID exists): the same mismatch
            // sentence as any failure, then where to get help instead; no hint about the ID.
            identityLocked = true
            log(.auth(.lockedToday))
            phase = .leaving(to: node.parent ?? "main")
            say([.prompt(node.prompt("mismatch"), interruptible: false),
                 .prompt(node.prompts["locked_today"] ?? node.prompt("locked"), interruptible: false)])
            return
        }
        if case .verified = check {
            authenticated = true
            log(.auth(.ok))
            resetCounters()
            enter(node.next ?? "account")
            return
        }
        identityFailures += 1
        log(.auth(.fail))
        let mismatch = Playback.prompt(node.prompt("mismatch"), interruptible: false)
        if identityFailures >= node.settings.maxFailures {
            identityLocked = true
            log(.auth(.locked))
            phase = .leaving(to: node.parent ?? "main")
            say([mismatch, .prompt(node.prompt("locked"), interruptible: false)])
        } else {
            phase = .identityRetry
            say([mismatch])
        }
    }

    /// One account item, only after a successful check.
    mutating func startAccountQuery() {
        guard authenticated, let item = node.settings.accountItem else {
            enter(tree.nodes.values.first { $0.kind == .identity }?.id ?? "main")
            return
        }
        phase = .accountFetching
        emit(.queryAccount(item))
    }

    mutating func accountResult(_ result: StoreResult) {
        guard phase == .accountFetching, case .account(let facts) = result else { return }
        if callerHungUp {
            finishAfterHangup()
            return
        }
        let items: [PlayItem] = switch facts {
        case let .pension(months, balanceFen):
            [.prompt(node.prompt("result")), .say(.months(months)), .pause(milliseconds: 300),
             .prompt(node.prompt("balance")), .say(.money(fen: balanceFen))]
        case let .medical(balanceFen):
            [.prompt(node.prompt("result")), .say(.money(fen: balanceFen))]
        case let .status(status):
            [.prompt(node.prompt("status_" + status.rawValue))]
        }
        finishService(result: [Playback(items, interruptible: true)])
    }
}
