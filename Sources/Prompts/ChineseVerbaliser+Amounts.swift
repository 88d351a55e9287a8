extension ChineseVerbaliser {
    /// An amount of money in fen (1/100 yuan): 123450 一千两百三十四元五角, 105 一元零五分, 5 五分, 0 零元.
    /// 2 before a unit is 两 (两元, 两角, 两分); a missing 角 between 元 and 分 is 零.
    public func money(fen: Int64) -> [PromptItem] {
        if fen < 0 { return [ChineseWord.minus.item] + money(fen: -fen) }
        let yuan = fen / 100, jiao = fen / 10 % 10, cents = fen % 10
        var out: [PromptItem] = []
        if yuan > 0 || fen == 0 { out += count(yuan, .yuan) }
        if jiao > 0 {
            out += count(jiao, .jiao)
        } else if cents > 0 && yuan > 0 {
            out.append(ChineseWord.zero.item)
        }
        if cents > 0 { out += count(cents, .fen) }
        return out
    }

    /// An amount of money written in yuan with up to two decimals: "1234.5", "0.05", "-3".
    /// - Throws: ``VerbaliserError`` for anything else.
    public func money(_ yuanText: String) throws -> [PromptItem] {
        try money(fen: Self.parseFen(yuanText))
    }

    /// Parses "1234.56" (yuan) into fen without floating point.
    /// - Throws: ``VerbaliserError`` unless the text is a number with at most two decimals.
    public static func parseFen(_ text: String) throws -> Int64 {
        let invalid = VerbaliserError.invalidValue(kind: "amount", value: text, expected: "yuan with up to two decimals, e.g. 1234.50")
        var body = Substring(text.trimmingSpaces)
        let negative = body.hasPrefix("-")
        if negative { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 15, whole.allSatisfy(\.isASCIIDigit) else { throw invalid }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= 2, fraction.allSatisfy(\.isASCIIDigit), parts.count == 1 || !fraction.isEmpty else { throw invalid }
        while fraction.count < 2 { fraction += "0" }
        guard let y = Int64(whole), let f = Int64(fraction) else { throw invalid }
        let fen = y * 100 + f
        guard fen / 100 <= maximumNumber else { throw invalid }
        return negative ? -fen : fen
    }

    /// A duration: 3725 s 一小时两分钟五秒 (2 before a unit is 两), 90 s 一分钟三十秒, 0 零秒.
    public func duration(seconds: Int) -> [PromptItem] {
        precondition(seconds >= 0, "duration must not be negative")
        let h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60
        var out: [PromptItem] = []
        if h > 0 { out += count(Int64(h), .hours) }
        if m > 0 { out += count(Int64(m), .minutes) }
        if s > 0 || seconds == 0 { out += count(Int64(s), .second) }
        return out
    }

    /// "N个工作日": 2 两个工作日, 3 三个工作日, 12 十二个工作日.
    public func workdays(_ n: Int) -> [PromptItem] {
        precondition(n >= 0, "working days must not be negative")
        return count(Int64(n), .ge) + [ChineseWord.workday.item]
    }
}
