import AudioIO
import Testing

@Test func AudioIOModuleBuilds() {
    #expect(Bool(true))
}
