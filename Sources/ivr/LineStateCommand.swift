import ArgumentParser
import Foundation
import Supervision
import TicketStore
import WorkingDays

/// `ivr line`: runs the line (the default, `ivr line run`) or shows and changes its state (`ivr line state`).
struct LineGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "line",
        abstract: "The live demo line: run it (default), or show and change its state (open, closed, stopped).",
        subcommands: [Line.self, LineStateCommand.self],
        defaultSubcommand: Line.self)
}

/// `ivr line state [open|closed|stopped]`: shows or changes the line's service state (norms Art. 20) through the
/// store; a running line reads it at the start of each call.
struct LineStateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Show or change the line's state: open (in service), closed (闭席) or stopped.",
        discussion: """
            The change takes effect on the next call: a closed line plays the closed announcement after the recording \
            notice and offers self-service and voice messages only (no agent); a stopped line answers no more calls \
            (a running `ivr line` ends after its current call). Each call's event log records a closed line with a \
            line_state event; every change is kept with who and when.
            Example: ivr line state closed --by zhang --note "系统维护"
            """)

    @OptionGroup var store: TicketsCommand.Options
    @Argument(help: "open, closed or stopped (none: show the state and its history).") var state: String?
    @Option(help: "The line's name.") var line = "default"
    @Option(help: "Who changes it (audit).") var by = NSUserName()
    @Option(help: "Why (audit).") var note = ""

    func validate() throws {
        if let state, LineState(rawValue: state) == nil {
            throw ValidationError("state \(state): give open, closed or stopped")
        }
    }

    func run() throws {
        let db = try store.openStore()
        if let state, let target = LineState(rawValue: state) {
            try TicketsCommand.storageFailure {
                try db.setLineState(line: line, to: target, actor: by, note: note, at: try store.instant())
            }
        }
        let current = try TicketsCommand.storageFailure { try db.lineState(line: line) }
        print("line \(line): \(current.state.rawValue) (\(current.state.chinese))" + (current.since.isEmpty ? "" : " since \(current.since) by \(current.actor)")
              + (current.note.isEmpty ? "" : ": \(current.note)"))
        if state == nil {
            for h in try TicketsCommand.storageFailure({ try db.lineStateHistory(line: line) }) {
                print("  \(h.since)\t\(h.state.rawValue)\t\(h.actor)\t\(h.note)")
            }
        }
    }
}
