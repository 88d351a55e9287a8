import IVREngine
import Testing

@Test func smokeWelcomeToMain() {
    var call = CallDriver.answered()
    call.answer("12")
    call.playAll()
    print(call.jsonl)
}
