import DSP
import Foundation
import IVREngine
import Testing

// The line's `letter_keys` setting: A–D are ignored by default (the national menu never uses them, and a high
// voice can look like an `A` to any detector), and reach the menu only when a line accepts them.
@Suite struct LetterKeyTests {
    @Test func theNationalLineIgnoresAToD() {
        #expect(Fixtures.tree.settings.ignoresLetterKeys)
        var call = CallDriver.answered()
        call.playAll()
        let before = call.actions.count
        for key in "ABCD" { call.apply(call.machine.digitStarted(DTMFDigit(key)!, at: call.sample)) }
        #expect(call.actions.count == before, "\(call.actions[before...])")
        call.press("1")
        #expect(call.nodes.last == "social_insurance")
    }

    @Test func aLineThatAcceptsThemTreatsThemAsKeys() throws {
        let yaml = try Fixtures.menuText().replacingOccurrences(of: "letter_keys: ignore", with: "letter_keys: accept")
        let tree = try MenuTree.parse(yaml: yaml, file: "menu.yaml", knownPrompts: PromptIDs.all)
        #expect(!tree.settings.ignoresLetterKeys)
        var call = CallDriver(tree: tree)
        call.apply(call.machine.answered(.standard, at: 0))
        call.playAll()
        let before = call.actions.count
        call.apply(call.machine.digitStarted(.dA, at: call.sample))
        #expect(call.actions.count > before, "an accepted A is a key like any other (here a wrong one)")
    }

    @Test func aBadValueIsAProblemWithItsLine() throws {
        let yaml = try Fixtures.menuText().replacingOccurrences(of: "letter_keys: ignore", with: "letter_keys: maybe")
        #expect(throws: (any Error).self) { try MenuTree.parse(yaml: yaml, file: "menu.yaml", knownPrompts: PromptIDs.all) }
    }
}
