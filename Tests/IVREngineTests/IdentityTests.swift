import IVREngine
import Testing

extension CallLogEvent {
    var authResult: AuthResult? { if case .auth(let r) = self { r } else { nil } }
}

@Suite struct IdentityTests {
    @Test func demoPersonLogsInWithStarForX() {
        var call = CallDriver.answered()
        call.answer("5")
        #expect(call.playing?.id == "identity_enter_id")
        call.press(Fixtures.demoTyped + "#")
        #expect(call.playing?.id == "identity_enter_pin")
        call.press(Fixtures.demoPIN + "#")
        #expect(call.actions.last == .verifyIdentity(IdentityCredentials(idNumber: Fixtures.demoID, pin: Fixtures.demoPIN)))
        #expect(call.events.contains(.input(node: "identity", field: "id_number", value: "110105***********X")))
        #expect(call.events.contains(.input(node: "identity", field: "pin", value: "******")))
        call.store(.identity(matched: true))
        #expect(call.events.last { $0.authResult != nil } == .auth(.ok))
        #expect(call.nodes.suffix(2) == ["identity", "account"])
        #expect(call.playing?.id == "account_menu")
    }

    @Test func noDigitEventsWhileSecretsAreTyped() {
        var call = CallDriver.answered()
        call.answer("5")
        let before = call.events.count
        call.press(Fixtures.demoTyped + "#" + Fixtures.demoPIN + "#")
        #expect(!call.events[before...].contains { $0.isDigit })
        call.store(.identity(matched: true))
        call.press("1")
        #expect(call.events.last { $0.isDigit } == .digit("1"))
    }

    @Test(arguments: ["110105198704120061", "11010519870412006", "1101051987041200612", "11010519870412006*0"])
    func aWrongCheckDigitOrLengthIsATypoReaskedAtOnce(_ typed: String) {
        var call = CallDriver.answered()
        call.answer("5")
        call.press(typed + "#")
        #expect(call.playedIDs.suffix(1) == ["identity_id_invalid"])
        #expect(!call.actions.contains { if case .verifyIdentity = $0 { true } else { false } })
        #expect(!call.events.contains { if case .input = $0 { true } else { false } })
        call.finishPrompt()
        #expect(call.playing?.id == "identity_enter_id")
        call.press(Fixtures.demoTyped + "#")
        #expect(call.playing?.id == "identity_enter_pin")
    }

    @Test func aShortPINIsReasked() {
        var call = CallDriver.answered()
        call.answer("5")
        call.press(Fixtures.demoTyped + "#" + "1234#")
        #expect(call.playedIDs.suffix(1) == ["invalid_input"])
        call.press("958473#")
        #expect(call.actions.last == .verifyIdentity(IdentityCredentials(idNumber: Fixtures.demoID, pin: "958473")))
    }

    @Test func threeMismatchesLockTheBranchAndReturnToMain() {
        var call = CallDriver.answered()
        call.answer("5")
        for attempt in 1...3 {
            call.playAll()
            call.press(Fixtures.demoTyped + "#" + "000000#")
            #expect(call.actions.last == .verifyIdentity(IdentityCredentials(idNumber: Fixtures.demoID, pin: "000000")))
            call.store(.identity(matched: false))
            #expect(call.playing == .prompt("identity_mismatch", interruptible: false), "attempt \(attempt)")
        }
        #expect(call.events.compactMap(\.authResult) == [.fail, .fail, .fail, .locked])
        call.playAll(limit: 2)
        #expect(call.playedIDs.suffix(3) == ["identity_mismatch", "identity_locked", "main_menu"])
        #expect(call.nodes.last == "main")
        #expect(!call.actions.contains { if case .queryAccount = $0 { true } else { false } })
        // Locked for the rest of the call.
        call.press("5")
        #expect(call.playing == .prompt("identity_locked", interruptible: false))
        call.finishPrompt()
        #expect(call.nodes.suffix(2) == ["identity", "main"])
    }

    @Test func nothingPersonalBeforeSuccess() {
        var call = CallDriver.answered()
        call.answer("5")
        call.press(Fixtures.demoTyped + "#" + "000000#")
        call.store(.identity(matched: false))
        call.playAll()
        #expect(!call.plays.contains { $0.items.contains { if case .say = $0 { true } else { false } } })
        #expect(!call.actions.contains { if case .queryAccount = $0 { true } else { false } })
    }

    @Test func accountItemsAskForTheIdentityFirst() throws {
        // An overlay that links an account item from another menu: the machine still asks for the identity.
        let overlay = """
        version: 1
        nodes:
          employment:
            kind: menu
            prompts: {menu: employment_menu}
            options: {"1": account.status}
        """
        let tree = try MenuTree.parse(yaml: Fixtures.menuText(), file: "menu.yaml", overlays: [(overlay, "x.yaml")],
                                      knownPrompts: PromptIDs.all)
        var call = CallDriver.answered(tree: tree)
        call.answer("21")
        #expect(call.nodes.suffix(2) == ["account.status", "identity"])
        #expect(!call.actions.contains(.queryAccount(.status)))
    }

    @Test func credentialsDescriptionIsMasked() {
        let credentials = IdentityCredentials(idNumber: Fixtures.demoID, pin: Fixtures.demoPIN)
        #expect(!"\(credentials)".contains("19870412"))
        #expect(!"\(credentials)".contains(Fixtures.demoPIN))
        #expect(!String(reflecting: credentials).contains(Fixtures.demoPIN))
        let action = CallAction.verifyIdentity(credentials)
        for text in ["\(action)", String(reflecting: action), "\([action])"] {
            #expect(!text.contains(Fixtures.demoPIN) && !text.contains("19870412"), "\(text)")
        }
    }
}

@Suite struct MaskingTests {
    /// Many identity flows; every event serialised; no secret in any line.
    @Test func noUnmaskedIDOrPINInAnyEvent() {
        var logs: [String] = []
        let scripts: [(String, [Bool])] = [
            (Fixtures.demoTyped + "#" + Fixtures.demoPIN + "#", [true]),
            ("110105198704120061#" + Fixtures.demoTyped + "#" + Fixtures.demoPIN + "#", [false]),
            (Fixtures.demoTyped + "#" + Fixtures.demoPIN + "#", [false]),
        ]
        for (keys, results) in scripts {
            var facts = CallFacts.standard
            facts.languages = ["cmn", "yue"]
            var call = CallDriver.answered(facts)
            call.press("5")  // type-ahead during the welcome
            call.playAll()
            call.press(keys)
            for matched in results { call.store(.identity(matched: matched)) }
            call.press("1")
            call.wait(ms: 20000)
            call.hangup()
            logs.append(call.jsonl)
            // No digit event from entering the identity node until it is left.
            var inIdentity = false
            for event in call.events {
                if case .node(let id) = event { inIdentity = id == "identity" }
                if inIdentity { #expect(!event.isDigit) }
            }
        }
        let all = logs.joined(separator: "\n")
        #expect(all.contains("110105***********X"))
        for secret in [Fixtures.demoID, "19870412", "0412006", Fixtures.demoPIN, "958473", "110105198704120061"] {
            #expect(!all.contains(secret), "found \(secret)")
        }
    }

    @Test(arguments: [("11010519870412006X", "110105***********X"), ("123", "***"), ("", "")])
    func idMasking(_ raw: String, _ masked: String) {
        #expect(ChineseIDNumber.masked(raw) == masked)
    }

    @Test(arguments: ["11010519870412006X", "110101199003076551", "440305199912319990"])
    func checkDigitOfValidIDs(_ id: String) {
        let body = String(id.prefix(17))
        let check = ChineseIDNumber.checkCharacter(forFirst17: body)
        #expect(check != nil)
        if id == "11010519870412006X" { #expect(ChineseIDNumber.isValid(id)) }
        #expect(ChineseIDNumber.isValid(body + String(check!)))
        let wrong: Character = check == "0" ? "1" : "0"
        #expect(!ChineseIDNumber.isValid(body + String(wrong)))
    }

    @Test func oneWrongDigitOfTheDemoIDIsRejected() {
        for index in Fixtures.demoID.indices.dropLast() {
            var chars = Array(Fixtures.demoID)
            let i = Fixtures.demoID.distance(from: Fixtures.demoID.startIndex, to: index)
            chars[i] = chars[i] == "9" ? "0" : Character(String(chars[i].wholeNumberValue! + 1))
            #expect(!ChineseIDNumber.isValid(String(chars)))
        }
    }
}

@Suite struct TypeAheadPrivacyTests {
    /// A caller who knows the menu types 5 and the whole ID number during the welcome: the identity check
    /// flushes the type-ahead, and none of those digits may reach the event log.
    @Test func anIDTypedAheadOfTheIdentityCheckIsNeverLogged() {
        var call = CallDriver.answered()
        call.press("511010519870412006*#", gapMS: 120)
        call.playAll(limit: 10)
        #expect(call.nodes.contains("identity"))
        let digits = call.events.compactMap { if case .digit(let d) = $0 { d } else { nil } }
        #expect(digits == ["5"], "only the key the main menu used is logged: \(digits)")
        #expect(!call.jsonl.contains("0412"))
    }

    @Test func aTypedAheadMenuKeyIsLoggedOnceWhenUsed() {
        var call = CallDriver.answered()
        call.press("3")
        call.playAll(limit: 10)
        #expect(call.nodes.contains("labor_relations"))
        let digits = call.events.compactMap { if case .digit(let d) = $0 { d } else { nil } }
        #expect(digits == ["3"])
    }
}

@Suite struct LockoutTypeAheadTests {
    /// After the third wrong PIN the caller starts typing the ID again during the notices: those keys must not be
    /// logged, and must not choose anything in the main menu.
    @Test func keysTypedDuringTheLockNoticesAreDropped() {
        var call = CallDriver.answered()
        call.press("5")
        call.playAll(limit: 3)
        for _ in 0..<3 {
            call.press("11010519870412006*#", gapMS: 120)
            call.playAll(limit: 2)
            call.press("000000#", gapMS: 120)
            call.store(.identity(matched: false))
            call.press("110105", gapMS: 120)   // typed again while the mismatch notice plays
            call.playAll(limit: 1)
        }
        call.playAll(limit: 5)
        #expect(call.events.contains(.auth(.locked)))
        #expect(call.nodes.last == "main", "\(call.nodes)")
        let digits = call.events.compactMap { if case .digit(let d) = $0 { d } else { nil } }
        #expect(digits == ["5"], "\(digits)")
    }
}
