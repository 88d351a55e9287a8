import Testing

@Test func ivrPlaceholder() {
    #expect(Bool(true))
}
