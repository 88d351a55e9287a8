/// Text prepared for a speech synthesiser (espeak-ng) when making default recordings: runs of two or more
/// digits are spelled digit by digit the way the line reads them (12333 幺二三三三), since a synthesiser
/// would read them as a cardinal (一万两千…). Single digits ("请按1") are left to the synthesiser.
public enum SpeechSynthesisText {
    /// The synthesiser text for a manifest text.
    public static func prepare(_ text: String, verbaliser: ChineseVerbaliser = ChineseVerbaliser()) -> String {
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
        return out
    }
}
