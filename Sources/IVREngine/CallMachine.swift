public import DSP

/// The call state machine: events in, actions out.
///
/// A pure value: no I/O, no clock, no logging. Time is the sample position since answer (8 kHz) that every
/// input carries; timers (first-digit 5 s, inter-digit 3 s, agent announcements) are deadlines in samples.
/// The session performs the returned actions in order and feeds back what happened (`promptFinished`,
/// `recordingEnded`, `storeResult`).
///
/// What a node does is decided by its ``NodeKind`` from the menu data (one extension file per kind);
/// this file holds what all kinds share: playback queue, barge-in and type-ahead, key collection,
/// timeouts, global keys, no-input and wrong-input escalation.
public struct CallMachine: Sendable {
    /// The menu tree driving the call.
    public let tree: MenuTree

    private enum State: Sendable { case waitingForAnswer, active, ended }
    private var state = State.waitingForAnswer

    // Call facts.
    var facts = CallFacts(callID: "", now: "", greetingPrompt: "", businessHoursOpen: false)
    var lang = "cmn"
    var now = 0

    // Where the call is.
    var node: MenuNode
    var phase = Phase.none

    // Output.
    var current: Playback?
    var queue: [Playback] = []

    // Input.
    var collect: Collect?
    var lastAsk: Collect?
    var collectGeneration = 0
    var typeAhead: [TypedKey] = []

    // Counters and call-wide flags.
    var noInputCount = 0
    var noMatchCount = 0
    var served = false
    var surveyDone = false
    var authenticated = false
    var identityLocked = false
    var identityFailures = 0
    var callerHungUp = false
    var recordingCutByHangup = false
    var lastResult: [Playback] = []
    /// The node ids visited, in order (a ticket's menu path).
    var path: [String] = []
    /// Callers ahead in the agent queue, when the queue reports it.
    var callersAhead: Int?
    /// How the requested document is sent (`fax`, `sms`, …), when the documents node asks.
    var documentDelivery: String?

    // Actions produced by the event being handled.
    private var actions: [CallAction] = []

    /// Creates a machine for one call, waiting for `answered`.
    public init(tree: MenuTree) {
        self.tree = tree
        self.node = tree["welcome"]
    }

    /// Whether the call is over (the line hung up, or the caller did and nothing is pending).
    public var isFinished: Bool { state == .ended }

    /// The full id of the node the call is in (nil before answer).
    public var currentNode: String? { state == .waitingForAnswer ? nil : node.id }

    /// The prompt set in use.
    public var language: String { lang }

    // MARK: - Inputs

    /// Handles one input at a sample position (samples since answer, 8 kHz).
    public mutating func handle(_ event: CallEvent, at sample: Int) -> [CallAction] {
        switch event {
        case .answered(let facts): answered(facts, at: sample)
        case .digitStarted(let digit): digitStarted(digit, at: sample)
        case .tick: tick(at: sample)
        case .promptFinished(let id): promptFinished(id, at: sample)
        case let .recordingEnded(reason, seconds, hasSpeech):
            recordingEnded(reason, seconds: seconds, hasSpeech: hasSpeech, at: sample)
        case .storeResult(let result): storeResult(result, at: sample)
        case .queuePosition(let ahead): queuePosition(callersAhead: ahead, at: sample)
        case .agentAnswered: agentAnswered(at: sample)
        case .transferAnswered: transferAnswered(at: sample)
        case .transferFailed: transferFailed(at: sample)
        case .hangup: hangup(at: sample)
        }
    }

    /// The line answered: greeting, recording notice, then the main menu.
    public mutating func answered(_ facts: CallFacts, at sample: Int) -> [CallAction] {
        guard state == .waitingForAnswer else { return [] }
        state = .active
        now = sample
        self.facts = facts
        lang = facts.languages.first ?? "cmn"
        log(.answer(call: facts.callID, caller: facts.caller, now: facts.now, lang: lang))
        enter("welcome")
        return flush()
    }

    /// The detector (or an out-of-band source: RFC 4733, a terminal) saw a key's onset, handled at `sample`:
    /// barge-in, input, or type-ahead.
    public mutating func digitStarted(_ digit: DTMFDigit, at sample: Int) -> [CallAction] {
        guard state == .active, !callerHungUp else { return [] }
        let key = digit.character
        // A–D are dropped here, where a key becomes a machine event, when the line ignores them (the default).
        if tree.settings.ignoresLetterKeys, "ABCD".contains(key) { return [] }
        advance(to: sample)
        guard state == .active else { return flush() }
        // A `digit` event is written when the key is used, never while a secret is typed: a key kept as
        // type-ahead is logged when a menu takes it, so digits typed ahead of the identity check (which flushes
        // them) never reach the log. Inside the identity check (``isCollectingSecret``) a key is neither logged
        // nor kept as type-ahead.
        let secret = isCollectingSecret
        let before = actions.count
        if liveKey(key) {
            if !secret { actions.insert(.log(LoggedEvent(sample: now, event: .digit(key))), at: before) }
            return flush()
        }
        if collect != nil, current?.interruptible ?? true {
            if !secret { log(.digit(key)) }
            if current != nil { bargeIn() }
            accept(key)
        } else if !secret {
            typeAhead.append(TypedKey(key: key, logged: false, pressed: now))
        }
        // A key in the identity branch that no entry takes (during the mismatch or lock notice) is dropped:
        // it is most likely part of an ID number or PIN typed again, and must neither be logged nor choose a menu.
        return flush()
    }

    /// One frame passed; fires the timers that are due at `sample`.
    public mutating func tick(at sample: Int) -> [CallAction] {
        guard state == .active else { return [] }
        advance(to: sample)
        return flush()
    }

    /// The playback `id` played to its end.
    public mutating func promptFinished(_ id: String, at sample: Int) -> [CallAction] {
        guard state == .active else { return [] }
        advance(to: sample)
        guard let playing = current, playing.id == id else { return flush() }
        log(.promptEnd(id: id, lang: lang, interrupted: false))
        current = nil
        startNext()
        return flush()
    }

    /// The recorder finished the current recording.
    public mutating func recordingEnded(_ reason: RecordingEndReason, seconds: Double, hasSpeech: Bool,
                                        at sample: Int) -> [CallAction] {
        guard state == .active else { return [] }
        advance(to: sample)
        messageRecordingEnded(reason, seconds: seconds, hasSpeech: hasSpeech)
        return flush()
    }

    /// The store answered the last request.
    public mutating func storeResult(_ result: StoreResult, at sample: Int) -> [CallAction] {
        guard state == .active else { return [] }
        advance(to: sample)
        if case .failure = result {
            storeFailed()
        } else {
            switch node.kind {
            case .identity: identityResult(result)
            case .accountQuery: accountResult(result)
            case .message, .documents: ticketResult(result)
            case .ticketStatus: ticketStatusResult(result)
            default: break
            }
        }
        return flush()
    }

    /// The queue's count of callers ahead of this one; the next busy announcement speaks it.
    public mutating func queuePosition(callersAhead: Int, at sample: Int) -> [CallAction] {
        guard state == .active else { return [] }
        advance(to: sample)
        self.callersAhead = max(0, callersAhead)
        return flush()
    }

    /// An agent answered the queued call: the IVR's part is over.
    public mutating func agentAnswered(at sample: Int) -> [CallAction] {
        guard state == .active else { return [] }
        advance(to: sample)
        agentPickedUp()
        return flush()
    }

    /// The transfer the machine asked for (``CallAction/transfer(queue:)``) reached an agent: log `transfer`
    /// with result `answered` and leave the call, with no goodbye (the caller now talks to the agent).
    public mutating func transferAnswered(at sample: Int) -> [CallAction] {
        guard state == .active else { return [] }
        advance(to: sample)
        guard agentTransferPending else { return flush() }
        stopAll()
        log(.transfer(queue: node.settings.queue, result: .answered))
        phase = .agentConnected
        endCall(reason: "transfer")
        return flush()
    }

    /// The transfer failed or no agent answered in time: the overflow path, as when the maximum wait passes
    /// (the voice message offer).
    public mutating func transferFailed(at sample: Int) -> [CallAction] {
        guard state == .active else { return [] }
        advance(to: sample)
        guard agentTransferPending else { return flush() }
        agentOverflow()
        return flush()
    }

    /// Whether the call is inside a secret entry: the identity check in any phase (its ID and PIN prompts, the
    /// entries, the check, the mismatch and lock notices), or any collection of a secret number. A key pressed now
    /// is most likely a digit of an ID number or PIN: it is never logged, never kept as type-ahead, and a QA
    /// recording must not keep the caller's audio (the keys could be decoded from it). One rule for all three.
    public var isCollectingSecret: Bool {
        guard state == .active else { return false }
        if node.kind == .identity { return true }
        guard let pending = collect, case .number(_, secret: true) = pending.mode else { return false }
        return true
    }

    /// The caller hung up; a message being recorded is kept.
    public mutating func hangup(at sample: Int) -> [CallAction] {
        guard state == .active, !callerHungUp else { return [] }
        advance(to: sample)
        callerHungUp = true
        current = nil
        queue.removeAll()
        collect = nil
        log(.hangup(by: .caller, reason: "caller"))
        if !messageKeepOnHangup() && !awaitingStoreForTicket { state = .ended }
        return flush()
    }

    // MARK: - Actions and log

    mutating func emit(_ action: CallAction) { actions.append(action) }

    mutating func log(_ event: CallLogEvent) { actions.append(.log(LoggedEvent(sample: now, event: event))) }

    private mutating func flush() -> [CallAction] {
        defer { actions.removeAll() }
        return actions
    }

    /// Ends the call from the line's side.
    mutating func endCall(reason: String) {
        log(.hangup(by: .line, reason: reason))
        emit(.hangup(reason: reason))
        state = .ended
        current = nil
        queue.removeAll()
        collect = nil
    }

    /// Ends the machine after the caller hung up and the last pending work is done.
    mutating func finishAfterHangup() { state = .ended }

    private var awaitingStoreForTicket: Bool {
        switch phase {
        case .messageSaving, .documentsSaving: true
        default: false
        }
    }

    // MARK: - Playback

    /// Queues playbacks; starts the first if the line is idle.
    mutating func say(_ playbacks: [Playback]) {
        queue += playbacks
        if current == nil { startNext() }
    }

    /// Starts the next queued playback; type-ahead skips an interruptible prompt; an empty queue means drained.
    mutating func startNext() {
        guard state == .active, !callerHungUp else { return }
        if let next = queue.first {
            if next.interruptible, collect != nil, !typeAhead.isEmpty {
                queue.removeAll()
                feedTypeAhead()
                return
            }
            queue.removeFirst()
            current = next
            emit(.play(next))
            log(.prompt(id: next.id, lang: lang))
            return
        }
        current = nil
        drained()
    }

    /// Stops the current playback because a key interrupted it.
    mutating func bargeIn() {
        guard let playing = current else { return }
        emit(.stopPlayback)
        log(.promptEnd(id: playing.id, lang: lang, interrupted: true))
        current = nil
        queue.removeAll()
    }

    /// Stops whatever plays (a node change outside a key).
    mutating func stopAll() {
        queue.removeAll()
        bargeIn()
    }

    /// Nothing more to play: start the input timer, or let the phase continue.
    private mutating func drained() {
        if phaseDrained() { return }
        guard var pending = collect else { return }
        if !typeAhead.isEmpty {
            feedTypeAhead()
            return
        }
        pending.deadline = now + (pending.digits.isEmpty ? pending.firstTimeout : pending.interTimeout)
        collect = pending
    }

    // MARK: - Input

    /// Starts collecting input and plays its prompts (`prompts` instead of the full ones when given).
    mutating func ask(_ request: Collect, prompts: [Playback]? = nil) {
        var fresh = request
        fresh.digits = ""
        fresh.deadline = nil
        collect = fresh
        lastAsk = fresh
        collectGeneration += 1
        say(prompts ?? fresh.full)
    }

    /// A key collection for the current node.
    func collecting(_ mode: Collect.Mode, full: [Playback], short: [Playback]? = nil, escalate: Bool = true) -> Collect {
        Collect(mode: mode, full: full, short: short ?? full, firstTimeout: node.firstDigitTimeoutSamples,
                interTimeout: node.interDigitTimeoutSamples, escalate: escalate)
    }

    private mutating func feedTypeAhead() {
        let generation = collectGeneration
        while collect != nil, collectGeneration == generation, !typeAhead.isEmpty, state == .active {
            let typed = typeAhead.removeFirst()
            if !typed.logged && !isCollectingSecret {
                actions.append(.log(LoggedEvent(sample: now, event: .digit(typed.key), pressedSample: typed.pressed)))
            }
            accept(typed.key)
        }
        if var pending = collect, collectGeneration == generation, current == nil, queue.isEmpty,
           pending.deadline == nil {
            pending.deadline = now + (pending.digits.isEmpty ? pending.firstTimeout : pending.interTimeout)
            collect = pending
        }
    }

    /// One key for the active collection.
    private mutating func accept(_ key: Character) {
        guard var pending = collect else { return }
        switch pending.mode {
        case .key:
            collect = nil
            chose(key)
        case .number(let starIsX, _):
            if pending.digits.isEmpty && key == tree.settings.backKey {
                collect = nil
                resetCounters()
                goBack()
                return
            }
            if pending.digits.isEmpty && key == "#" {
                collect = nil
                ask(pending)
                return
            }
            if key == "#" || pending.digits.count >= 32 {
                collect = nil
                entered(pending.digits)
                return
            }
            pending.digits.append(key == "*" && starIsX ? "X" : key)
            pending.deadline = now + pending.interTimeout
            collect = pending
        }
    }

    /// A key chosen in a key collection: the node's own keys first, then the global keys.
    private mutating func chose(_ key: Character) {
        switch nodeKey(key) {
        case .accepted:
            resetCounters()
        case .handled:
            break
        case .notMine:
            let settings = tree.settings
            if key == settings.backKey {
                resetCounters()
                goBack()
            } else if key == settings.repeatKey, let again = lastAsk {
                resetCounters()
                ask(again)
            } else if key == settings.agentKey {
                resetCounters()
                enter("agent")
            } else {
                wrongInput()
            }
        }
    }

    /// Fires due timers.
    private mutating func advance(to sample: Int) {
        now = max(now, sample)
        guard state == .active else { return }
        if let pending = collect, let deadline = pending.deadline, now >= deadline {
            collect = nil
            if pending.digits.isEmpty { silent(pending) } else { entered(pending.digits) }
        }
        agentTimers()
    }

    // MARK: - Escalation

    mutating func resetCounters() {
        noInputCount = 0
        noMatchCount = 0
    }

    /// No key before the timeout: the node decides, or the national escalation applies.
    private mutating func silent(_ request: Collect) {
        if !request.escalate, nodeNoInput() { return }
        noInputCount += 1
        log(.noInput(node: node.id, count: noInputCount))
        if noInputCount >= tree.settings.noInputLimit {
            collect = nil
            phase = .hangingUp(reason: "noinput")
            say([.prompt(tree.settings.prompt("no_input_goodbye"), interruptible: false)])
        } else if noInputCount == 1 {
            ask(request, prompts: request.short)
        } else {
            ask(request)
        }
    }

    /// A key or entry the node does not take: apologise and re-ask; too many → the agent.
    mutating func wrongInput(error: String? = nil) {
        noMatchCount += 1
        log(.noMatch(node: node.id, count: noMatchCount))
        guard let request = lastAsk else { return }
        let apology = Playback.prompt(error ?? tree.settings.prompt("input_error"), interruptible: true)
        guard noMatchCount >= tree.settings.wrongInputLimit else {
            ask(request, prompts: [apology] + request.short)
            return
        }
        // Too many wrong inputs: offer the agent (0 in a menu); a number entry goes to the agent at once,
        // since 0 is a digit there; the survey ends unrated.
        noMatchCount = 0
        switch (node.kind, request.mode) {
        case (.survey, _):
            surveyAnswered(nil)
        case (.agent, _):
            ask(request, prompts: [apology] + request.short)  // already at the agent (closed or overflow)
        case (_, .number):
            enter("agent")
        case (_, .key):
            ask(request, prompts: [apology, .prompt(tree.settings.prompt("offer_agent"), interruptible: true)]
                + request.short)
        }
    }

    // MARK: - Navigation

    /// Goes to a node and starts it.
    mutating func enter(_ id: String) {
        guard state == .active else { return }
        if current != nil { stopAll() }
        collect = nil
        node = tree[id]
        path.append(id)
        log(.node(id: id))
        if node.flush { typeAhead.removeAll() }
        start()
    }

    /// `*`: one level up.
    mutating func goBack() { enter(node.parent ?? "main") }

    /// The closing: the survey after a completed service, then the goodbye.
    mutating func close() {
        if served && !surveyDone { enter("survey") } else { enter("goodbye") }
    }

    /// The store failed: apologise and return to the main menu.
    private mutating func storeFailed() {
        if callerHungUp {
            finishAfterHangup()
            return
        }
        // A ticket that could not be stored (disk full, read-only data): apologise and hand the caller to the
        // agent queue (out of hours it offers what it can); other lookups return to the main menu.
        let ticketLost = node.kind == .message || node.kind == .documents
        phase = .leaving(to: ticketLost ? "agent" : "main")
        say([.prompt(tree.settings.prompt("system_error"), interruptible: false)])
    }
}

/// A key pressed ahead of the prompt that will take it, and whether its `digit` event was written already.
struct TypedKey: Sendable {
    let key: Character
    let logged: Bool
    /// When it was pressed (samples since answer): the `pressed` field of its `digit` event.
    let pressed: Int
}

/// What the machine is collecting: one key, or a number ended by `#`.
struct Collect: Sendable {
    enum Mode: Sendable {
        /// One key.
        case key
        /// Digits ended by `#` or the inter-digit timeout; `*` is X when `starIsX`.
        case number(starIsX: Bool, secret: Bool)
    }

    var mode: Mode
    var full: [Playback]
    var short: [Playback]
    var digits = ""
    var deadline: Int?
    var firstTimeout: Int
    var interTimeout: Int
    /// Whether silence follows the national escalation (false: the node decides first).
    var escalate: Bool

    init(mode: Mode, full: [Playback], short: [Playback], firstTimeout: Int, interTimeout: Int, escalate: Bool) {
        self.mode = mode
        self.full = full
        self.short = short
        self.firstTimeout = firstTimeout
        self.interTimeout = interTimeout
        self.escalate = escalate
    }
}

/// What a node's key handler did with a key.
enum KeyOutcome {
    /// A valid choice: counters reset.
    case accepted
    /// The node dealt with it (e.g. re-asked); counters unchanged.
    case handled
    /// Not the node's key: try the global keys.
    case notMine
}
