public import ArgumentParser
import Foundation
import IVREngine
import Logging
import TicketStore
import WorkingDays

extension TicketStatus: ExpressibleByArgument {}

/// `ivr tickets …`: the operator's view of the ticket store (list, show, answer, close, export, overdue check).
struct TicketsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tickets",
        abstract: "List, inspect, answer, close and export voicemail/complaint/document tickets.",
        discussion: """
            Tickets live in DIR/ivr.sqlite (--data, else $IVR_DATA, else ./var); recordings in DIR/voicemail/YYYY/MM/DD/<number>.wav.
            Opening the store recovers recordings left by a crash. Ticket numbers end with a check digit.
            Exit codes: 0 ok, 1 overdue tickets exist (`overdue`), 2 no such ticket or a mistyped number,
            6 the data folder cannot be read or written.
            """,
        subcommands: [List.self, Show.self, Close.self, Answered.self, Export.self, Overdue.self]
    )

    /// Options every tickets subcommand takes.
    struct Options: ParsableArguments {
        @OptionGroup var files: FileOptions
        @OptionGroup var storeOption: StoreOption
        @Option(name: .long, help: ArgumentHelp("'Now' for overdue and audit stamps, ISO 8601 (default: the clock).", valueName: "ISO8601"))
        var now: String?
        @Option(name: .customLong("calendar"), help: ArgumentHelp("Folder of YYYY.yaml holiday calendars and business-hours.yaml (default: <prompts>/calendar).", valueName: "DIR"))
        var calendarOption: String?

        /// The data folder.
        var data: String { files.dataDirectory }
        /// The calendar folder.
        var calendar: String { calendarOption ?? files.promptsDirectory + "/calendar" }

        func validate() throws {
            try files.reject(overlay: true, because: "tickets do not use the menu")
        }

        /// The injected clock's value.
        func instant() throws -> Date {
            guard let now else { return Date() }
            guard let parsed = LocalDateTime.parse(now) else {
                throw ValidationError("--now \(now): not an ISO 8601 date-time such as 2025-10-01T09:00:00+08:00")
            }
            return parsed.instant
        }

        /// Opens the store (recovering crash leftovers), logging to stderr.
        func openStore() throws -> any ManagedTicketStore {
            let logger = Logger(label: "ivr.tickets") { StreamLogHandler.standardError(label: $0) }
            var cal = WorkingDayCalendar.mondayToFriday
            var settings = CalendarSettings()
            do {
                cal = try WorkingDayCalendar.load(directory: calendar)
                let hours = calendar + "/business-hours.yaml"
                if FileManager.default.fileExists(atPath: hours) { settings = try CalendarSettings.load(path: hours) }
            } catch {
                printError("\(error); due dates of recovered tickets fall back to Monday-Friday")
            }
            do {
                return try StoreOpening.open(store: storeOption.resolved, data: data, calendar: cal, settings: settings,
                                             now: try instant(), logger: logger)
            } catch let e as TicketStorageError {
                printError(e.description)
                throw ExitCode(ExitCodes.storage)
            }
        }

        /// Today in the store's local time.
        func today(_ store: any ManagedTicketStore) throws -> CivilDate {
            store.settings.localDateTime(at: try instant()).date
        }
    }

    /// Parses a typed ticket number, rejecting a wrong check digit before any lookup.
    static func parseNumber(_ text: String) throws -> TicketNumber {
        guard let n = TicketNumber(validating: text) else {
            printError("ticket number \(text) is not valid (digits with a check digit, e.g. 100017); check for a typo")
            throw ExitCode(ExitCodes.notFound)
        }
        return n
    }

    static func storageFailure<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as TicketStorageError {
            printError(e.description)
            throw ExitCode(ExitCodes.storage)
        }
    }
}

extension WorkingDayCalendar {
    /// A calendar without holiday data: Monday–Friday working days (with warnings for every year).
    static var mondayToFriday: WorkingDayCalendar { try! WorkingDayCalendar(years: [], holidays: []) }
}

/// One ticket as JSON / table text.
struct TicketView: Encodable {
    var number, id, kind, status: String
    var overdue: Bool
    var caller: String?
    var created_at, due_date: String
    var recording_path: String?
    var menu_path: [String]
    var details: [String: String]
    var recovered: Bool

    init(_ t: TicketInfo, today: CivilDate, store: any ManagedTicketStore) {
        number = t.number.digits
        id = t.id.uuidString
        kind = t.kind.rawValue
        status = t.status.rawValue
        overdue = t.isOverdue(today: today)
        caller = t.callerNumber
        created_at = store.settings.localDateTime(at: t.createdAt).iso8601
        due_date = t.dueDate.description
        recording_path = t.recordingPath
        menu_path = t.menuPath
        details = t.details
        recovered = t.recovered
    }

    var row: String {
        let st = overdue ? "overdue" : status
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(1, n - s.count)) }
        return pad(number, 9) + pad(kind, 10) + pad(st, 9) + pad(due_date, 12) + pad(created_at, 27) + pad(caller ?? "-", 14)
            + (recording_path ?? "-") + (recovered ? " (recovered)" : "")
    }

    static let header = "NUMBER   KIND      STATUS   DUE         CREATED                    CALLER        RECORDING"
}

func jsonText(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
}

extension TicketsCommand {
    /// `ivr tickets list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List tickets, oldest first.")
        @OptionGroup var options: Options
        @Option(help: "Only tickets with this status: open, answered or closed.") var status: TicketStatus?
        @Flag(help: "Only open tickets past their due date (as of --now).") var overdue = false
        @Flag(help: "Print a JSON array instead of a table.") var json = false

        func run() throws {
            let store = try options.openStore()
            let today = try options.today(store)
            let list = try TicketsCommand.storageFailure { try store.tickets(status: status, overdueOn: overdue ? today : nil) }
            let views = list.map { TicketView($0, today: today, store: store) }
            if json {
                print(jsonText(views))
            } else {
                print(TicketView.header)
                views.forEach { print($0.row) }
                print("\(views.count) ticket(s)")
            }
        }
    }

    /// `ivr tickets show NUMBER`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one ticket and its audit trail.")
        @OptionGroup var options: Options
        @Argument(help: "The ticket number, check digit included.") var number: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let n = try TicketsCommand.parseNumber(number)
            let store = try options.openStore()
            guard let t = try TicketsCommand.storageFailure({ try store.ticket(number: n) }) else {
                printError("no ticket \(n) in \(options.data)")
                throw ExitCode(ExitCodes.notFound)
            }
            let view = TicketView(t, today: try options.today(store), store: store)
            let trail = try TicketsCommand.storageFailure { try store.auditTrail(number: n) }
            if json { print(jsonText(view)); return }
            print("ticket    \(view.number)  (\(view.id))")
            print("kind      \(view.kind)")
            print("status    \(view.status)\(view.overdue ? " (overdue)" : "")")
            print("due       \(view.due_date)")
            print("created   \(view.created_at)")
            print("caller    \(view.caller ?? "unknown")")
            print("path      \(view.menu_path.joined(separator: " > "))")
            print("recording \(view.recording_path ?? "-")\(view.recovered ? " (recovered after a crash)" : "")")
            for (k, v) in view.details.sorted(by: { $0.key < $1.key }) { print("detail    \(k): \(v)") }
            print("history")
            for e in trail {
                print("  \(e.at)  \(e.from?.rawValue ?? "-") -> \(e.to.rawValue)  by \(e.actor)\(e.note.isEmpty ? "" : ": \(e.note)")")
            }
        }
    }

    /// Shared body of `close` and `answered`.
    static func change(_ options: Options, _ number: String, to status: TicketStatus, note: String, by actor: String) throws {
        let n = try parseNumber(number)
        let store = try options.openStore()
        guard let t = try storageFailure({ try store.setStatus(number: n, to: status, note: note, actor: actor, at: try options.instant()) }) else {
            printError("no ticket \(n) in \(options.data)")
            throw ExitCode(ExitCodes.notFound)
        }
        print("\(t.number) \(t.status.rawValue)")
    }

    /// `ivr tickets close NUMBER --note TEXT`.
    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "close", abstract: "Close a ticket (recorded in its audit trail).")
        @OptionGroup var options: Options
        @Argument(help: "The ticket number.") var number: String
        @Option(help: "Why it is closed.") var note: String
        @Option(help: "Who closes it.") var by = ProcessInfo.processInfo.environment["USER"] ?? "operator"
        func run() throws { try TicketsCommand.change(options, number, to: .closed, note: note, by: by) }
    }

    /// `ivr tickets answered NUMBER --note TEXT`.
    struct Answered: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "answered", abstract: "Mark a ticket answered (the caller got the reply).")
        @OptionGroup var options: Options
        @Argument(help: "The ticket number.") var number: String
        @Option(help: "How the caller was answered.") var note: String
        @Option(help: "Who answered.") var by = ProcessInfo.processInfo.environment["USER"] ?? "operator"
        func run() throws { try TicketsCommand.change(options, number, to: .answered, note: note, by: by) }
    }

    /// `ivr tickets export --csv`.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "Export every ticket to standard output.")
        @OptionGroup var options: Options
        @Flag(help: "CSV (RFC 4180, UTF-8, header line).") var csv = false

        func validate() throws {
            guard csv else { throw ValidationError("choose a format: --csv") }
        }

        func run() throws {
            let store = try options.openStore()
            let today = try options.today(store)
            let text = try TicketsCommand.storageFailure { try store.exportCSV(today: today) }
            try? FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
        }
    }

    /// `ivr tickets overdue`: for cron.
    struct Overdue: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "overdue",
            abstract: "List open tickets past their due date; exit 1 when there is any (for cron).")
        @OptionGroup var options: Options

        func run() throws {
            let store = try options.openStore()
            let today = try options.today(store)
            let late = try TicketsCommand.storageFailure { try store.tickets(overdueOn: today) }
            guard !late.isEmpty else {
                print("no overdue tickets on \(today)")
                return
            }
            print(TicketView.header)
            late.forEach { print(TicketView($0, today: today, store: store).row) }
            print("\(late.count) overdue ticket(s) on \(today)")
            throw ExitCode(ExitCodes.overdue)
        }
    }
}
