public import Foundation
import WorkingDays

// The store protocol the engine talks to (conformed to by TicketStore.SQLiteTicketStore). No SQLite type here.

/// The ticket store as the engine sees it. Implementations are thread-safe; every call is one transaction.
/// Failures are thrown as ``TicketStorageError`` and not logged by the store: log `error.description` once.
public protocol TicketStoring: Sendable {
    /// Opens a ticket and stores its recording in the same step: afterwards both exist, or neither does.
    /// - Throws: ``TicketStorageError`` (disk full, read-only, …): nothing was stored.
    func openTicket(_ request: TicketRequest) throws -> TicketInfo

    /// The ticket with this number, or `nil` when there is none. Validate typed numbers with
    /// ``TicketNumber/init(validating:)`` first.
    func ticket(number: TicketNumber) throws -> TicketInfo?

    /// Stores the caller's satisfaction rating (1 satisfied, 2 basically satisfied, 3 dissatisfied; `nil` = no key).
    func recordSurvey(callID: String, score: Int?, at: Date) throws

    /// Stores the summary of a finished call.
    func recordCallSummary(_ summary: CallSummary) throws

    /// Checks an 18-character ID number (X upper-case) and a 6-digit PIN against the demo insured persons.
    /// The ID is looked up by keyed hash and the PIN compared with a slow salted hash; neither is stored or logged.
    /// Failures count per ID across calls at `now` (the call's injected clock): too many lock the ID for the day.
    func verifyIdentity(idNumber: String, pin: String, at now: Date) throws -> IdentityCheckResult
}
