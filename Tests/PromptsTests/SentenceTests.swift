import Prompts
import Testing

/// Sentences with values, built from manifest fragments and the verbaliser.
struct SentenceTests {
    @Test func ticketSentence() throws {
        let s = PromptSentences(manifest: try Fixtures.shippedManifest())
        let items = try s.ticketOpened(.voicemail, number: "202510090017", workdays: 3, dueYear: 2025, dueMonth: 10, dueDay: 14)
        #expect(items.text == "您的留言已记录，工单号二零二五幺零零九零零幺七，我们将在三个工作日内，即二〇二五年十月十四日前给您答复。")
        let two = try s.deadline(workdays: 2, year: 2026, month: 2, day: 2)
        #expect(two.text == "我们将在两个工作日内，即二〇二六年二月二日前给您答复。")
    }

    @Test func otherSentences() throws {
        let s = PromptSentences(manifest: try Fixtures.shippedManifest())
        #expect(s.queuePosition(2).text == "您前面还有两位来电在等候。")
        #expect(try s.outOfHours([((8, 30), (12, 0)), ((13, 30), (17, 30))]).text
            == "现在是非工作时间，人工服务时间为工作日早上八点三十分至中午十二点，下午一点三十分至下午五点三十分，留言请按1，返回主菜单请按星号键。")
        #expect(s.pensionAccount(months: 122, balanceFen: 2_345_678).text == "您的养老保险累计缴费一百二十二个月，个人账户余额为两万三千四百五十六元七角八分")
        #expect(try s.numberReadback("13812345678").text == "您输入的号码是幺三八，幺二三四，五六七八，确认请按1，重新输入请按2。")
        #expect(try s.ticketStatus(number: "17", state: .closed, dueYear: 2025, dueMonth: 1, dueDay: 2).text == "您查询的工单幺七，已办结，感谢您的耐心等待！")
        #expect(try s.ticketStatus(number: "17", state: .open, dueYear: 2025, dueMonth: 1, dueDay: 2).text == "您查询的工单幺七，正在办理中，答复期限为二〇二五年一月二日")
    }

    @Test func everySentenceFragmentIsInTheManifest() throws {
        let m = try Fixtures.shippedManifest()
        let s = PromptSentences(manifest: m)
        var items = try s.ticketOpened(.complaint, number: "1", workdays: 3, dueYear: 2025, dueMonth: 1, dueDay: 1)
        items += try s.ticketOpened(.document, number: "1", workdays: 3, dueYear: 2025, dueMonth: 1, dueDay: 1)
        items += try s.ticketStatus(number: "1", state: .open, dueYear: 2025, dueMonth: 1, dueDay: 1)
            + s.ticketStatus(number: "1", state: .closed, dueYear: 2025, dueMonth: 1, dueDay: 1)
        items += try s.outOfHours([((8, 30), (12, 0))]) + s.queuePosition(3) + s.medicalBalance(fen: 5) + (try s.numberReadback("1"))
        for id in items.promptIDs { #expect(m.entry(id) != nil, "\(id)") }
    }
}
