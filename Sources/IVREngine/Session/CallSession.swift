import AudioIO
import DSP
import Foundation
import Logging
import Prompts
import WorkingDays

/// What stays the same from call to call on a line or in a batch: the menu, the calendar, the prompts, the store.
public struct LineServices: Sendable {
    /// The validated menu tree.
    public var tree: MenuTree
    /// Holidays and make-up working days.
    public var calendar: WorkingDayCalendar
    /// Business hours, time zone, reply deadlines per ticket kind.
    public var calendarSettings: CalendarSettings
    /// Prompt audio by id, looked up at play time.
    public var prompts: any PromptResolving
    /// The prompt sets (languages) installed, Mandarin first.
    public var languages: [String]
    /// The ticket store; nil runs calls with no store (every request then gets the apology path).
    public var store: (any TicketStoring)?
    /// The runtime data folder (voicemail in progress lives under it).
    public var dataDirectory: String

    /// Bundles the services of a line.
    public init(tree: MenuTree, calendar: WorkingDayCalendar, calendarSettings: CalendarSettings,
                prompts: any PromptResolving, languages: [String], store: (any TicketStoring)?, dataDirectory: String) {
        self.tree = tree
        self.calendar = calendar
        self.calendarSettings = calendarSettings
        self.prompts = prompts
        self.languages = languages
        self.store = store
        self.dataDirectory = dataDirectory
    }
}

/// How one call ended, for the one-line summary.
public struct CallOutcome: Sendable {
    /// The call id.
    public var callID: String
    /// Seconds of caller audio consumed (counted in samples).
    public var seconds: Double
    /// The node ids visited, in order.
    public var path: [String]
    /// `caller` or `line`.
    public var hangupBy: String
    /// Why the call ended.
    public var hangupReason: String
    /// Ticket numbers opened.
    public var tickets: [String]
}

/// One call: the frame loop that joins audio, the DTMF detector, the ``CallMachine``, the prompt player and
/// the message recorder (DESIGN.md "One loop, three uses").
///
/// Every input frame produces exactly one output frame (lock-step), so the same loop serves ALSA and files.
/// Time is the count of samples read; the wall clock is never consulted: "now" is handed in.
public final class CallSession {
    private let services: LineServices
    private let input: any AudioInput
    private let output: any AudioOutput
    private let logger: Logger
    private let onEvent: (LoggedEvent) -> Void
    private let now: WorkingDays.LocalDateTime
    private let callID: String
    private let caller: String?

    private var machine: CallMachine
    private var detector = DTMFDetector()
    private var player = PromptPlayer()
    private let verbaliser = ChineseVerbaliser()
    private var sample = 0
    private var path: [String] = []
    private var tickets: [String] = []
    private var hangup: (by: String, reason: String) = ("caller", "caller")
    private var callerGone = false

    // Recording.
    private var recorder: MessageRecorder?
    private var recordingStart = 0
    private var partialWriter: WAVFileOutput?
    private var lease: PartialRecordingLease?
    private var lastMessage: [Int16] = []
    private var lastKeyOnset: Int?
    private var partialFault: String?

    // Identity.
    private var verifiedAccount: AccountFacts?

    /// Told of each key the in-band detector starts, before the machine hears it (the SIP driver also gets keys
    /// as RFC 4733 events, and reports a key that arrives both ways once).
    public var onInBandKey: ((Character) -> Void)?

    /// Prepares a call.
    /// - Parameters:
    ///   - services: the line's menu, calendar, prompts and store.
    ///   - input: caller audio (a recording, or ALSA capture).
    ///   - output: what the line plays (a WAV, or ALSA playback).
    ///   - now: the local time of the call (greetings, business hours, deadlines).
    ///   - callID: the call's id (event log, partial recordings).
    ///   - caller: the caller's number, if presented.
    ///   - logger: operator log (one line per fault; never secrets).
    ///   - onEvent: receives each event-log entry as it happens.
    public init(services: LineServices, input: any AudioInput, output: any AudioOutput, now: WorkingDays.LocalDateTime,
                callID: String, caller: String?, logger: Logger, onEvent: @escaping (LoggedEvent) -> Void) {
        self.services = services
        self.input = input
        self.output = output
        self.now = now
        self.callID = callID
        self.caller = caller
        self.logger = logger
        self.onEvent = onEvent
        machine = CallMachine(tree: services.tree)
    }

    /// The facts the machine needs at answer, derived from "now" and the calendar: the greeting (festive on a
    /// holiday whose data gives one, by time of day otherwise), the festive goodbye, business hours.
    func facts() -> CallFacts {
        let calendar = services.calendar
        let hours = services.calendarSettings.businessHours
        return CallFacts(callID: callID, caller: caller, now: now.iso8601(utcOffsetSeconds: services.calendarSettings.utcOffsetSeconds),
                         greetingPrompt: Prompts.Greeting.openingID(at: now, calendar: calendar),
                         isHoliday: Prompts.Greeting.goodbyeID(at: now, calendar: calendar) == "goodbye_holiday",
                         businessHoursOpen: hours.isOpen(at: now, calendar: calendar),
                         languages: services.languages, businessHours: hours)
    }

    /// Runs the call to its end: the caller hangs up (end of input) or the line does (goodbye).
    /// - Parameters:
    ///   - injectedDigits: keys typed on a terminal, polled once per frame (the demo line).
    ///   - shouldStop: polled once per frame; true ends the call as a caller hang-up (Ctrl-C on the demo line).
    /// - Throws: audio errors of the input or output (a device failing); store failures are handled in-call.
    public func run(injectedDigits: () -> [Character] = { [] }, shouldStop: () -> Bool = { false }) throws -> CallOutcome {
        perform(machine.answered(facts(), at: 0))
        var inFrame = [Int16](repeating: 0, count: Telephony.frameSamples)
        var outFrame = [Int16](repeating: 0, count: Telephony.frameSamples)
        while !machine.isFinished {
            let n = try inFrame.withUnsafeMutableBufferPointer { try input.read(into: $0) }
            if n == 0 || shouldStop() {
                callerGone = true
                perform(machine.hangup(at: sample))
                break
            }
            for i in n..<inFrame.count { inFrame[i] = 0 }
            inFrame.withUnsafeBufferPointer { processInput($0) }
            for key in injectedDigits() {
                lastKeyOnset = sample
                perform(machine.digitStarted(key, at: sample))
            }
            sample += Telephony.frameSamples
            perform(machine.tick(at: sample))
            let progress = outFrame.withUnsafeMutableBufferPointer { player.render(into: $0) }
            for case .finished(let id, _) in progress {
                perform(machine.promptFinished(id, at: sample))
            }
            try outFrame.withUnsafeBufferPointer { try output.write($0) }
        }
        abandonRecordingIfAny()
        return CallOutcome(callID: callID, seconds: Telephony.seconds(samples: sample), path: path,
                           hangupBy: hangup.by, hangupReason: hangup.reason, tickets: tickets)
    }

    /// Detector and recorder for one input frame.
    private func processInput(_ frame: UnsafeBufferPointer<Int16>) {
        var onsets: [(Character, Int)] = []
        detector.process(frame) { event in
            if event.kind == .onset { onsets.append((event.digit.character, Int(event.startSample))) }
        }
        for (key, start) in onsets {
            onInBandKey?(key)
            lastKeyOnset = start
            perform(machine.digitStarted(key, at: sample + frame.count))
        }
        if recorder != nil {
            if let writer = partialWriter {
                do { try writer.write(frame) } catch {
                    // Disk full or gone mid-message: keep recording in memory. When the ticket then cannot be stored
                    // either, the store's error is the operator's one line (and the caller hears the apology and the
                    // agent path); when it can, a warning says crash protection was off for this message.
                    partialFault = "\(error)"
                    writer.abandon()
                    partialWriter = nil
                }
            }
            if let end = recorder!.append(frame) {
                finishRecording(end == .silence ? .silence : .maxtime, keyStart: nil)
            }
        }
    }

    // MARK: - Actions

    private func perform(_ actions: [CallAction]) {
        for action in actions { perform(action) }
    }

    private func perform(_ action: CallAction) {
        switch action {
        case .play(let playback):
            player.enqueue(render(playback))
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
        case .openTicket(let order):
            perform(machine.storeResult(openTicket(order), at: sample))
        case .verifyIdentity(let credentials):
            perform(machine.storeResult(verify(credentials), at: sample))
        case .queryAccount(let item):
            perform(machine.storeResult(account(item), at: sample))
        case .lookupTicket(let number):
            perform(machine.storeResult(lookup(number), at: sample))
        case .transfer:
            break
        case .recordSurvey(let score):
            do { try services.store?.recordSurvey(callID: callID, score: score, at: now.instant(utcOffsetSeconds: services.calendarSettings.utcOffsetSeconds)) } catch {
                logger.error("cannot store the survey result: \(error)")
            }
        case .log(let entry):
            if case .node(let id) = entry.event { path.append(id) }
            if case .hangup(let by, let reason) = entry.event { hangup = (by.rawValue, reason) }
            if case .ticket(let number, _, _) = entry.event { tickets.append("\(number)") }
            onEvent(withPlayedLanguage(entry))
        case .hangup(let reason):
            hangup = ("line", reason)
            _ = player.stop()
        }
    }

    /// `prompt` and `prompt_end` events name the language actually played: the machine knows the call's
    /// language, the prompt library knows when a prompt fell back to Mandarin.
    private func withPlayedLanguage(_ entry: LoggedEvent) -> LoggedEvent {
        switch entry.event {
        case .prompt(let id, let lang):
            let played = services.prompts.audio(id: id, lang: lang).lang
            return played == lang ? entry : LoggedEvent(sample: entry.sample, event: .prompt(id: id, lang: played))
        case .promptEnd(let id, let lang, let interrupted):
            let played = services.prompts.audio(id: id, lang: lang).lang
            return played == lang ? entry : LoggedEvent(sample: entry.sample, event: .promptEnd(id: id, lang: played, interrupted: interrupted))
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

    // MARK: - Recording

    private func startRecording(_ request: RecordingRequest) {
        abandonRecordingIfAny()
        recorder = MessageRecorder(maxSeconds: request.maxSeconds, silenceSeconds: request.silenceSeconds)
        recordingStart = sample
        lastKeyOnset = nil
        partialFault = nil
        let dir = services.dataDirectory
        let sidecar = PartialRecording(callID: callID, caller: caller, menuPath: path, kind: request.kind,
                                       createdAt: now.iso8601(utcOffsetSeconds: services.calendarSettings.utcOffsetSeconds))
        do {
            lease = try sidecar.write(dataDirectory: dir)
            partialWriter = try WAVFileOutput(path: PartialRecording.audioPath(dataDirectory: dir, callID: callID), mode: .streaming)
        } catch {
            // The message is still recorded in memory; without a partial file a crash could lose it, so say so once.
            logger.error("voicemail in progress cannot be written to \(dir)/voicemail/partial: \(error); the message is kept in memory only")
            partialWriter = nil
        }
    }

    /// Ends the current recording and tells the machine.
    private func finishRecording(_ reason: RecordingEndReason, keyStart: Int?) {
        guard let rec = recorder else { return }
        recorder = nil
        let message = rec.finish(keyStart: reason == .dtmf ? keyStart : nil)
        lastMessage = message.samples
        if let writer = partialWriter {
            try? writer.finish()
            partialWriter = nil
        }
        perform(machine.recordingEnded(reason, seconds: message.seconds, hasSpeech: message.hasSpeech, at: sample))
    }

    /// Drops a recording that no ticket took (discarded, or the call ended without saving).
    private func abandonRecordingIfAny() {
        if let writer = partialWriter { writer.abandon(); partialWriter = nil }
        recorder = nil
        if lease != nil {
            PartialRecording.discard(dataDirectory: services.dataDirectory, callID: callID)
            lease?.release()
            lease = nil
        }
    }

    // MARK: - Store

    private func dueDate(for kind: TicketKind) -> (DueDate, Int) {
        let days = services.calendarSettings.replyWorkingDays(for: kind.rawValue)
        let due = services.calendar.dueDate(from: now, workingDays: days, businessHours: services.calendarSettings.businessHours)
        for warning in due.warnings { logger.warning("\(warning)") }
        return (due, days)
    }

    private func openTicket(_ order: TicketOrder) -> StoreResult {
        guard let store = services.store else {
            logger.error("no ticket store is open\(keepPartialForRecovery())")
            return .failure("no ticket store")
        }
        let (due, days) = dueDate(for: order.kind)
        var recording: TicketRecording?
        let dir = services.dataDirectory
        if order.recordingSeconds != nil {
            // The trimmed message replaces the streamed partial file, which the store then moves into place in
            // the same step as the ticket row; if that rewrite fails the store writes the samples itself.
            let partial = PartialRecording.audioPath(dataDirectory: dir, callID: callID)
            if lease != nil, (try? SoundFile.writeWAV(lastMessage, to: partial)) != nil {
                recording = .file(path: partial)
            } else {
                recording = .samples(lastMessage)
            }
        }
        var details: [String: String] = [:]
        if let d = order.document { details["document"] = d }
        if let c = order.contact { details["contact"] = c }
        let request = TicketRequest(kind: order.kind, callerNumber: caller, menuPath: path,
                                    createdAt: now.instant(utcOffsetSeconds: services.calendarSettings.utcOffsetSeconds),
                                    dueDate: due.date, recording: recording, details: details, callID: callID)
        do {
            let info = try store.openTicket(request)
            if lease != nil {
                // With `.samples` the streamed partial is still there: remove it before letting go of the lease,
                // or the next start would recover the same message as a second ticket.
                if case .samples = recording { PartialRecording.discard(dataDirectory: dir, callID: callID) }
                lease?.release()
                lease = nil
            }
            if let fault = partialFault {
                logger.warning("ticket \(info.number) stored, but its message was not protected against a crash while recording: \(fault)")
                partialFault = nil
            }
            return .ticketOpened(number: info.number, due: info.dueDate, workdays: days)
        } catch {
            logger.error("\(error)\(keepPartialForRecovery())")
            return .failure("\(error)")
        }
    }

    /// A message that could not become a ticket stays in `voicemail/partial` with its sidecar, and the next
    /// start of the store recovers it: never silently dropped.
    /// - Returns: the clause to add to the operator's log line ("" when no message was recorded).
    private func keepPartialForRecovery() -> String {
        guard lease != nil else { return "" }
        lease?.release()
        lease = nil
        return "; call \(callID)'s message is kept in \(PartialRecording.folder(dataDirectory: services.dataDirectory)) and becomes a ticket at the next start"
    }

    private func verify(_ credentials: IdentityCredentials) -> StoreResult {
        guard let store = services.store else { return .failure("no ticket store") }
        do {
            switch try store.verifyIdentity(idNumber: credentials.idNumber, pin: credentials.pin) {
            case .verified(let facts):
                verifiedAccount = facts
                return .identity(matched: true)
            case .mismatch:
                return .identity(matched: false)
            }
        } catch {
            logger.error("identity check failed: \(error)")
            return .failure("identity store")
        }
    }

    private func account(_ item: AccountItem) -> StoreResult {
        guard let facts = verifiedAccount else { return .failure("not verified") }
        switch item {
        case .pension: return .account(.pension(months: facts.pensionContributionMonths, balanceFen: Int(facts.pensionBalanceFen)))
        case .medical: return .account(.medical(balanceFen: Int(facts.medicalBalanceFen)))
        case .status: return .account(.status(facts.status))
        }
    }

    private func lookup(_ number: TicketNumber) -> StoreResult {
        guard let store = services.store else { return .failure("no ticket store") }
        do {
            guard let info = try store.ticket(number: number) else { return .ticketNotFound }
            return .ticketStatus(info.status, due: info.dueDate)
        } catch {
            logger.error("ticket lookup failed: \(error)")
            return .failure("ticket store")
        }
    }
}
