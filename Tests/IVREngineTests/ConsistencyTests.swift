import Foundation
import IVREngine
import Prompts
import Testing

/// The menu data and the prompt texts agree: every option key of a menu is announced by its prompt.
@Suite struct MenuPromptAgreementTests {
    static let manifest = try! PromptManifest.load(directory: Fixtures.root + "/Prompts")

    static func spoken(_ key: Character) -> String {
        switch key {
        case "*": "星号键"
        case "#": "井号键"
        default: String(key)
        }
    }

    @Test(arguments: Fixtures.tree.nodes.values.filter { $0.kind == .menu }.map(\.id).sorted())
    func everyOptionIsAnnounced(_ id: String) throws {
        let node = Fixtures.tree[id]
        let text = try #require(Self.manifest.text(node.prompt("menu"), language: "cmn"))
        for key in node.options.keys {
            #expect(text.contains("请按" + Self.spoken(key)), "\(id): key \(key) is not announced in \(text)")
        }
    }

    @Test func documentAndDeliveryKeysAreAnnounced() throws {
        let node = Fixtures.tree["documents"]
        let list = try #require(Self.manifest.text(node.prompt("list"), language: "cmn"))
        for key in node.settings.documents.keys { #expect(list.contains("请按\(key)")) }
        let delivery = try #require(Self.manifest.text(node.prompt("delivery"), language: "cmn"))
        for key in node.settings.deliveries.keys { #expect(delivery.contains("请按\(key)")) }
    }
}

/// Random callers (seeded, so every run is the same): the machine never breaks its own rules.
@Suite struct RandomCallerTests {
    struct Generator {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
    }

    @Test(arguments: 0..<60)
    func invariantsHold(_ seed: Int) throws {
        var rng = Generator(state: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1)
        var facts = CallFacts.standard
        facts.businessHoursOpen = rng.next(2) == 0
        facts.languages = rng.next(3) == 0 ? ["cmn", "yue"] : ["cmn"]
        var call = CallDriver.answered(facts)
        var recording = false
        var pending: CallAction?
        var playing = false
        var checked = 0

        func check(_ call: inout CallDriver) {
            for action in call.actions[checked...] {
                switch action {
                case .play:
                    #expect(!playing, "a play while another plays (seed \(seed))")
                    playing = true
                case .stopPlayback: playing = false
                case .log(let e):
                    if case .promptEnd = e.event { playing = false }
                case .startRecording: recording = true
                case .openTicket, .verifyIdentity, .queryAccount, .lookupTicket: pending = action
                default: break
                }
            }
            checked = call.actions.count
        }

        for _ in 0..<120 where !call.machine.isFinished {
            switch rng.next(10) {
            case 0, 1, 2:
                let keys = Array("0123456789*#")
                call.press(String(keys[rng.next(keys.count)]), gapMS: 100 + rng.next(1500))
            case 3:
                call.press(rng.next(2) == 0 ? Fixtures.demoTyped + "#" : Fixtures.demoPIN + "#")
            case 4, 5:
                call.finishPrompt()
            case 6:
                call.wait(ms: 1000 + rng.next(6000))
            default:
                break
            }
            check(&call)
            if recording, rng.next(3) == 0 {
                recording = false
                call.recordingEnded(rng.next(2) == 0 ? .silence : .dtmf, seconds: Double(rng.next(30)), hasSpeech: rng.next(4) != 0)
            }
            if let request = pending {
                pending = nil
                switch request {
                case .openTicket: call.store(.ticketOpened(number: ticket(rng.next(999)), due: due, workdays: 3))
                case .verifyIdentity: call.store(.identity(matched: rng.next(2) == 0))
                case .queryAccount(let item):
                    switch item {
                    case .pension: call.store(.account(.pension(months: 12, balanceFen: 100)))
                    case .medical: call.store(.account(.medical(balanceFen: 5)))
                    case .status: call.store(.account(.status(.active)))
                    }
                case .lookupTicket: call.store(rng.next(2) == 0 ? .ticketNotFound : .ticketStatus(.closed, due: due))
                default: break
                }
            }
            check(&call)
        }
        // Silence ends every call (except one handed to an agent).
        var rounds = 0
        while !call.machine.isFinished && rounds < 400 {
            if recording {
                recording = false
                call.recordingEnded(.silence, seconds: 5, hasSpeech: false)
            }
            if let request = pending {
                pending = nil
                if case .openTicket = request { call.store(.ticketOpened(number: ticket(1), due: due, workdays: 3)) }
                else { call.store(.failure("test")) }
            }
            if call.playing != nil { call.finishPrompt() } else { call.wait(ms: 1000) }
            check(&call)
            rounds += 1
        }
        let connected = call.events.contains(.transfer(queue: "general", result: .answered))
        #expect(call.machine.isFinished || connected, "seed \(seed) still in \(call.machine.currentNode ?? "?")")

        // The log: ordered in time, valid JSON, no secrets, no digit events inside the identity node.
        #expect(call.logged.map(\.sample) == call.logged.map(\.sample).sorted())
        for line in call.logged.map(\.json) {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["t"] != nil && object?["event"] != nil)
        }
        // The PIN's digits may legitimately be typed elsewhere (a fax number); inside the identity node only
        // masked values are written.
        // The ID's digits never appear as text: an `input` event carries the whole typed value, so an unmasked ID
        // would put "19870412" in the log (per-key `digit` events are checked by the identity-node rule below).
        #expect(!call.jsonl.contains("19870412"))
        for case let .input(node, field, value) in call.events where node == "identity" {
            let masked = field == "pin" ? value.allSatisfy { $0 == "*" }
                : value.count == 18 && value.dropFirst(6).dropLast().allSatisfy { $0 == "*" }
            #expect(masked, "\(field): \(value)")
        }
        var inIdentity = false
        for event in call.events {
            if case .node(let id) = event { inIdentity = id == "identity" }
            if inIdentity { #expect(!event.isDigit) }
        }
        // Stricter: every logged `digit` was pressed outside a secret entry, whenever and wherever it is logged.
        // A key typed during the ID or PIN prompt or entry is never logged, nor kept as type-ahead for a later
        // menu (where it would be logged, and choose an option, with the secret's digits).
        for entry in call.logged where entry.event.isDigit {
            let pressed = entry.pressedSample ?? entry.sample
            #expect(!call.secretPresses.contains(pressed),
                    "seed \(seed): a key pressed at \(pressed) inside a secret entry is logged at \(entry.sample)")
        }
        // And the machine itself says so at every such key, which is what silences the caller in a QA recording
        // (a key typed again during the mismatch or lock notice is as secret as one typed into the entry).
        #expect(call.unflaggedSecretPresses.isEmpty,
                "seed \(seed): keys pressed inside the identity check while the machine reported no secret entry, at \(call.unflaggedSecretPresses.sorted())")
    }
}
