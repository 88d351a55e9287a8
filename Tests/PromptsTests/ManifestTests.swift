import Foundation
import Prompts
import Testing

/// The shipped manifest is complete and consistent with the verbaliser and the national menu.
struct ManifestTests {
    @Test func shippedManifestLoadsWithTheNationalPrompts() throws {
        let m = try Fixtures.shippedManifest()
        #expect(m.languages == ["cmn", "yue"])
        for id in PromptID.national {
            #expect(m.entry(id)?.national == true, "\(id) must be marked national")
        }
        #expect(m.entries.filter(\.national).map(\.id).sorted() == PromptID.national.sorted())
        #expect(m.entry("wait_tone")?.kind == .tone)
    }

    @Test func everyVerbaliserWordIsAPromptWithTheSameText() throws {
        let m = try Fixtures.shippedManifest()
        for word in ChineseWord.allCases {
            #expect(m.entry(word.id)?.text["cmn"] == word.text, "\(word.id)")
            #expect(m.entry(word.id)?.kind == .word, "\(word.id)")
        }
    }

    @Test func cantoneseCoversWelcomeNoticeMenuAndGoodbye() throws {
        let m = try Fixtures.shippedManifest()
        for id in ["welcome", "recording_notice", "main_menu", "goodbye", "language_choice"] {
            #expect(m.entry(id)?.text["yue"] != nil, "\(id)")
        }
    }

    @Test func annexOnePhrasesArePrompts() throws {
        let m = try Fixtures.shippedManifest()
        let texts = m.entries.compactMap { $0.text["cmn"] }
        for phrase in ["您好，为保证服务质量，本次通话可能将被录音，敬请谅解。", "正在为您查询，请稍等。", "感谢您的耐心等待！",
                       "非常抱歉，您提供的信息与系统显示不符，建议您仔细核实后再来电查询，请谅解。", "您好，您的电话已接通，请讲。",
                       "您好，听不到您的声音，请您重拨一遍或者换一部话机再拨过来，好吗？谢谢您的配合。", "感谢您的来电，再见。",
                       "欢迎再次拨打12333，再见。", "感谢您的来电，祝您节日愉快，再见！", "座席正忙，请您耐心等待。",
                       "请对本次服务做出评价：满意请按1，基本满意请按2，不满意请按3。", "您的输入有误，请重新选择。"] {
            #expect(texts.contains(phrase), "\(phrase)")
        }
    }

    @Test func policyRecordingsSayWhereToGoAndWhatToBring() throws {
        let m = try Fixtures.shippedManifest()
        let policies = m.entries.filter { $0.kind == .policy }
        #expect(policies.count == 14)
        for p in policies {
            let text = p.text["cmn"] ?? ""
            #expect(text.contains("携带") || text.contains("留意"), "\(p.id) should say what to bring")
            #expect(text.contains("窗口") || text.contains("网站"), "\(p.id) should say where to go")
        }
    }

    @Test(arguments: [
        ("languages: [yue]\nprompts: []", "must start with cmn"),
        ("languages: [cmn]\nprompts:\n  - {id: Bad-Id, text: {cmn: x}}", "invalid prompt id"),
        ("languages: [cmn]\nprompts:\n  - {id: a, text: {cmn: x}}\n  - {id: a, text: {cmn: y}}", "appears twice"),
        ("languages: [cmn]\nprompts:\n  - {id: a, text: {yue: x}}", "no cmn text"),
        ("languages: [cmn]\nprompts:\n  - {id: welcome, text: {cmn: x}}\n  - {id: main_menu, text: {cmn: x}}", "wait_tone"),
        ("languages: [cmn]\nprompts: {", "not a valid prompt manifest"),
    ])
    func badManifestsAreRejectedWithTheReason(yaml: String, reason: String) {
        #expect {
            try PromptManifest.parse(yaml: yaml, path: "x/prompts.yaml")
        } throws: { error in
            guard let e = error as? PromptError else { return false }
            return e.code == .badManifest && e.description.contains(reason) && e.description.hasPrefix("x/prompts.yaml")
        }
    }

    @Test(arguments: ["main_menu", "num_0", "a", "greeting_new_year"])
    func validIDs(id: String) { #expect(PromptID.isValid(id)) }

    @Test(arguments: ["", "../welcome", "cmn/welcome", "Welcome", "wel come", "welcome.wav", "_x", "0abc", "欢迎", String(repeating: "a", count: 65)])
    func invalidIDs(id: String) { #expect(!PromptID.isValid(id)) }
}
