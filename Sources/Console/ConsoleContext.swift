public import Hummingbird
public import NIOCore
public import TicketStore

/// The request context of the console: the logged-in staff member (if any) and the client's address.
public struct ConsoleContext: RequestContext {
    /// Hummingbird's storage.
    public var coreContext: CoreRequestContextStorage
    /// The session of the logged-in staff member, set by ``SessionMiddleware``.
    public var session: StaffSessionRecord?
    /// The client address (login throttling).
    public let remoteAddress: SocketAddress?

    /// A context for one request.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address as text, or `local` when unknown (tests).
    var clientAddress: String { remoteAddress?.ipAddress ?? "local" }
}
