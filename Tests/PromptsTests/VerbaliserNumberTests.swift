import Prompts
import Testing

/// Golden tests for Chinese cardinal numbers: zeros, bare 十, 两 versus 二.
struct VerbaliserNumberTests {
    let v = ChineseVerbaliser()

    @Test(arguments: [
        (0, "零"), (1, "一"), (2, "二"), (10, "十"), (11, "十一"), (12, "十二"), (15, "十五"), (20, "二十"),
        (22, "二十二"), (100, "一百"), (101, "一百零一"), (110, "一百一十"), (111, "一百一十一"), (120, "一百二十"),
        (200, "两百"), (222, "两百二十二"), (1000, "一千"), (1005, "一千零五"), (1010, "一千零一十"),
        (1100, "一千一百"), (1500, "一千五百"), (2000, "两千"), (2002, "两千零二"), (1234, "一千两百三十四"),
        (10000, "一万"), (10005, "一万零五"), (10010, "一万零一十"), (10100, "一万零一百"), (11000, "一万一千"),
        (20000, "两万"), (22222, "两万两千两百二十二"), (100000, "十万"), (100010, "十万零一十"),
        (100100, "十万零一百"), (120000, "十二万"), (1_020_000, "一百零二万"), (1_100_000, "一百一十万"),
        (12_000_000, "一千两百万"), (100_000_000, "一亿"), (200_000_000, "两亿"), (100_000_001, "一亿零一"),
        (100_010_000, "一亿零一万"), (1_000_000_000_000, "一万亿"), (1_000_500_000_000, "一万零五亿"), (1_000_050_000_000, "一万亿零五千万"),
        (-5, "负五"), (-1010, "负一千零一十"),
    ] as [(Int64, String)])
    func cardinal(value: Int64, expected: String) {
        #expect(v.number(value).text == expected)
    }

    @Test(arguments: [
        (2, "两"), (12, "十二"), (20, "二十"), (22, "二十二"), (200, "两百"), (2000, "两千"), (20000, "两万"), (3, "三"),
    ] as [(Int64, String)])
    func beforeMeasureWord(value: Int64, expected: String) {
        #expect(v.number(value, beforeMeasureWord: true).text == expected)
    }

    @Test(arguments: [(1, "第一"), (2, "第二"), (10, "第十"), (12, "第十二"), (20, "第二十")] as [(Int64, String)])
    func ordinal(value: Int64, expected: String) {
        #expect(v.ordinal(value).text == expected)
    }

    @Test(arguments: [(2, "两个"), (12, "十二个"), (3, "三个")] as [(Int64, String)])
    func countWithMeasureWord(value: Int64, expected: String) {
        #expect(v.count(value, .ge).text == expected)
    }

    @Test(arguments: [("3.05", "三点零五"), ("0.5", "零点五"), ("-0.25", "负零点二五"), ("110", "一百一十"), ("2.2", "二点二")])
    func decimal(text: String, expected: String) throws {
        #expect(try v.number(text).text == expected)
    }

    @Test(arguments: ["", "abc", "1.", ".5", "1.2.3", "1e5", "99999999999999999999"])
    func decimalRejectsGarbage(text: String) {
        #expect(throws: VerbaliserError.self) { try v.number(text) }
    }

    @Test func idsAreTheBuildingBlocks() {
        #expect(v.number(1010).promptIDs == ["num_1", "num_1000", "num_0", "num_1", "num_10"])
        #expect(v.number(20000).promptIDs == ["num_2_liang", "num_10000"])
        #expect(v.number(20).promptIDs == ["num_2", "num_10"])
    }
}
