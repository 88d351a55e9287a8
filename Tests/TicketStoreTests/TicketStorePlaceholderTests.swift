import TicketStore
import Testing

@Test func TicketStoreModuleBuilds() {
    #expect(Bool(true))
}
