/// The forbidden-wording lint of Annex 2 of the service norms (服务禁忌用语): no prompt text may contain the
/// listed phrases or their obvious variants (您 for 你, other punctuation or particles, traditional characters),
/// nor be a rude command.
public enum ForbiddenWording {
    /// The six classes of Annex 2, plus rude commands.
    public enum Category: String, Sendable, CaseIterable {
        case nonStandard = "non-standard"
        case blaming
        case shirking
        case mocking = "mocking or provoking"
        case lecturing = "rhetorical or lecturing"
        case insulting
        case rudeCommand = "rude command"
    }

    /// One forbidden phrase found in a text.
    public struct Finding: Equatable, Sendable, CustomStringConvertible {
        /// The Annex 2 class.
        public let category: Category
        /// The forbidden phrase (normalised form) that matched.
        public let phrase: String
        public var description: String { "forbidden wording (\(category.rawValue)): '\(phrase)'" }
    }

    /// Forbidden phrases per class, in normalised form (see ``normalise(_:)``): the Annex 2 examples and the
    /// variants a prompt writer could slip into.
    static let phrases: [(Category, [String])] = [
        (.nonStandard, ["什么事呀", "什么事啊", "什么事啦", "啥事", "干什么", "干嘛", "搞什么"]),
        (.blaming, ["你烦不烦", "烦不烦", "烦死了", "有完没完", "怎么搞的", "你怎么回事", "你到底想"]),
        (.shirking, ["你问我我问谁", "我问谁", "我怎么知道", "我哪知道", "不归我管", "不关我的事", "不关我事",
                     "不是我负责", "找别人去", "问别人去", "我不管", "跟我没关系", "与我无关"]),
        (.mocking, ["你去投诉", "去投诉好了", "投诉好了", "随便你投诉", "爱找谁找谁", "有本事你", "你告去吧", "随你便"]),
        (.lecturing, ["你还没懂", "还没懂", "还不懂", "听不懂吗", "没听清楚吗", "不是跟你说过", "不是告诉过你",
                      "说了多少遍", "我不是说了吗", "你怎么还不明白", "这还用问"]),
        (.insulting, ["怎么基本常识都不懂", "基本常识都不懂", "常识都不懂", "连这都不懂", "这都不懂", "你笨", "真笨",
                      "你傻", "白痴", "有病", "没文化"]),
        (.rudeCommand, ["快点", "赶紧", "闭嘴", "听好了", "少啰嗦", "别啰嗦", "别问了", "等着吧"]),
    ]

    /// Traditional and variant characters folded to the simplified forms the phrases use.
    static let folds: [Character: Character] = [
        "您": "你", "妳": "你", "祢": "你", "麽": "么", "麼": "么", "嗎": "吗", "問": "问", "誰": "谁", 
        "沒": "没", "說": "说", "還": "还", "聽": "听", "識": "识", "訴": "诉", "関": "关", "關": "关",
        "這": "这", "幹": "干", "甚": "什", "別": "别", "會": "会", "處": "处", "負": "负", "責": "责", "煩": "烦",
    ]

    /// Folds `text` for matching: traditional/variant characters to simplified, 您 to 你, and drops
    /// punctuation, spaces and the fillers 呀/啊/啦/吧/哦 between words (so "你问我，我问谁？" matches).
    public static func normalise(_ text: String) -> String {
        var out = ""
        for c in text {
            if c.isPunctuation || c.isWhitespace || c.isSymbol { continue }
            out.append(folds[c] ?? c)
        }
        return out
    }

    /// The forbidden phrases in `text`, each reported once.
    public static func findings(in text: String) -> [Finding] {
        let folded = normalise(text)
        var stripped = folded
        stripped.removeAll { "呀啊啦哦".contains($0) }
        var out: [Finding] = []
        for (category, list) in phrases {
            for phrase in list where folded.contains(phrase) || stripped.contains(phrase) {
                if !out.contains(where: { phrase.contains($0.phrase) || $0.phrase.contains(phrase) }) {
                    out.append(Finding(category: category, phrase: phrase))
                }
            }
        }
        // 喂 as a greeting or call (喂！/喂，), but not in words such as 喂养 or 喂奶 (maternity policy).
        let chars = Array(folded)
        for (i, c) in chars.enumerated() where c == "喂" {
            let next = i + 1 < chars.count ? chars[i + 1] : nil
            if next == nil || !"养奶食药".contains(next!) {
                out.append(Finding(category: .nonStandard, phrase: "喂"))
                break
            }
        }
        return out
    }
}
