public import Prompts
import WorkingDays

/// Where the session gets prompt audio: looked up by id and language at play time, so a re-recorded prompt
/// is heard on the next play. ``PromptLibrary`` (Prompts) is the implementation.
public protocol PromptResolving: AnyObject, Sendable {
    /// The samples of prompt `id` in `lang`, falling back to Mandarin and then to a neutral tone; never fails
    /// (a missing prompt is logged once by the implementation).
    /// - Returns: the 8 kHz mono samples and the language actually used.
    func audio(id: String, lang: String) -> (samples: [Int16], lang: String)
}

extension SpokenValue {
    /// The verbaliser's prompt sequence for this value.
    func promptItems(_ verbaliser: ChineseVerbaliser) throws -> [PromptItem] {
        switch self {
        case .digits(let text): return try verbaliser.digits(text)
        case .phone(let text): return try verbaliser.phone(text)
        case .businessHours(let hours):
            var items: [PromptItem] = []
            for (i, session) in hours.sessions.enumerated() {
                if i > 0 { items.append(.pause(milliseconds: 200)) }
                items += try verbaliser.time(hour: session.start.hour, minute: session.start.minute)
                items.append(ChineseWord.to.item)
                items += try verbaliser.time(hour: session.end.hour, minute: session.end.minute)
            }
            return items
        case .number(let n): return verbaliser.number(Int64(n))
        case .callers(let n): return verbaliser.count(Int64(n), .wei)
        case .months(let n): return verbaliser.count(Int64(n), .ge) + [ChineseWord.month.item]
        case .money(let fen): return verbaliser.money(fen: Int64(fen))
        case .date(let d): return try verbaliser.date(year: d.year, month: d.month, day: d.day)
        case .workdays(let n): return verbaliser.workdays(n)
        }
    }
}

extension PromptLibrary: PromptResolving {
    public func audio(id: String, lang: String) -> (samples: [Int16], lang: String) {
        let a = audio(id, language: lang)
        return (a.samples, a.language ?? lang)
    }
}
