/// Turns numbers, digit strings, dates, times, money and durations into the sequence of recorded
/// building blocks a Mandarin speaker expects, with the text for logs and tests.
///
/// The rules Asterisk's and FreeSWITCH's Chinese sayers get wrong, and this one follows:
/// - zeros: one 零 for each run of inner zeros (1005 一千零五, 1010 一千零一十, 100100 十万零一百),
///   none at the end (1500 一千五百);
/// - 十 without 一 only at the start of a number (10 十, 15 十五, but 110 一百一十, 100010 十万零一十);
/// - 两 for 2 before 百/千 and as the leading digit of 万/亿 (两万, 两亿), and for the count 2 before a
///   measure word (两个工作日, 两点, 两元); 二 in 二十, in 十二, in ordinals (第二), in dates (二月二日) and
///   when reading digits;
/// - digit strings (ticket and phone numbers) one digit at a time, 1 as 幺 by policy, 0 as 零;
/// - years digit by digit (written 二〇二五, spoken 二零二五).
public struct ChineseVerbaliser: Sendable {
    /// How the day of the month ends: 日 (formal, the default) or 号 (colloquial).
    public enum DaySuffix: Sendable { case ri, hao }
    /// How the clock is read: with a period of the day (下午两点) or as a 24-hour clock (十四点).
    public enum Clock: Sendable { case twelveHour, twentyFourHour }

    /// Read the digit 1 as 幺 in digit strings (ticket and phone numbers); policy, on by default.
    public var oneAsYao: Bool
    /// The day suffix of dates.
    public var daySuffix: DaySuffix
    /// Pause between the groups of a phone number, in milliseconds.
    public var phoneGroupPauseMilliseconds: Int

    /// Creates a verbaliser with the given policies.
    public init(oneAsYao: Bool = true, daySuffix: DaySuffix = .ri, phoneGroupPauseMilliseconds: Int = 250) {
        self.oneAsYao = oneAsYao
        self.daySuffix = daySuffix
        self.phoneGroupPauseMilliseconds = phoneGroupPauseMilliseconds
    }

    /// The largest magnitude ``number(_:beforeMeasureWord:)`` reads (9999 万亿 + …).
    public static let maximumNumber: Int64 = 9_999_9999_9999_9999

    // MARK: - Cardinal numbers

    /// A cardinal number: 110 一百一十, 1010 一千零一十, 20000 两万, -5 负五.
    /// - Parameter beforeMeasureWord: the number counts something (个, 点, 元, 位…): 2 becomes 两.
    public func number(_ value: Int64, beforeMeasureWord: Bool = false) -> [PromptItem] {
        words(value, beforeMeasureWord: beforeMeasureWord).map(\.item)
    }

    /// A decimal number written with a point, "3.05" 三点零五, "-0.5" 负零点五; the fraction is read digit by digit.
    /// - Throws: ``VerbaliserError`` when `text` is not a decimal number within range.
    public func number(_ text: String) throws -> [PromptItem] {
        var body = Substring(text.trimmingSpaces)
        var out: [PromptItem] = []
        if body.hasPrefix("-") {
            out.append(ChineseWord.minus.item)
            body = body.dropFirst()
        }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let intPart = parts.first, !intPart.isEmpty, intPart.allSatisfy(\.isASCIIDigit),
              let integer = Int64(intPart), integer <= Self.maximumNumber else {
            throw VerbaliserError.invalidValue(kind: "number", value: text, expected: "a decimal number such as 1010 or 3.05")
        }
        out += number(integer)
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.allSatisfy(\.isASCIIDigit) else {
                throw VerbaliserError.invalidValue(kind: "number", value: text, expected: "a decimal number such as 1010 or 3.05")
            }
            out.append(ChineseWord.point.item)
            out += fraction.map { ChineseWord.digit($0.digitValue).item }
        }
        return out
    }

    /// An ordinal: 第二, 第十一.
    public func ordinal(_ value: Int64) -> [PromptItem] {
        [ChineseWord.ordinal.item] + number(value)
    }

    /// A count followed by its measure word: (2, .ge) 两个, (12, .wei) 十二位.
    public func count(_ value: Int64, _ measure: ChineseWord) -> [PromptItem] {
        number(value, beforeMeasureWord: true) + [measure.item]
    }

    /// The words of a cardinal number.
    func words(_ value: Int64, beforeMeasureWord: Bool) -> [ChineseWord] {
        precondition(abs(value) <= Self.maximumNumber, "number out of range: \(value)")
        if value < 0 { return [.minus] + words(-value, beforeMeasureWord: beforeMeasureWord) }
        if value == 0 { return [.zero] }
        var groups: [Int] = []  // four-digit groups, lowest first: units, 万, 亿, 万亿
        var rest = value
        while rest > 0 {
            groups.append(Int(rest % 10_000))
            rest /= 10_000
        }
        var out: [ChineseWord] = []
        var emitted = false
        var zeroPending = false
        for index in stride(from: groups.count - 1, through: 0, by: -1) {
            let group = groups[index]
            if group == 0 {
                if emitted { zeroPending = true }
                continue
            }
            if emitted && (zeroPending || group < 1000) { out.append(.zero) }
            out += groupWords(group, first: !emitted, unitFollows: index > 0, beforeMeasureWord: beforeMeasureWord)
            // 万亿 shares its 亿 with a following non-zero 亿 group: 一万零五亿, but 一万亿零五千万.
            out += index == 3 && groups[2] != 0 ? [.tenThousand] : Self.groupUnits[index]
            emitted = true
            zeroPending = false
        }
        return out
    }

    private static let groupUnits: [[ChineseWord]] = [[], [.tenThousand], [.hundredMillion], [.tenThousand, .hundredMillion]]

    /// One group of up to four digits (1…9999), without its 万/亿 unit.
    private func groupWords(_ group: Int, first: Bool, unitFollows: Bool, beforeMeasureWord: Bool) -> [ChineseWord] {
        let digits = [group / 1000, group / 100 % 10, group / 10 % 10, group % 10]
        let positionUnits: [ChineseWord?] = [.thousand, .hundred, .ten, nil]
        var out: [ChineseWord] = []
        var started = false
        var zeroPending = false
        for position in 0..<4 {
            let d = digits[position]
            if d == 0 {
                if started { zeroPending = true }
                continue
            }
            if zeroPending {
                out.append(.zero)
                zeroPending = false
            }
            switch position {
            case 0, 1:  // 千, 百: 两千, 两百
                out.append(d == 2 ? .liang : .digit(d))
            case 2:  // 十: bare 十 only at the very start of the number; 二十
                if !(d == 1 && first && !started) { out.append(.digit(d)) }
            default:  // ones: 两 only for a lone leading 2 before 万/亿 or before a measure word
                let lone = first && !started
                out.append(d == 2 && lone && (unitFollows || beforeMeasureWord) ? .liang : .digit(d))
            }
            if let unit = positionUnits[position] { out.append(unit) }
            started = true
        }
        return out
    }
}

/// A value the verbaliser cannot read, with what it expected.
public enum VerbaliserError: Error, Equatable, CustomStringConvertible, Sendable {
    /// `value` is not a valid `kind`; `expected` describes the accepted form.
    case invalidValue(kind: String, value: String, expected: String)

    public var description: String {
        switch self {
        case .invalidValue(let kind, let value, let expected): "not a valid \(kind): '\(value)'; expected \(expected)"
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
    var digitValue: Int { Int(asciiValue! - 48) }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
