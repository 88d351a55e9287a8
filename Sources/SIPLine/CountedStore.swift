import Foundation
import IVREngine

/// The line's view of the ticket store: every request passes through to the store, and every failure (an open,
/// commit or lookup error, or no store at all because it did not open at start) is counted in
/// `ivr_store_errors_total` before the session hears it and takes its apology path.
struct CountedStore: TicketStoring {
    /// The store; nil while it has not opened (every request then fails, and is counted).
    let inner: (any TicketStoring)?
    /// The data folder (named in the error when there is no store).
    let dataDirectory: String
    let metrics: LineMetrics

    private func counted<T>(_ body: (any TicketStoring) throws -> T) throws -> T {
        guard let inner else {
            metrics.storeError()
            throw TicketStorageError(.failure, path: dataDirectory,
                                     message: "the ticket store is not open (see the error line from the start); the line opens it again every 5 s")
        }
        do { return try body(inner) } catch {
            metrics.storeError()
            throw error
        }
    }

    func openTicket(_ request: TicketRequest) throws -> TicketInfo { try counted { try $0.openTicket(request) } }
    func ticket(number: TicketNumber) throws -> TicketInfo? { try counted { try $0.ticket(number: number) } }
    func recordSurvey(callID: String, score: Int?, at: Date) throws {
        try counted { try $0.recordSurvey(callID: callID, score: score, at: at) }
    }
    func recordCallSummary(_ summary: CallSummary) throws { try counted { try $0.recordCallSummary(summary) } }
    func verifyIdentity(idNumber: String, pin: String, at now: Date) throws -> IdentityCheckResult {
        try counted { try $0.verifyIdentity(idNumber: idNumber, pin: pin, at: now) }
    }
}
