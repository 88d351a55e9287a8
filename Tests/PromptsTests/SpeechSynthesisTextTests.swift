import Prompts
import Testing

/// What the default-recording script feeds espeak-ng.
struct SpeechSynthesisTextTests {
    @Test(arguments: [
        ("欢迎拨打12333人力资源社会保障咨询服务热线。", "cmn", "欢迎拨打幺二三三三人力资源社会保障咨询服务热线。"),
        ("普通话请按1，粤语请按2。", "cmn", "普通话请按1，粤语请按2。"),
        ("重听请按井号键。", "cmn", " chong2 ting1 请按井号键。"),
        ("听不到您的按键，请您重拨一遍", "cmn", "听 bu2 dao4 您的按键，请您 chong2 bo1  yi2 bian4 "),
        ("重听请按井号键。", "yue", "重听请按井号键。"),
    ])
    func prepared(text: String, lang: String, expected: String) {
        #expect(SpeechSynthesisText.prepare(text, language: lang) == expected)
    }
}
