import ArgumentParser

/// The `ivr` command line: the composition root of the engine.
@main
struct IVRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ivr",
        abstract: "A 12333-style IVR engine: DTMF detection, the national menu, voicemail tickets.",
        version: "0.1.0",
        subcommands: [LineGroup.self, Serve.self, Call.self, Batch.self, Detect.self, Gen.self, PromptsCommand.self, TicketsCommand.self, AccountsCommand.self,
                      ReportCommand.self, CallsCommand.self, QACommand.self, ConsoleCommand.self,
                      Devices.self, Play.self, Record.self, Convert.self]
    )
}
