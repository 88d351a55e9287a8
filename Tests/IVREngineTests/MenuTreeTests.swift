import Foundation
import IVREngine
import Testing

/// Every node id of national-menu.md, as the tests and reports name them.
let nationalNodeIDs = [
    "welcome", "main",
    "social_insurance", "social_insurance.pension", "social_insurance.medical", "social_insurance.unemployment",
    "social_insurance.injury", "social_insurance.maternity",
    "employment", "employment.services", "employment.startup", "employment.training",
    "labor_relations", "labor_relations.contracts", "labor_relations.wages", "labor_relations.disputes",
    "personnel", "personnel.exams", "personnel.titles", "personnel.talent",
    "identity", "account", "account.contributions", "account.medical_balance", "account.status",
    "voicemail", "documents", "complaints", "complaints.complaint", "complaints.ticket_status",
    "agent", "survey", "goodbye",
]

@Suite struct MenuLoadingTests {
    @Test func shippedMenuHasExactlyTheNationalNodes() throws {
        let tree = try MenuTree.load(path: Fixtures.menuPath, knownPrompts: PromptIDs.all)
        #expect(Set(tree.nodes.keys) == Set(nationalNodeIDs))
        #expect(tree.promptIDs.isSubset(of: PromptIDs.all))
        #expect(tree.promptIDs.isSuperset(of: ["welcome", "main_menu", "wait_tone", "noinput_hangup", "survey"]))
    }

    @Test func shippedMenuKeysAndTimeouts() throws {
        let tree = Fixtures.tree
        #expect(tree.settings.firstDigitTimeoutSamples == 40000)
        #expect(tree.settings.interDigitTimeoutSamples == 24000)
        #expect(tree.settings.noInputLimit == 3 && tree.settings.wrongInputLimit == 3)
        let main = tree["main"]
        #expect(main.options == ["1": "social_insurance", "2": "employment", "3": "labor_relations", "4": "personnel",
                                 "5": "identity", "6": "voicemail", "7": "documents", "8": "complaints", "0": "agent"])
        #expect(tree["social_insurance"].options["2"] == "social_insurance.medical")
        #expect(tree["social_insurance.medical"].parent == "social_insurance")
        #expect(tree["account"].parent == "main")
        #expect(tree["identity"].flush)
        #expect(tree["agent"].settings.busyIntervalSamples == 240_000)
        #expect(tree["voicemail"].settings.maxSeconds == 120)
        #expect(tree["welcome"].prompt("welcome") == "welcome")
        #expect(tree["agent"].prompt("wait_tone") == "wait_tone")
    }

    @Test func loadWithoutPromptSetSkipsThePromptCheck() throws {
        let tree = try MenuTree.parse(yaml: Fixtures.menuText(), file: "menu.yaml", knownPrompts: nil)
        #expect(tree.nodes.count == nationalNodeIDs.count)
    }

    @Test func unreadableFileNamesThePath() {
        #expect {
            try MenuTree.load(path: "/nonexistent/menu.yaml", knownPrompts: nil)
        } throws: { error in
            let problem = (error as? MenuError)?.problems.first
            return problem?.code == .unreadable && problem?.file == "/nonexistent/menu.yaml"
        }
    }
}

/// One broken edit of the shipped menu and the problem it must produce.
struct BrokenMenu: CustomTestStringConvertible, Sendable {
    var name: String
    var find: String
    var replace: String
    var code: MenuProblem.Code
    /// The text whose line the problem must point at (in the edited file); nil = only the code is checked.
    var lineOf: String?
    var knownPrompts: Set<String>? = PromptIDs.all
    var testDescription: String { name }
}

@Suite struct MenuValidationTests {
    static let cases: [BrokenMenu] = [
        BrokenMenu(name: "unknown prompt id", find: "{menu: social_insurance_menu}",
                   replace: "{menu: social_insurance_menux}", code: .unknownPrompt,
                   lineOf: "{menu: social_insurance_menux}"),
        BrokenMenu(name: "duplicate option key", find: "      \"1\": social_insurance\n",
                   replace: "      \"1\": social_insurance\n      \"1\": employment\n", code: .duplicateKey,
                   lineOf: "      \"1\": employment\n"),
        BrokenMenu(name: "duplicate node", find: "  survey:\n",
                   replace: "  goodbye:\n    kind: goodbye\n  survey:\n", code: .duplicateKey,
                   lineOf: "  goodbye:\n    kind: goodbye\n    prompts:"),
        BrokenMenu(name: "unreachable node", find: "  # Closing\n",
                   replace: "  orphan:\n    kind: recording\n    prompts: {recording: policy_pension}\n    keys: {\"1\": replay}\n",
                   code: .unreachableNode, lineOf: "  orphan:"),
        BrokenMenu(name: "missing national main", find: "  main:\n    kind: menu\n", replace: "  main_x:\n    kind: menu\n",
                   code: .missingNationalNode, lineOf: nil),
        BrokenMenu(name: "missing agent", find: "  agent:\n    kind: agent\n", replace: "  agent_x:\n    kind: agent\n",
                   code: .missingNationalNode, lineOf: nil),
        BrokenMenu(name: "national wait tone renamed", find: "wait_tone: wait_tone ", replace: "wait_tone: wait_music ",
                   code: .nationalPromptRenamed, lineOf: "  agent:\n", knownPrompts: nil),
        BrokenMenu(name: "national main menu renamed", find: "{menu: main_menu, short: main_menu_short}",
                   replace: "{menu: main_menu_2026, short: main_menu_short}", code: .nationalPromptRenamed,
                   lineOf: "  main:\n", knownPrompts: nil),
        BrokenMenu(name: "timeout too short", find: "first_digit_timeout_ms: 5000", replace: "first_digit_timeout_ms: 50",
                   code: .badTimeout, lineOf: "first_digit_timeout_ms: 50"),
        BrokenMenu(name: "timeout not a number", find: "inter_digit_timeout_ms: 3000", replace: "inter_digit_timeout_ms: 3s",
                   code: .badTimeout, lineOf: "inter_digit_timeout_ms: 3s"),
        BrokenMenu(name: "busy interval too short", find: "busy_interval_ms: 30000", replace: "busy_interval_ms: 30",
                   code: .badTimeout, lineOf: "busy_interval_ms: 30"),
        BrokenMenu(name: "bad key", find: "\"5\": identity", replace: "\"55\": identity", code: .badKey,
                   lineOf: "\"55\": identity"),
        BrokenMenu(name: "unknown node", find: "\"5\": identity", replace: "\"5\": identiti", code: .unknownNode,
                   lineOf: "  main:\n"),
        BrokenMenu(name: "unknown field", find: "    flush: true", replace: "    flsh: true", code: .unknownField,
                   lineOf: "    flsh: true"),
        BrokenMenu(name: "unknown kind", find: "kind: ticket_status", replace: "kind: ticket_state", code: .badValue,
                   lineOf: "kind: ticket_state"),
        BrokenMenu(name: "missing prompt role", find: "prompts: {recording: policy_labor_wages}",
                   replace: "prompts: {}", code: .missingField, lineOf: "prompts: {}"),
        BrokenMenu(name: "YAML syntax", find: "{menu: personnel_menu}",
                   replace: "{menu: personnel_menu", code: .syntax, lineOf: nil),
    ]

    @Test(arguments: cases)
    func brokenMenuIsReportedWithFileLineAndFix(_ broken: BrokenMenu) throws {
        let text = try Fixtures.menuText()
        #expect(text.contains(broken.find), "fixture edit does not apply")
        let edited = text.replacingOccurrences(of: broken.find, with: broken.replace)
        var thrown: MenuError?
        do {
            _ = try MenuTree.parse(yaml: edited, file: "menu.yaml", knownPrompts: broken.knownPrompts)
        } catch let error as MenuError {
            thrown = error
        }
        let problems = try #require(thrown).problems
        let matching = problems.filter { $0.code == broken.code }
        #expect(!matching.isEmpty, "got \(problems)")
        for problem in matching {
            #expect(problem.file == "menu.yaml")
            #expect(!problem.fix.isEmpty)
            #expect(problem.description.hasPrefix("menu.yaml:\(problem.line): "))
        }
        if let marker = broken.lineOf {
            let range = try #require(edited.range(of: marker))
            let line = edited[..<range.lowerBound].filter { $0 == "\n" }.count + 1
            #expect(matching.contains { $0.line == line }, "expected line \(line), got \(matching.map(\.line))")
        }
    }
}

@Suite struct OverlayTests {
    @Test func provinceOverlayReplacesABranchWithItsChildren() throws {
        let tree = try MenuTree.load(path: Fixtures.menuPath, overlays: [Fixtures.overlayPath],
                                     knownPrompts: PromptIDs.guangdong)
        #expect(tree["employment"].options == ["1": "employment.services", "2": "employment.youth"])
        #expect(tree.nodes["employment.startup"] == nil)
        #expect(tree.nodes["employment.training"] == nil)
        #expect(tree["employment.youth"].file == Fixtures.overlayPath)
        #expect(tree["employment.services"].prompt("recording") == "gd_policy_employment_services")
        #expect(tree["main"] == Fixtures.tree["main"])
        #expect(tree["welcome"] == Fixtures.tree["welcome"])
        var call = CallDriver.answered(tree: tree)
        call.answer("22")
        #expect(call.nodes.last == "employment.youth")
    }

    @Test(arguments: ["welcome", "main"])
    func overlayMayNotReplaceANationalNode(_ id: String) throws {
        let overlay = """
        version: 1
        nodes:
          \(id):
            kind: menu
            prompts: {menu: main_menu, short: main_menu_short}
            options: {"1": social_insurance}
        """
        #expect {
            try MenuTree.parse(yaml: Fixtures.menuText(), file: "menu.yaml", overlays: [(overlay, "gd.yaml")],
                               knownPrompts: nil)
        } throws: { error in
            (error as? MenuError)?.problems.contains {
                $0.code == .overlayReplacesNational && $0.file == "gd.yaml" && $0.line == 3
            } == true
        }
    }

    @Test func overlayMayNotRenameTheWaitTone() throws {
        let overlay = """
        version: 1
        nodes:
          agent:
            kind: agent
            prompts: {transfer: agent_transfer, wait_tone: gd_music, busy: agent_busy, overflow: agent_overflow,
                      closed: agent_closed}
            next: voicemail
            keys: {"1": leave_message, "2": keep_waiting}
        """
        #expect {
            try MenuTree.parse(yaml: Fixtures.menuText(), file: "menu.yaml", overlays: [(overlay, "gd.yaml")],
                               knownPrompts: nil)
        } throws: { error in
            (error as? MenuError)?.problems.contains {
                $0.code == .nationalPromptRenamed && $0.file == "gd.yaml" && $0.line == 3
            } == true
        }
    }

    @Test func overlayDefaultsApplyToEveryNodeThatSetsNone() throws {
        let overlay = """
        version: 1
        defaults: {first_digit_timeout_ms: 7000}
        nodes:
          employment:
            kind: menu
            prompts: {menu: employment_menu}
            inter_digit_timeout_ms: 4000
            options: {"1": personnel}
        """
        let text = try Fixtures.menuText().replacingOccurrences(
            of: "  complaints.ticket_status:\n    kind: ticket_status\n",
            with: "  complaints.ticket_status:\n    kind: ticket_status\n    first_digit_timeout_ms: 9000\n")
        let tree = try MenuTree.parse(yaml: text, file: "menu.yaml", overlays: [(overlay, "gd.yaml")],
                                      knownPrompts: PromptIDs.all)
        #expect(tree.settings.firstDigitTimeoutSamples == 56000)
        #expect(tree["main"].firstDigitTimeoutSamples == 56000)
        #expect(tree["main"].interDigitTimeoutSamples == 24000)
        #expect(tree["employment"].interDigitTimeoutSamples == 32000)
        #expect(tree["complaints.ticket_status"].firstDigitTimeoutSamples == 72000)
        #expect(tree.settings.prompts == Fixtures.tree.settings.prompts)
        var call = CallDriver.answered(tree: tree)
        call.playAll()
        call.tick(to: 64000 + 56000 - 160)
        #expect(!call.events.contains { $0.isNoInput })
        call.tick(to: 64000 + 56000)
        #expect(call.events.contains { $0.isNoInput })
    }

    @Test func overlayMayNotChangeGlobalKeys() throws {
        let overlay = "version: 1\nglobal_keys: {back: \"#\"}\nnodes: {}\n"
        #expect {
            try MenuTree.parse(yaml: Fixtures.menuText(), file: "menu.yaml", overlays: [(overlay, "gd.yaml")],
                               knownPrompts: nil)
        } throws: { error in
            (error as? MenuError)?.problems.contains { $0.code == .unknownField && $0.file == "gd.yaml" && $0.line == 2 }
                == true
        }
    }
}
