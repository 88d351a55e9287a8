extension ChineseVerbaliser {
    /// A date: 2025-09-30 二〇二五年九月三十日 (spoken 二零二五…), optionally with the weekday (…星期二).
    /// Years are read digit by digit with 一 (never 幺); month and day are cardinals with 二 (二月二日).
    /// - Throws: ``VerbaliserError`` for an impossible date (2025-02-29).
    public func date(year: Int, month: Int, day: Int, withWeekday: Bool = false) throws -> [PromptItem] {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Self.daysInMonth(year: year, month: month)).contains(day) else {
            throw VerbaliserError.invalidValue(kind: "date", value: "\(year)-\(month)-\(day)", expected: "a real date, YYYY-MM-DD")
        }
        var out: [PromptItem] = String(year).map { c in
            c == "0" ? .prompt(id: ChineseWord.zero.id, text: "〇") : ChineseWord.digit(c.digitValue).item
        }
        out.append(ChineseWord.year.item)
        out += number(Int64(month)) + [ChineseWord.month.item]
        out += number(Int64(day)) + [(daySuffix == .ri ? ChineseWord.day : ChineseWord.hao).item]
        if withWeekday { out += weekday(Self.isoWeekday(year: year, month: month, day: day)) }
        return out
    }

    /// A date written YYYY-MM-DD (the form of ticket due dates).
    /// - Throws: ``VerbaliserError`` for anything else.
    public func date(_ iso: String, withWeekday: Bool = false) throws -> [PromptItem] {
        let parts = iso.trimmingSpaces.split(separator: "-")
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else {
            throw VerbaliserError.invalidValue(kind: "date", value: iso, expected: "YYYY-MM-DD, e.g. 2025-09-30")
        }
        return try date(year: y, month: m, day: d, withWeekday: withWeekday)
    }

    /// A weekday, ISO numbering (1 Monday … 7 Sunday): 星期一 … 星期六, 星期日.
    public func weekday(_ isoWeekday: Int) -> [PromptItem] {
        precondition((1...7).contains(isoWeekday), "weekday must be 1...7")
        let last: ChineseWord = isoWeekday == 7 ? .day : .digit(isoWeekday)
        return [ChineseWord.week.item, last.item]
    }

    /// A time of day: 14:30 下午两点三十分, 09:05 上午九点零五分, 12:00 中午十二点, 00:00 凌晨零点;
    /// with `.twentyFourHour`, 14:30 十四点三十分. Minutes below 10 take 零 (零五分); whole hours end with 点.
    /// - Throws: ``VerbaliserError`` unless 0 ≤ hour ≤ 23 and 0 ≤ minute ≤ 59.
    public func time(hour: Int, minute: Int, clock: Clock = .twelveHour) throws -> [PromptItem] {
        guard (0...23).contains(hour), (0...59).contains(minute) else {
            throw VerbaliserError.invalidValue(kind: "time", value: "\(hour):\(minute)", expected: "HH:MM from 00:00 to 23:59")
        }
        var out: [PromptItem] = []
        var spokenHour = hour
        if clock == .twelveHour {
            out.append(Self.period(hour: hour).item)
            if hour > 12 { spokenHour = hour - 12 }
        }
        out += number(Int64(spokenHour), beforeMeasureWord: true) + [ChineseWord.oClock.item]
        if minute > 0 {
            if minute < 10 { out.append(ChineseWord.zero.item) }
            out += number(Int64(minute)) + [ChineseWord.minute.item]
        }
        return out
    }

    /// A time written HH:MM.
    /// - Throws: ``VerbaliserError`` for anything else.
    public func time(_ text: String, clock: Clock = .twelveHour) throws -> [PromptItem] {
        let parts = text.trimmingSpaces.split(separator: ":")
        guard parts.count == 2, parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCIIDigit) }),
              let h = Int(parts[0]), let m = Int(parts[1]) else {
            throw VerbaliserError.invalidValue(kind: "time", value: text, expected: "HH:MM, e.g. 14:30")
        }
        return try time(hour: h, minute: m, clock: clock)
    }

    /// The period of the day a 12-hour time is read with: 凌晨 0–4, 早上 5–8, 上午 9–11, 中午 12, 下午 13–17, 晚上 18–23.
    public static func period(hour: Int) -> ChineseWord {
        switch hour {
        case 0..<5: .earlyMorning
        case 5..<9: .morning
        case 9..<12: .forenoon
        case 12: .noon
        case 13..<18: .afternoon
        default: .evening
        }
    }

    /// Days in a month of the Gregorian calendar.
    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// ISO weekday (1 Monday … 7 Sunday) of a Gregorian date (Sakamoto's method).
    static func isoWeekday(year: Int, month: Int, day: Int) -> Int {
        let t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
        let y = month < 3 ? year - 1 : year
        let sundayBased = (y + y / 4 - y / 100 + y / 400 + t[month - 1] + day) % 7  // 0 = Sunday
        return sundayBased == 0 ? 7 : sundayBased
    }
}
