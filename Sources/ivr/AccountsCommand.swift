import ArgumentParser
import Foundation
import IVREngine
import TicketStore

/// `ivr accounts …`: the identity-check lockout for operators (unlock, audit trail).
struct AccountsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts",
        abstract: "Lift a PIN lockout and read an ID's identity-check audit trail.",
        discussion: """
            An ID with \(SQLiteTicketStore.pinFailureLimit) failed PIN checks within 24 hours (any calls) is locked \
            until the next local day; an ID that no person has is counted and locked the same way. Every check, \
            lock and unlock is kept in the audit trail (by keyed hash: the ID itself is never stored). \
            ID numbers are printed masked.
            """,
        subcommands: [Unlock.self, Audit.self]
    )

    /// Parses an ID number typed by an operator (x or X for the check character).
    static func parseID(_ text: String) throws -> String {
        guard let id = ChineseIDNumber.normalized(text.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("ID number \(ChineseIDNumber.masked(text)): not 17 digits and a valid check character; check for a typo")
        }
        return id
    }

    /// `ivr accounts unlock ID`.
    struct Unlock: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "unlock", abstract: "Lift the lock on an ID and start its failure count again (audited).")
        @OptionGroup var options: TicketsCommand.Options
        @Argument(help: "The ID number (18 characters).") var id: String
        @Option(help: "Why (kept in the audit trail).") var note = ""
        @Option(help: "Who unlocks.") var by = ProcessInfo.processInfo.environment["USER"] ?? "operator"

        func validate() throws { _ = try AccountsCommand.parseID(id) }

        func run() throws {
            let idNumber = try AccountsCommand.parseID(id)
            let store = try options.openStore()
            let now = try options.instant()
            let wasLocked = try TicketsCommand.storageFailure {
                try store.unlockIdentity(idNumber: idNumber, actor: by, note: note, at: now)
            }
            print("\(ChineseIDNumber.masked(idNumber)) \(wasLocked ? "unlocked" : "was not locked; failure count reset")")
        }
    }

    /// `ivr accounts audit ID`.
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "audit", abstract: "Print an ID's identity-check audit trail, oldest first.")
        @OptionGroup var options: TicketsCommand.Options
        @Argument(help: "The ID number (18 characters).") var id: String

        func validate() throws { _ = try AccountsCommand.parseID(id) }

        func run() throws {
            let idNumber = try AccountsCommand.parseID(id)
            let store = try options.openStore()
            let trail = try TicketsCommand.storageFailure { try store.identityAudit(idNumber: idNumber) }
            let lockedUntil = try TicketsCommand.storageFailure { try store.identityLockedUntil(idNumber: idNumber, at: try options.instant()) }
            for e in trail {
                let until = e.lockedUntil.map { " until \($0)" } ?? ""
                print("\(e.at)  \(e.event.rawValue)\(until)  by \(e.actor)\(e.note.isEmpty ? "" : ": \(e.note)")")
            }
            print("\(ChineseIDNumber.masked(idNumber)): \(trail.count) event(s); " + (lockedUntil == nil ? "not locked" : "locked"))
        }
    }
}
