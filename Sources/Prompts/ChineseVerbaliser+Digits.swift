extension ChineseVerbaliser {
    /// A digit string read one digit at a time (ticket numbers): "1203" 幺二零三 (一二零三 with `oneAsYao` off).
    /// Spaces and hyphens are ignored.
    /// - Throws: ``VerbaliserError`` when `text` holds anything but digits, spaces and hyphens, or no digit.
    public func digits(_ text: String) throws -> [PromptItem] {
        try digitValues(text, kind: "digit string").map(digitItem)
    }

    /// A phone number read digit by digit in groups with short pauses: a mobile number 3-4-4
    /// (幺三八，幺二三四，五六七八), a 400 number 3-3-4, a landline with its area code (零幺零，八八八八，六六六六), a short
    /// service number (幺二三三三) in one group.
    /// - Throws: ``VerbaliserError`` as for ``digits(_:)``.
    public func phone(_ text: String) throws -> [PromptItem] {
        let values = try digitValues(text, kind: "phone number")
        var out: [PromptItem] = []
        var start = 0
        for size in Self.phoneGroups(values) {
            if start > 0 { out.append(.pause(milliseconds: phoneGroupPauseMilliseconds)) }
            out += values[start..<start + size].map(digitItem)
            start += size
        }
        return out
    }

    /// Group sizes for a phone number: mobile 3-4-4; 400/800 numbers 3-3-4; landline area code (3 digits for 010 and 02x, else 4)
    /// then the local number in 4s (3-4 for 7 digits); up to 6 digits in one group; otherwise groups of 4.
    static func phoneGroups(_ d: [Int]) -> [Int] {
        let n = d.count
        if n <= 6 { return [n] }
        if n == 11 && d[0] == 1 { return [3, 4, 4] }
        if n == 10 && (d[0] == 4 || d[0] == 8) && d[1] == 0 && d[2] == 0 { return [3, 3, 4] }  // 400/800 service numbers
        var groups: [Int] = []
        var rest = n
        if d[0] == 0 && n >= 10 {
            let area = (d[1] == 1 || d[1] == 2) ? 3 : 4
            groups.append(area)
            rest -= area
        }
        if rest == 7 { return groups + [3, 4] }
        while rest > 0 {
            let size = rest == 5 ? 5 : min(4, rest)
            groups.append(size)
            rest -= size
        }
        return groups
    }

    private func digitValues(_ text: String, kind: String) throws -> [Int] {
        var values: [Int] = []
        for c in text {
            if c.isASCIIDigit {
                values.append(c.digitValue)
            } else if c != " " && c != "-" {
                throw VerbaliserError.invalidValue(kind: kind, value: text, expected: "digits 0-9 (spaces and hyphens allowed)")
            }
        }
        guard !values.isEmpty else {
            throw VerbaliserError.invalidValue(kind: kind, value: text, expected: "at least one digit")
        }
        return values
    }

    private func digitItem(_ d: Int) -> PromptItem {
        (d == 1 && oneAsYao ? ChineseWord.yao : ChineseWord.digit(d)).item
    }
}
