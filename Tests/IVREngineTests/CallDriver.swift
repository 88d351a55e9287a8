import Foundation
import WorkingDays
import DSP
import IVREngine
import Testing

/// The shipped national menu, loaded once per test from `Prompts/menu.yaml` in the repository.
enum Fixtures {
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/IVREngineTests/CallDriver.swift
        return parts.joined(separator: "/")
    }()
    static var menuPath: String { root + "/Prompts/menu.yaml" }
    static var overlayPath: String { root + "/Prompts/overlays/guangdong.yaml" }
    static func menuText() throws -> String { try String(contentsOfFile: menuPath, encoding: .utf8) }
    static let tree: MenuTree = try! MenuTree.load(path: menuPath, knownPrompts: PromptIDs.all)

    static let demoID = "11010519870412006X"
    static let demoTyped = "11010519870412006*"
    static let demoPIN = "958473"
}

/// Plays the session's part against a ``CallMachine``: keeps the sample clock, what plays, the log.
struct CallDriver {
    var machine: CallMachine
    /// Samples since answer.
    var sample = 0
    /// Every action, in order.
    var actions: [CallAction] = []
    /// What plays now.
    var playing: Playback?
    /// When it started, in samples.
    var playStarted = 0
    /// How long each playback lasts, in samples (default 2 s).
    var promptSamples = 16000
    /// The samples at which a key was pressed inside a secret entry: in the identity node (its ID or PIN prompt,
    /// the entry itself, the check, its notices) or while a secret was being collected.
    var secretPresses: Set<Int> = []
    /// Those of ``secretPresses`` at which the machine did not report a secret entry (``CallMachine/isCollectingSecret``,
    /// which silences the caller in a QA recording): each is a key of a secret a recording would keep.
    var unflaggedSecretPresses: Set<Int> = []

    init(tree: MenuTree = Fixtures.tree) { machine = CallMachine(tree: tree) }

    static func answered(_ facts: CallFacts = .standard, tree: MenuTree = Fixtures.tree) -> CallDriver {
        var driver = CallDriver(tree: tree)
        driver.apply(driver.machine.answered(facts, at: 0))
        return driver
    }

    mutating func apply(_ new: [CallAction]) {
        for action in new {
            switch action {
            case .play(let playback):
                playing = playback
                playStarted = sample
            case .stopPlayback: playing = nil
            default: break
            }
        }
        actions += new
    }

    /// Ticks frame by frame until `target` (inclusive of every frame boundary on the way).
    mutating func tick(to target: Int) {
        while sample + 160 <= target {
            sample += 160
            apply(machine.tick(at: sample))
        }
    }

    mutating func wait(ms: Int) { tick(to: sample + ms * 8) }

    /// Runs the line frame by frame until `target`, ending each playback after ``promptSamples`` (a looping line).
    mutating func run(to target: Int) {
        while sample + 160 <= target {
            sample += 160
            if let current = playing, sample >= playStarted + promptSamples {
                playing = nil
                apply(machine.promptFinished(current.id, at: sample))
            }
            apply(machine.tick(at: sample))
        }
    }

    /// Lets the current playback play to its end.
    mutating func finishPrompt() {
        guard let current = playing else { return }
        tick(to: sample + promptSamples)
        guard playing == current else { return }
        playing = nil
        apply(machine.promptFinished(current.id, at: sample))
    }

    /// Plays until nothing plays (bounded).
    mutating func playAll(limit: Int = 20) {
        var n = 0
        while playing != nil && n < limit {
            finishPrompt()
            n += 1
        }
    }

    /// A key `ms` after now (during whatever plays).
    mutating func press(_ keys: String, gapMS: Int = 200) {
        for key in keys {
            wait(ms: gapMS)
            if inSecret {
                secretPresses.insert(sample)
                if !machine.isCollectingSecret { unflaggedSecretPresses.insert(sample) }
            }
            apply(machine.digitStarted(DTMFDigit(key)!, at: sample))
        }
    }

    /// Plays out the prompts, then types keys.
    mutating func answer(_ keys: String) {
        playAll()
        press(keys)
    }

    mutating func store(_ result: StoreResult) { apply(machine.storeResult(result, at: sample)) }

    mutating func recordingEnded(_ reason: RecordingEndReason, seconds: Double, hasSpeech: Bool = true) {
        apply(machine.recordingEnded(reason, seconds: seconds, hasSpeech: hasSpeech, at: sample))
    }

    mutating func hangup() { apply(machine.hangup(at: sample)) }

    /// Whether the call is in a secret entry now, judged by the test itself: the identity node in any phase, or a
    /// secret number being collected.
    var inSecret: Bool {
        machine.isCollectingSecret || machine.currentNode.map { machine.tree[$0].kind == .identity } == true
    }

    // MARK: - Views

    var logged: [LoggedEvent] {
        actions.compactMap { if case .log(let e) = $0 { e } else { nil } }
    }
    var events: [CallLogEvent] { logged.map(\.event) }
    var nodes: [String] { events.compactMap { if case .node(let id) = $0 { id } else { nil } } }
    var plays: [Playback] { actions.compactMap { if case .play(let p) = $0 { p } else { nil } } }
    var playedIDs: [String] { plays.map(\.id) }
    var jsonl: String { logged.map(\.json).joined(separator: "\n") }

    /// Actions since index `from`.
    func actions(since from: Int) -> ArraySlice<CallAction> { actions[from...] }
}

extension CallFacts {
    static let standard = CallFacts(callID: "c1", caller: "13800138000", now: "2026-03-02T10:00:00+08:00",
                                    greetingPrompt: "greeting_morning", isHoliday: false,
                                    businessHoursOpen: true)
}
