import Prompts
import Testing

/// Golden tests for digit strings, phone numbers, dates, times, money, durations and working days.
struct VerbaliserValueTests {
    let v = ChineseVerbaliser()

    @Test(arguments: [("1203", "幺二零三"), ("2025093000017", "二零二五零九三零零零零幺七"), ("0", "零"), ("12-34", "幺二三四")])
    func digitStrings(text: String, expected: String) throws {
        #expect(try v.digits(text).text == expected)
    }

    @Test func oneAsYaoIsAPolicy() throws {
        #expect(try ChineseVerbaliser(oneAsYao: false).digits("110").text == "一一零")
        #expect(try v.digits("110").promptIDs == ["num_1_yao", "num_1_yao", "num_0"])
    }

    @Test(arguments: ["", "12a4", "１２", "- -"])
    func digitStringsRejectGarbage(text: String) {
        #expect(throws: VerbaliserError.self) { try v.digits(text) }
    }

    @Test(arguments: [
        ("13812345678", "幺三八，幺二三四，五六七八"), ("01088886666", "零幺零，八八八八，六六六六"),
        ("075512345678", "零七五五，幺二三四，五六七八"), ("12333", "幺二三三三"), ("88886666", "八八八八，六六六六"),
        ("8888666", "八八八，八六六六"), ("4008123333", "四零零，八幺二，三三三三"), ("138-1234-5678", "幺三八，幺二三四，五六七八"),
    ])
    func phoneNumbers(text: String, expected: String) throws {
        #expect(try v.phone(text).text == expected)
    }

    @Test(arguments: [
        ("2025-09-30", "二〇二五年九月三十日"), ("2026-02-02", "二〇二六年二月二日"), ("2025-10-01", "二〇二五年十月一日"),
        ("2025-12-22", "二〇二五年十二月二十二日"), ("2000-11-11", "二〇〇〇年十一月十一日"), ("2024-02-29", "二〇二四年二月二十九日"),
    ])
    func dates(iso: String, expected: String) throws {
        #expect(try v.date(iso).text == expected)
    }

    @Test func yearZeroIsWrittenButSpokenAsLing() throws {
        let items = try v.date(year: 2025, month: 9, day: 30)
        #expect(items.promptIDs.prefix(5) == ["num_2", "num_0", "num_2", "num_5", "date_year"])
        #expect(items.text.hasPrefix("二〇二五年"))
    }

    @Test func colloquialDaySuffixAndWeekday() throws {
        #expect(try ChineseVerbaliser(daySuffix: .hao).date("2025-09-30").text == "二〇二五年九月三十号")
        #expect(try v.date("2025-09-30", withWeekday: true).text == "二〇二五年九月三十日星期二")
        #expect(try v.date("2025-10-05", withWeekday: true).text == "二〇二五年十月五日星期日")
    }

    @Test(arguments: ["2025-02-29", "2025-13-01", "2025-04-31", "2025/09/30", "20250930", "2025-9-x"])
    func impossibleDates(iso: String) {
        #expect(throws: VerbaliserError.self) { try v.date(iso) }
    }

    @Test(arguments: [(1, "星期一"), (2, "星期二"), (6, "星期六"), (7, "星期日")])
    func weekdays(day: Int, expected: String) {
        #expect(v.weekday(day).text == expected)
    }

    @Test(arguments: [
        ("14:30", "下午两点三十分"), ("09:05", "上午九点零五分"), ("08:30", "早上八点三十分"), ("12:00", "中午十二点"),
        ("00:00", "凌晨零点"), ("02:02", "凌晨两点零二分"), ("13:30", "下午一点三十分"), ("17:30", "下午五点三十分"),
        ("20:15", "晚上八点十五分"), ("22:45", "晚上十点四十五分"),
    ])
    func times(text: String, expected: String) throws {
        #expect(try v.time(text).text == expected)
    }

    @Test func twentyFourHourClock() throws {
        #expect(try v.time("14:30", clock: .twentyFourHour).text == "十四点三十分")
        #expect(try v.time("02:00", clock: .twentyFourHour).text == "两点")
    }

    @Test(arguments: ["24:00", "12:60", "1230", "ab:cd", "-1:00"])
    func impossibleTimes(text: String) {
        #expect(throws: VerbaliserError.self) { try v.time(text) }
    }

    @Test(arguments: [
        ("1234.5", "一千两百三十四元五角"), ("1234.50", "一千两百三十四元五角"), ("1.05", "一元零五分"), ("0.05", "五分"),
        ("0.5", "五角"), ("0", "零元"), ("2", "两元"), ("20000", "两万元"), ("12.22", "十二元两角两分"),
        ("100.10", "一百元一角"), ("-3", "负三元"), ("23456.78", "两万三千四百五十六元七角八分"),
    ])
    func money(text: String, expected: String) throws {
        #expect(try v.money(text).text == expected)
    }

    @Test(arguments: ["1.234", "", "abc", "1,000", "."])
    func moneyRejectsGarbage(text: String) {
        #expect(throws: VerbaliserError.self) { try v.money(text) }
    }

    @Test(arguments: [(0, "零秒"), (2, "两秒"), (90, "一分钟三十秒"), (3725, "一小时两分钟五秒"), (7200, "两小时"), (600, "十分钟")])
    func durations(seconds: Int, expected: String) {
        #expect(v.duration(seconds: seconds).text == expected)
    }

    @Test(arguments: [(2, "两个工作日"), (3, "三个工作日"), (10, "十个工作日"), (12, "十二个工作日"), (20, "二十个工作日")])
    func workdays(n: Int, expected: String) {
        #expect(v.workdays(n).text == expected)
    }
}
