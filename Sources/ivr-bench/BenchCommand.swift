import ArgumentParser
import Foundation

/// `ivr-bench`: benchmarks and load tools that write data. They are not part of the shipped `ivr` command:
/// each works only in a folder it owns (a fresh temporary folder, or an empty or absent one it marks as its own),
/// so an operator's data folder can never be deleted or filled with test tickets.
@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ivr-bench",
        abstract: "Benchmarks of the ticket store, the PIN check, the prompt layer and the call session, a call-index generator, the console, the shared PostgreSQL store, and a ticket load tool (never on live data).",
        subcommands: [TicketsBench.self, TicketsStress.self, PromptsBench.self, SessionBench.self, PINBench.self, CallsBench.self, ConsoleBench.self, StoreBench.self]
    )
}

/// Prints one line to standard error.
func printError(_ line: String) {
    try? FileHandle.standardError.write(contentsOf: Data(("ivr-bench: " + line + "\n").utf8))
}

/// Exit code when the folder given is not the bench's own (it holds data).
let foreignFolderExit: Int32 = 7
