import CallTestSupport
import Foundation
import IVREngine
import Testing

/// The `prompts:` key of an expectation: prompt ids that must start in order (a renamed prompt fails the call).
@Suite("batch expectations: prompts")
struct CallExpectationPromptTests {
    static let log: [LoggedEvent] = [
        LoggedEvent(sample: 0, event: .answer(call: "c1", caller: nil, now: "2025-09-26T10:00:00+08:00", lang: "cmn")),
        LoggedEvent(sample: 0, event: .prompt(id: "greeting_morning", lang: "cmn")),
        LoggedEvent(sample: 8000, event: .prompt(id: "welcome", lang: "cmn")),
        LoggedEvent(sample: 160_000, event: .prompt(id: "voicemail_intro", lang: "cmn")),
        LoggedEvent(sample: 224_000, event: .prompt(id: "beep", lang: "cmn")),
        LoggedEvent(sample: 240_000, event: .prompt(id: "voicemail_too_short", lang: "cmn")),
        LoggedEvent(sample: 280_000, event: .prompt(id: "main_menu", lang: "cmn")),
    ]

    func check(_ prompts: String) throws -> [String] {
        let path = NSTemporaryDirectory() + "ivr-expect-\(UUID().uuidString).expect.yaml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "now: 2025-09-26T10:00:00+08:00\nprompts: \(prompts)\n".write(toFile: path, atomically: true, encoding: .utf8)
        return try CallExpectation.load(path: path).check(events: Self.log)
    }

    @Test(arguments: ["[welcome, beep, main_menu]", "[greeting_morning]", "[voicemail_too_short, main_menu]", "[]"])
    func promptsInOrderPass(_ prompts: String) throws {
        #expect(try check(prompts) == [])
    }

    @Test(arguments: [
        ("[main_menu, welcome]", "prompts: expected welcome in order, got greeting_morning → welcome → voicemail_intro"),
        ("[voicemail_discarded]", "prompts: expected voicemail_discarded in order, got greeting_morning"),
        ("[beep, beep]", "prompts: expected beep in order, got "),
    ])
    func missingOrMisorderedPromptsFail(_ prompts: String, message: String) throws {
        let failures = try check(prompts)
        #expect(failures.count == 1)
        #expect(failures.first?.hasPrefix(message) == true, "\(failures)")
    }
}
