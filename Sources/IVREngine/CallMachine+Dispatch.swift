/// Where the call is inside its node (each node kind uses its own cases).
enum Phase: Hashable, Sendable {
    case none
    // welcome
    case welcomeIntro, languageChoice
    // menu, recording and every finished service
    case menu, afterService
    // identity
    case identityID, identityPIN(idNumber: String), identityVerifying, identityRetry
    // account
    case accountFetching
    // message (voicemail, complaint)
    case messageIntro, messageRecording, messageStopping, messageReview(seconds: Double), messageSaving(seconds: Double)
    // documents
    case documentsChoose, documentsDelivery(document: String), documentsContact(document: String)
    case documentsConfirm(document: String, contact: String)
    case documentsSaving(document: String, contact: String)
    // ticket status
    case ticketEntry, ticketLooking(TicketNumber)
    // agent
    case agentClosed, agentTransferring, agentWaiting(since: Int, nextBusy: Int), agentBusy(since: Int, nextBusy: Int)
    case agentOverflow, agentConnected
    // closing
    case survey, goodbye
    /// A notice plays, then the call goes to a node.
    case leaving(to: String)
    /// A notice plays, then the line hangs up.
    case hangingUp(reason: String)
}

extension CallMachine {
    /// Starts the current node by its kind.
    mutating func start() {
        switch node.kind {
        case .welcome: startWelcome()
        case .menu: startMenu()
        case .recording: startRecording()
        case .identity: startIdentity()
        case .accountQuery: startAccountQuery()
        case .message: startMessage()
        case .documents: startDocuments()
        case .ticketStatus: startTicketStatus()
        case .agent: startAgent()
        case .survey: startSurvey()
        case .goodbye: startGoodbye()
        }
    }

    /// A key of a key collection, by the node's kind.
    mutating func nodeKey(_ key: Character) -> KeyOutcome {
        switch phase {
        case .languageChoice: return languageKey(key)
        case .menu: return menuKey(key)
        case .afterService: return afterServiceKey(key)
        case .messageReview: return reviewKey(key)
        case .documentsChoose: return documentKey(key)
        case .documentsDelivery(let document): return deliveryKey(key, document: document)
        case .documentsConfirm(let document, let contact): return confirmKey(key, document: document, contact: contact)
        case .agentClosed, .agentOverflow: return agentKey(key)
        case .survey: return surveyKey(key)
        default: return .notMine
        }
    }

    /// A number ended by `#` or the inter-digit timeout.
    mutating func entered(_ digits: String) {
        switch phase {
        case .identityID, .identityPIN: identityEntered(digits)
        case .documentsContact(let document): contactEntered(digits, document: document)
        case .ticketEntry: ticketNumberEntered(digits)
        default: break
        }
    }

    /// Silence in a collection whose node decides (`escalate: false`); false = use the national escalation.
    mutating func nodeNoInput() -> Bool {
        switch phase {
        case .languageChoice:
            enter(node.next ?? "main")
            return true
        case .afterService:
            close()
            return true
        case .messageReview(let seconds):
            saveMessage(seconds: seconds)
            return true
        case .survey:
            surveyAnswered(nil)
            return true
        default:
            return false
        }
    }

    /// The playback queue ran dry; true when the phase moved on by itself.
    mutating func phaseDrained() -> Bool {
        switch phase {
        case .welcomeIntro:
            welcomeDone()
            return true
        case .messageIntro:
            beginRecording()
            return true
        case .identityRetry:
            askIDNumber()
            return true
        case .agentTransferring, .agentWaiting, .agentBusy:
            agentDrained()
            return true
        case .goodbye:
            endCall(reason: "goodbye")
            return true
        case .hangingUp(let reason):
            endCall(reason: reason)
            return true
        case .leaving(let target):
            enter(target)
            return true
        default:
            return false
        }
    }

    /// Keys the current phase takes live, outside any collection (recording end key, leaving the queue).
    mutating func liveKey(_ key: Character) -> Bool {
        switch phase {
        case .messageRecording:
            if key == node.key(for: "end") {
                emit(.stopRecording)
                phase = .messageStopping
            }
            return true
        case .messageStopping:
            return true
        case .agentTransferring, .agentWaiting, .agentBusy:
            if key == tree.settings.backKey { leaveQueue() }
            return true
        case .agentConnected:
            return true
        default:
            return false
        }
    }
}
