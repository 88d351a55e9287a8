import AudioIO
public import DSP
public import Logging
import Prompts
public import WorkingDays

/// Counts of keys by how they arrived (``CallSession/keyCounts``).
package struct KeyCounts: Sendable, Equatable {
    /// Keys taken from the in-band detector, from out-of-band reports (RFC 4733), and reports merged as twins.
    package var inBand = 0, outOfBand = 0, twins = 0

    /// No keys yet.
    package init() {}
}

/// One call, driven frame by frame: joins the DTMF detector, the ``CallMachine``, the prompt player and the
/// message recorder (docs/architecture.md, "How a frame flows").
///
/// A driver pushes one input frame and gets one output frame back (lock-step), so the same session serves a
/// file (`ivr call`), a sound card (`ivr line`) and RTP (`ivr serve`). The session does no I/O of its own beyond
/// its injected ports: the ``LineServices`` (prompts, store), a `Logger`, an event sink and an optional audio tap.
/// Time is the count of samples pushed; the wall clock is never consulted: "now" is handed in.
///
/// A session is used by one thread at a time (not `Sendable`); many sessions may share one ``LineServices``.
///
/// Use: ``start()`` once, then ``process(input:output:)`` per frame until a step says the call is over;
/// ``callerHungUp()`` when the caller leaves (end of file, SIP BYE); ``pushDigit(_:startSample:)`` for keys
/// signalled beside the audio; ``transferAnswered()`` / ``transferFailed()`` after a ``CallStep/transfer``.
public final class CallSession {
    let services: LineServices
    let logger: Logger
    private let events: (any CallEventSink)?
    private let tap: (any CallAudioTap)?
    let now: WorkingDays.LocalDateTime
    let callID: String
    let caller: String?

    var machine: CallMachine
    private var detector = DTMFDetector()
    private var player = PromptPlayer()
    private let verbaliser = ChineseVerbaliser()
    /// Samples pushed since answer.
    public private(set) var sample = 0
    private var step = CallStep()
    private var finalized = false

    // What the call did, tracked as it happens.
    /// The node ids visited, in order (the machine's own record).
    var path: [String] { machine.path }
    /// Numbers of the tickets the store opened in this call.
    var tickets: [String] = []
    private var hangup: (by: HangupSide, reason: String) = (.caller, "caller")
    var callerGone = false
    /// The last playback started: its id, the language asked for and the language actually played.
    private var played: (id: String, asked: String, used: String)?
    /// The recording notice's prompt id (the welcome node's `notice`), for the audio tap.
    private let noticePrompt: String?

    // Keys.
    /// Keys taken so far by source, and reports dropped as the twin of a key already taken (one press that
    /// arrived both in-band and out-of-band), for a driver's metrics.
    package private(set) var keyCounts = KeyCounts()
    var lastKeyOnset: Int?
    private var recentKeys: [RecentKey] = []
    /// The last sample at which the call was inside a secret entry (``CallMachine/isCollectingSecret``), nil before
    /// the first: a key whose tone started by then was pressed during the secret entry (see `handOver`).
    private var secretSeenAt: Int?

    // Recording (CallSession+Recording).
    var recorder: MessageRecorder?
    var recordingStart = 0
    var partialWriter: WAVFileOutput?
    var lease: PartialRecordingLease?
    /// The id of the partial recording in progress (in its sidecar, and in the ticket filed from it).
    var partialID: String?
    var lastMessage: [Int16] = []
    var partialFault: String?

    // Identity.
    var verifiedAccount: AccountFacts?

    /// Prepares a call.
    /// - Parameters:
    ///   - services: the line's menu, calendar, prompts and store (shared by every call).
    ///   - now: the local time of the call, at the hotline's UTC offset (greetings, business hours, deadlines,
    ///     the instants the store records); see ``WorkingDays/CalendarSettings/localDateTime(at:)``.
    ///   - callID: the call's id (event log, partial recordings).
    ///   - caller: the caller's number, if presented.
    ///   - logger: operator log (one line per fault; never secrets).
    ///   - events: receives each event-log entry as it happens.
    ///   - tap: hears every frame, for a QA recording.
    public init(services: LineServices, now: WorkingDays.LocalDateTime, callID: String, caller: String?,
                logger: Logger, events: (any CallEventSink)?, tap: (any CallAudioTap)? = nil) {
        self.services = services
        self.now = now
        self.callID = callID
        self.caller = caller
        self.logger = logger
        self.events = events
        self.tap = tap
        machine = CallMachine(tree: services.tree)
        noticePrompt = services.tree["welcome"].prompts["notice"]
    }

    /// The facts the machine needs at answer, derived from "now" and the calendar: the greeting (festive on a
    /// holiday whose data gives one, by time of day otherwise), the festive goodbye, business hours.
    func facts() -> CallFacts {
        let calendar = services.calendar
        let hours = services.calendarSettings.businessHours
        var facts = CallFacts(callID: callID, caller: caller, now: now.iso8601,
                              greetingPrompt: Prompts.Greeting.openingID(at: now, calendar: calendar),
                              isHoliday: Prompts.Greeting.goodbyeID(at: now, calendar: calendar) == "goodbye_holiday",
                              businessHoursOpen: hours.isOpen(at: now, calendar: calendar),
                              languages: services.languages, businessHours: hours)
        facts.lineClosed = services.lineClosed
        return facts
    }

    /// How the call went so far (complete once a step said it is over).
    public var outcome: CallOutcome {
        CallOutcome(callID: callID, seconds: Telephony.seconds(samples: sample), path: path,
                    hangupBy: hangup.by.rawValue, hangupReason: hangup.reason, tickets: tickets)
    }

    // MARK: - Driver entry points

    /// The line answers: the greeting starts. Call once, before the first frame.
    public func start() -> CallStep {
        perform(machine.answered(facts(), at: 0))
        return takeStep()
    }

    /// One frame: `input` is the caller's audio, `output` receives what the line plays (the same count,
    /// normally ``Telephony/frameSamples``, 20 ms). After the call is over it plays silence and does nothing.
    public func process(input: UnsafeBufferPointer<Int16>, output: UnsafeMutableBufferPointer<Int16>) -> CallStep {
        precondition(input.count == output.count, "a session frame has as many output samples as input samples")
        guard !finalized, !machine.isFinished else {
            for i in output.indices { output[i] = 0 }
            return takeStep()
        }
        let frameStart = sample
        let secretBefore = machine.isCollectingSecret
        // The machine's state holds for the whole frame (keys, timers and prompt ends are handled at its end).
        if secretBefore { secretSeenAt = frameStart + input.count }
        detectKeys(input)
        record(input)
        sample += input.count
        perform(machine.tick(at: sample))
        let progress = player.render(into: output)
        for case .finished(let id, _) in progress {
            perform(machine.promptFinished(id, at: sample))
            if id == noticePrompt { tap?.recordingNoticeFinished(at: sample) }
        }
        tap?.frame(caller: input, line: UnsafeBufferPointer(output), sample: frameStart,
                   secret: secretBefore || machine.isCollectingSecret)
        if machine.isFinished { finalize() }
        return takeStep()
    }

    /// The caller hung up (end of the recording, SIP BYE, Ctrl-C on the demo line): a message being recorded is
    /// kept and becomes a ticket. The call is over after this step.
    public func callerHungUp() -> CallStep {
        guard !finalized else { return takeStep() }
        callerGone = true
        if !machine.isFinished { hangup = (.caller, "caller") }
        perform(machine.hangup(at: sample))
        finalize()
        return takeStep()
    }

    /// A key signalled beside the audio (RFC 4733, or typed on the demo line's terminal), whose tone started at
    /// `startSample` (samples since answer; pass ``sample`` when unknown). Handled at the current position.
    ///
    /// A key reported both out-of-band and in-band is taken once: see ``DigitSource`` and `takeKey`.
    public func pushDigit(_ digit: DTMFDigit, startSample: Int) -> CallStep {
        guard !finalized else { return takeStep() }
        if takeKey(digit, start: startSample, source: .outOfBand) {
            lastKeyOnset = min(startSample, sample)
            handOver(digit, start: startSample, at: sample)
            if machine.isFinished { finalize() }
        }
        return takeStep()
    }

    /// The transfer of the last ``CallStep/transfer`` reached an agent: `transfer` is logged as `answered` and
    /// the call ends with no goodbye.
    public func transferAnswered() -> CallStep {
        guard !finalized else { return takeStep() }
        perform(machine.transferAnswered(at: sample))
        if machine.isFinished { finalize() }
        return takeStep()
    }

    /// The transfer failed or was not answered in time: the caller hears the overflow offer (a voice message).
    public func transferFailed() -> CallStep {
        guard !finalized else { return takeStep() }
        perform(machine.transferFailed(at: sample))
        return takeStep()
    }

    private func takeStep() -> CallStep {
        if finalized { step.ended = hangup.by }
        defer { step = CallStep() }
        return step
    }

    /// The call is over: a recording no ticket took is dropped.
    private func finalize() {
        guard !finalized else { return }
        finalized = true
        abandonRecordingIfAny()
    }

    // MARK: - Keys

    /// How far apart (in samples) the in-band and out-of-band reports of one key may start: 100 ms.
    static let dedupWindow = 800

    private struct RecentKey {
        let digit: DTMFDigit
        let start: Int
        let source: DigitSource
    }

    /// Whether a key report is new. A key reported by the other source with a start within ``dedupWindow``
    /// samples is the same key press (a SIP peer sending RFC 4733 without removing the tone): it is taken once,
    /// when the first report arrives, and the matching report is consumed. Keys from one source are never merged,
    /// so "11" pressed twice stays two keys.
    private func takeKey(_ digit: DTMFDigit, start: Int, source: DigitSource) -> Bool {
        recentKeys.removeAll { $0.start < sample - 8 * Self.dedupWindow }
        if let twin = recentKeys.firstIndex(where: {
            $0.digit == digit && $0.source != source && abs($0.start - start) <= Self.dedupWindow
        }) {
            recentKeys.remove(at: twin)
            keyCounts.twins += 1
            return false
        }
        recentKeys.append(RecentKey(digit: digit, start: start, source: source))
        if source == .inBand { keyCounts.inBand += 1 } else { keyCounts.outOfBand += 1 }
        return true
    }

    /// The in-band detector over one input frame; onsets are handled at the end of the frame.
    private func detectKeys(_ frame: UnsafeBufferPointer<Int16>) {
        var onsets: [(DTMFDigit, Int)] = []
        detector.process(frame) { event in
            if event.kind == .onset { onsets.append((event.digit, Int(event.startSample))) }
        }
        for (digit, start) in onsets where takeKey(digit, start: start, source: .inBand) {
            lastKeyOnset = start
            handOver(digit, start: start, at: sample + frame.count)
        }
    }

    /// Hands a key whose tone started at `start` to the machine at `handled` (a key is detected, or reported out of
    /// band, some time after it was pressed). A key pressed during a secret entry stays in it: if the entry ended
    /// between the press and the hand-over (an inter-digit timeout due meanwhile that ended the ID or PIN entry, a
    /// late RFC 4733 report), the key is dropped, so a digit of an ID number or PIN is never logged, kept as
    /// type-ahead or taken as a choice by the menu that follows.
    private func handOver(_ digit: DTMFDigit, start: Int, at handled: Int) {
        if machine.isCollectingSecret {
            // Timers due by now fire first, so the key meets the state it will be handled in.
            secretSeenAt = handled
            perform(machine.tick(at: handled))
        }
        if !machine.isCollectingSecret, let seen = secretSeenAt, start <= seen {
            logger.debug("a key pressed during a secret entry arrived after it ended; dropped")
            return
        }
        perform(machine.digitStarted(digit, at: handled))
    }

    // MARK: - Actions

    func perform(_ actions: [CallAction]) {
        for action in actions { perform(action) }
    }

    private func perform(_ action: CallAction) {
        switch action {
        case .play(let playback):
            let item = render(playback)
            played = (playback.id, machine.language, item.lang)
            player.enqueue(item)
        case .stopPlayback:
            _ = player.stop()
        case .setLanguage:
            break
        case .startRecording(let request):
            startRecording(request)
        case .stopRecording:
            if callerGone {
                finishRecording(.hangup, keyStart: nil)
            } else {
                finishRecording(.dtmf, keyStart: lastKeyOnset.map { $0 - recordingStart })
            }
        case .openTicket(let kind, _, let details, let recordingSeconds, _):
            perform(machine.storeResult(openTicket(kind: kind, details: details, recorded: recordingSeconds != nil), at: sample))
        case .verifyIdentity(let credentials):
            perform(machine.storeResult(verify(credentials), at: sample))
        case .queryAccount(let item):
            perform(machine.storeResult(account(item), at: sample))
        case .lookupTicket(let number):
            perform(machine.storeResult(lookup(number), at: sample))
        case .transfer(let queue):
            step.transfer = queue
        case .recordSurvey(let score):
            do { try services.store?.recordSurvey(callID: callID, score: score, at: now.instant) } catch {
                logger.error("cannot store the survey result: \(error)")
            }
        case .log(let entry):
            let logged = withPlayedLanguage(entry)
            step.events.append(logged)
            events?.append(logged)
        case .hangup(let reason):
            hangup = (.line, reason)
            _ = player.stop()
        }
    }

    /// `prompt` and `prompt_end` events name the language actually played: the machine knows the call's
    /// language, the prompt library knows when a prompt fell back to Mandarin (remembered when it was rendered).
    private func withPlayedLanguage(_ entry: LoggedEvent) -> LoggedEvent {
        guard let played else { return entry }
        switch entry.event {
        case .prompt(let id, let lang) where id == played.id && lang == played.asked && played.used != lang:
            return LoggedEvent(sample: entry.sample, event: .prompt(id: id, lang: played.used))
        case .promptEnd(let id, let lang, let interrupted) where id == played.id && lang == played.asked && played.used != lang:
            return LoggedEvent(sample: entry.sample, event: .promptEnd(id: id, lang: played.used, interrupted: interrupted))
        default:
            return entry
        }
    }

    /// The samples of a playback: prompts in the call's language (with fallback), spoken values, the caller's message.
    private func render(_ playback: Playback) -> PromptPlayer.Item {
        var samples: [Int16] = []
        var usedLang = machine.language
        func add(prompt id: String) {
            let a = services.prompts.audio(id: id, lang: machine.language)
            samples += a.samples
            if id == playback.id { usedLang = a.lang }
        }
        for item in playback.items {
            switch item {
            case .prompt(let id):
                add(prompt: id)
            case .say(let value):
                do {
                    for p in try value.promptItems(verbaliser) {
                        switch p {
                        case .prompt(let id, _): add(prompt: id)
                        case .pause(let ms): samples += [Int16](repeating: 0, count: Telephony.samples(milliseconds: ms))
                        }
                    }
                } catch {
                    logger.error("cannot speak a value: \(error)")
                }
            case .pause(let ms):
                samples += [Int16](repeating: 0, count: Telephony.samples(milliseconds: ms))
            case .lastRecording:
                samples += lastMessage
            }
        }
        return PromptPlayer.Item(id: playback.id, lang: usedLang, samples: samples)
    }
}
