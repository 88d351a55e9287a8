import Foundation
import IVREngine
import Logging
import PostgresNIO
import TicketStore
import WorkingDays

extension PostgresTicketStore {
    /// Files `<data>/voicemail/partial/*.wav` that no live call holds (a crash, or a message the store refused
    /// during an outage) as tickets marked recovered; the partial folder's scan quarantines unusable ones. Never
    /// throws: a failure is logged (unless `quiet`, for the periodic retry during an outage) and the file stays for
    /// the next try.
    func fileLeftovers(now: Date, quiet: Bool = false) -> RecoveryReport {
        var report = RecoveryReport()
        let scan = PartialRecording.scanLeftovers(dataDirectory: dataDirectory, logger: logger) { leftover in
            file(leftover, now: now, quiet: quiet, report: &report)
        }
        report.inProgress += scan.inProgress
        report.quarantinedPaths += scan.quarantined.map(\.path)
        report.quarantineReasons += scan.quarantined.map(\.reason)
        return report
    }

    /// One leftover; returns false when the store is unreachable (no point trying the others now).
    private func file(_ leftover: PartialRecording.Leftover, now: Date, quiet: Bool, report: inout RecoveryReport) -> Bool {
        if let partialID = leftover.sidecar?.partialID {
            switch alreadyFiled(partialID: partialID) {
            case true?:
                // The ticket committed, then the process died before the partial was removed: file it once only.
                leftover.removeAlreadyFiled(dataDirectory: dataDirectory, logger: logger)
                report.alreadyFiled += 1
                return true
            case false?:
                break
            case nil:
                return false  // the store is unreachable: retried later
            }
        }
        let request = leftover.ticketRequest(recoveredAt: timestamp(now), calendar: calendar, settings: settings)
        do {
            let ticket = try openTicket(request, recovered: true, actor: "recovery")
            report.recovered.append(ticket)
            logger.warning("\(leftover.recoveredLine(ticket))")
            return true
        } catch {
            if !quiet { logger.error("\(error); the recording \(leftover.name) stays in voicemail/partial and is retried") }
            return false
        }
    }

    /// Whether a ticket was already filed from the partial recording `partialID`; `nil` when the store cannot
    /// be asked now (the partial then stays for the next try: never filed twice, never lost).
    private func alreadyFiled(partialID: String) -> Bool? {
        do {
            return try link.query("SELECT EXISTS (SELECT 1 FROM ticket WHERE partial_id = \(partialID))")
                .first(where: { _ in true })?.decode(Bool.self) ?? false
        } catch {
            return nil
        }
    }
}
