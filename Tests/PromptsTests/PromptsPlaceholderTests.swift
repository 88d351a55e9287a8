import Prompts
import Testing

@Test func PromptsModuleBuilds() {
    #expect(Bool(true))
}
