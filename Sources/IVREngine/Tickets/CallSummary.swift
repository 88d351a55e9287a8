public import Foundation
import WorkingDays

/// What the engine stores at the end of a call.
public struct CallSummary: Sendable, Hashable {
    /// The call id (as in `events.jsonl`).
    public var callID: String
    /// The caller's number, `nil` when unknown.
    public var callerNumber: String?
    /// When the call was answered.
    public var startedAt: Date
    /// Duration in seconds (counted in samples by the engine).
    public var durationSeconds: Double
    /// The last node id before hangup.
    public var lastNode: String
    /// `caller` or `line`.
    public var hangupBy: String
    /// Why the call ended (e.g. `goodbye`, `noinput`, `hangup`).
    public var hangupReason: String
    /// Ticket numbers opened during the call.
    public var ticketNumbers: [TicketNumber]

    /// Creates a value.
    public init(callID: String, callerNumber: String?, startedAt: Date, durationSeconds: Double, lastNode: String,
                hangupBy: String, hangupReason: String, ticketNumbers: [TicketNumber] = []) {
        self.callID = callID
        self.callerNumber = callerNumber
        self.startedAt = startedAt
        self.durationSeconds = durationSeconds
        self.lastNode = lastNode
        self.hangupBy = hangupBy
        self.hangupReason = hangupReason
        self.ticketNumbers = ticketNumbers
    }
}
