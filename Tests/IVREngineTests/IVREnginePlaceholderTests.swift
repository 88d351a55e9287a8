import IVREngine
import Testing

@Test func IVREngineModuleBuilds() {
    #expect(Bool(true))
}
