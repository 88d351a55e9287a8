/// Text prepared for a speech synthesiser (espeak-ng) when making default recordings.
///
/// - Runs of two or more digits are spelled digit by digit the way the line reads them (12333 幺二三三三);
///   a synthesiser would read a cardinal (一万两千…). Single digits ("请按1") are left as they are.
/// - Mandarin: words espeak-ng's dictionary reads with the wrong tone or reading (重听 zhòng, 为准 wèi, 处理 chù …)
///   and the tone sandhi of 一 and 不 it does not apply are given as pinyin, which the `cmn-latn-pinyin`
///   voice reads as pinyin.
public enum SpeechSynthesisText {
    /// Mandarin words given to the synthesiser as pinyin (tone numbers).
    public static let mandarinReadings: [(word: String, pinyin: String)] = [
        ("重听", "chong2 ting1"), ("重新", "chong2 xin1"), ("重拨", "chong2 bo1"), ("重录", "chong2 lu4"),
        ("调解", "tiao2 jie3"), ("为准", "wei2 zhun3"), ("处理", "chu3 li3"), ("累计", "lei3 ji4"), ("得到", "de2 dao4"),
        ("一遍", "yi2 bian4"), ("一下", "yi2 xia4"), ("一部", "yi2 bu4"), ("一年", "yi4 nian2"), ("一级", "yi4 ji2"),
        ("不是", "bu2 shi4"), ("不便", "bu2 bian4"), ("不要", "bu2 yao4"), ("不到", "bu2 dao4"),
    ]

    /// The synthesiser text for a manifest text in `language`.
    public static func prepare(_ text: String, language: String = PromptID.defaultLanguage,
                               verbaliser: ChineseVerbaliser = ChineseVerbaliser()) -> String {
        var out = ""
        var run = ""
        func flush() {
            if run.count >= 2, let spoken = try? verbaliser.digits(run).text { out += spoken } else { out += run }
            run = ""
        }
        for c in text {
            if c.isASCIIDigit { run.append(c) } else { flush(); out.append(c) }
        }
        flush()
        if language == PromptID.defaultLanguage {
            for (word, pinyin) in mandarinReadings { out = out.replacing(word, with: " \(pinyin) ") }
        }
        return out
    }
}
