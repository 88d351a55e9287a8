package import Hummingbird
package import NIOCore
package import TicketStore

/// The request context of the console: the logged-in staff member (if any) and the client's address.
package struct ConsoleContext: RequestContext {
    /// Hummingbird's storage.
    package var coreContext: CoreRequestContextStorage
    /// The session of the logged-in staff member, set by ``SessionMiddleware``.
    package var session: StaffSessionRecord?
    /// The client address (login throttling).
    package let remoteAddress: SocketAddress?

    /// A context for one request.
    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address as text, or `local` when unknown (tests).
    var clientAddress: String { remoteAddress?.ipAddress ?? "local" }
}
