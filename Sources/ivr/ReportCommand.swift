import ArgumentParser
import Foundation
import Supervision
import TicketStore
import WorkingDays

/// `ivr report`: the service report of a period (norms Art. 12, 38) as text, JSON and a self-contained HTML page.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The service report of a period: volumes, topics, containment, menu nodes, agents, satisfaction, tickets, QA.",
        discussion: """
            Reads the call index (filled by `ivr call`, `ivr line` and `ivr calls import`), the tickets and the QA scores \
            of --data. Prints a short summary; --json and --html write the full figures. "Overdue now" is judged on the \
            day of --now (default: today).
            Example: ivr report --from 2025-09-01 --to 2025-09-30 --html report.html --json report.json
            """)

    @OptionGroup var store: TicketsCommand.Options
    @Option(help: ArgumentHelp("First day, YYYY-MM-DD.", valueName: "DATE")) var from: String
    @Option(help: ArgumentHelp("Last day (inclusive), YYYY-MM-DD.", valueName: "DATE")) var to: String
    @Option(help: ArgumentHelp("Write the HTML page here.", valueName: "FILE")) var html: String?
    @Option(help: ArgumentHelp("Write the JSON figures here.", valueName: "FILE")) var json: String?
    @Option(help: "The hotline's name in the page title.") var hotline = "12333 人力资源社会保障咨询服务热线"

    func validate() throws {
        guard let a = CivilDate(iso: from), let b = CivilDate(iso: to) else {
            throw ValidationError("--from/--to: write dates as YYYY-MM-DD, e.g. --from 2025-09-01 --to 2025-09-30")
        }
        guard a <= b else { throw ValidationError("--from \(from) is after --to \(to)") }
    }

    func run() throws {
        let db = try store.openStore()
        let figures = try TicketsCommand.storageFailure {
            try SupervisionReading.figures(store: db, from: CivilDate(iso: from)!, through: CivilDate(iso: to)!, today: try store.today(db))
        }
        if let json { try SupervisionReading.write(try figures.jsonData(), to: json) }
        if let html { try SupervisionReading.write(Data(figures.html(hotline: hotline).utf8), to: html) }
        print(SupervisionReading.summary(figures))
    }
}

/// The reading side shared by `ivr report`, `ivr qa` and `ivr calls` (and, later, the console's composition root).
enum SupervisionReading {
    /// The supervision use cases over the store (SQLite in --data, or PostgreSQL with --store).
    static func service(_ store: any ManagedTicketStore) -> SupervisionService {
        SupervisionService(store: store, calendar: store.calendar, dataDirectory: store.dataDirectory)
    }

    /// Computes the figures of a period from the store.
    static func figures(store: any ManagedTicketStore, from: CivilDate, through: CivilDate, today: CivilDate) throws -> ReportFigures {
        try service(store).report(from: from, through: through, today: today)
    }

    /// Writes a report file owner-only and atomically, or exits 3 with one line naming the file.
    static func write(_ data: Data, to path: String) throws {
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            chmod(path, 0o600)
        } catch {
            printError("\(path): cannot write the report: \(error.localizedDescription); check the folder exists and is writable")
            throw ExitCode(ExitCodes.audioFile)
        }
    }

    /// A few lines for the terminal.
    static func summary(_ f: ReportFigures) -> String {
        var lines = ["report \(f.from) … \(f.through): \(f.calls) calls, \(f.contained) contained, \(f.agent.requests) agent requests"]
        lines.append("survey: 1=\(f.survey.satisfied) 2=\(f.survey.basicallySatisfied) 3=\(f.survey.dissatisfied) unrated=\(f.survey.unrated)")
        lines.append("tickets: " + f.tickets.map { "\($0.kind) \($0.opened) opened, \($0.overdue) overdue" }.joined(separator: "; "))
        lines.append("qa: \(f.qa.scored) scored" + (f.qa.mean.map { String(format: ", mean %.2f", $0) } ?? ""))
        return lines.joined(separator: "\n")
    }
}
