import Prompts
import Testing

/// Annex 2: the listed phrases and their obvious variants are caught; the shipped texts are clean.
struct ForbiddenWordingTests {
    @Test(arguments: [
        ("喂!什么事呀?", ForbiddenWording.Category.nonStandard), ("喂，您好", .nonStandard), ("什么事啊？", .nonStandard),
        ("你烦不烦?", .blaming), ("您烦不烦", .blaming), ("你问我，我问谁?", .shirking), ("您问我 我问谁", .shirking),
        ("你問我，我問誰？", .shirking), ("你去投诉好了!", .mocking), ("您去投诉吧", .mocking), ("你还没懂?", .lecturing),
        ("您还没懂吗", .lecturing), ("怎么基本常识都不懂!", .insulting), ("这都不懂", .insulting), ("快点按键", .rudeCommand),
    ])
    func forbiddenPhrasesAndVariantsAreFound(text: String, category: ForbiddenWording.Category) {
        let findings = ForbiddenWording.findings(in: text)
        #expect(findings.contains { $0.category == category }, "\(text): \(findings)")
    }

    @Test(arguments: ["生育保险：哺乳期喂奶时间按规定执行。", "投诉举报请按1，工单查询请按2。", "请问还有其他问题需要帮助吗？",
                      "您好，请讲。", "请您耐心等待。"])
    func politeTextsPass(text: String) {
        #expect(ForbiddenWording.findings(in: text).isEmpty)
    }

    @Test func everyShippedTextPasses() throws {
        let m = try Fixtures.shippedManifest()
        for entry in m.entries {
            for (lang, text) in entry.text {
                #expect(ForbiddenWording.findings(in: text).isEmpty, "\(entry.id) \(lang): \(text)")
            }
        }
    }
}
