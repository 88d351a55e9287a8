import FileSafety
import AudioIO
import Logging
import WorkingDays

/// The store requests of a call: tickets, the identity check, account items, ticket lookups.
extension CallSession {
    func dueDate(for kind: TicketKind) -> (DueDate, Int) {
        let days = services.calendarSettings.replyWorkingDays(for: kind.rawValue)
        let due = services.calendar.dueDate(from: now, workingDays: days, businessHours: services.calendarSettings.businessHours)
        for warning in due.warnings { logger.warning("\(warning)") }
        return (due, days)
    }

    /// Opens the ticket the machine asked for (``CallAction/openTicket(kind:node:details:recordingSeconds:menuPath:)``),
    /// completed with the call's facts; `recorded`: the last message is its recording.
    func openTicket(kind: TicketKind, details: [String: String], recorded: Bool) -> StoreResult {
        guard let store = services.store else {
            logger.error("no ticket store is open\(keepPartialForRecovery())")
            return .failure("no ticket store")
        }
        let (due, days) = dueDate(for: kind)
        var recording: TicketRecording?
        let dir = services.dataDirectory
        if recorded {
            // The trimmed message replaces the streamed partial file (the store receives finished files only and
            // moves it into place in the same step as the ticket row). If that write fails, the streamed partial
            // (when there is one) stays for recovery at the next start.
            let partial = PartialRecording.audioPath(dataDirectory: dir, callID: callID)
            do {
                try SoundFile.writeWAV(lastMessage, to: partial)
            } catch let error as AudioFileError {
                let full = DurableFiles.volumeIsFull(PartialRecording.folder(dataDirectory: dir))
                let failure = TicketStorageError(full ? .diskFull : .failure, path: error.path,
                                                 message: "cannot write the recording: \(error.message) (no ticket was opened)")
                logger.error("\(failure)\(keepPartialForRecovery())")
                return .failure("\(failure)")
            } catch {
                logger.error("\(error)\(keepPartialForRecovery())")
                return .failure("\(error)")
            }
            recording = .file(path: partial)
        }
        let request = TicketRequest(kind: kind, callerNumber: caller, menuPath: path,
                                    createdAt: now.instant,
                                    dueDate: due.date, recording: recording, details: details, callID: callID,
                                    partialID: lease != nil ? partialID : nil)
        do {
            let info = try store.openTicket(request)
            tickets.append(info.number.digits)
            lease?.release()
            lease = nil
            if let fault = partialFault {
                logger.warning("ticket \(info.number) stored, but its message was not protected against a crash while recording: \(fault)")
                partialFault = nil
            }
            return .ticketOpened(number: info.number, due: info.dueDate, workdays: days)
        } catch {
            logger.error("\(error)\(keepPartialForRecovery())")
            return .failure("\(error)")
        }
    }

    /// A message that could not become a ticket stays in `voicemail/partial` with its sidecar, and the next
    /// start of the store recovers it: never silently dropped.
    /// - Returns: the clause to add to the operator's log line ("" when no message was recorded).
    func keepPartialForRecovery() -> String {
        guard lease != nil else { return "" }
        lease?.release()
        lease = nil
        return "; call \(callID)'s message is kept in \(PartialRecording.folder(dataDirectory: services.dataDirectory)) and becomes a ticket when the store takes it (within 5 s on PostgreSQL; on SQLite at the next start of a line or store)"
    }

    func verify(_ credentials: IdentityCredentials) -> StoreResult {
        guard let store = services.store else { return .failure("no ticket store") }
        do {
            let check = try store.verifyIdentity(idNumber: credentials.idNumber, pin: credentials.pin, at: now.instant)
            if case .verified(let facts) = check { verifiedAccount = facts }
            return .identity(check)
        } catch {
            logger.error("identity check failed: \(error)")
            return .failure("identity store")
        }
    }

    func account(_ item: AccountItem) -> StoreResult {
        guard let facts = verifiedAccount else { return .failure("not verified") }
        switch item {
        case .pension: return .account(.pension(months: facts.pensionContributionMonths, balanceFen: Int(facts.pensionBalanceFen)))
        case .medical: return .account(.medical(balanceFen: Int(facts.medicalBalanceFen)))
        case .status: return .account(.status(facts.status))
        }
    }

    func lookup(_ number: TicketNumber) -> StoreResult {
        guard let store = services.store else { return .failure("no ticket store") }
        do {
            guard let info = try store.ticket(number: number) else { return .ticketNotFound }
            return .ticketStatus(info.status, due: info.dueDate)
        } catch {
            logger.error("ticket lookup failed: \(error)")
            return .failure("ticket store")
        }
    }
}
