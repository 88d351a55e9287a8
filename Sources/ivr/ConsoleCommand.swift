import ArgumentParser
import Console
import Foundation
import IVREngine
import Logging
import TicketStore

/// `ivr console`: the staff web console (serve, the default) and its accounts (`adduser`).
struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "The staff web console: work queue, tickets, prompts, accounts (http://127.0.0.1:8333 by default).",
        discussion: """
            Staff log in with accounts made by `ivr console adduser NAME --role 咨询员|监督员|管理员`.
            With --store postgres://… (or IVR_STORE) the console works on the store shared by several `ivr serve` \
            nodes: it sees every node's tickets, plays their messages from the database, and keeps staff, \
            sessions and the listen audit there; without it, on SQLite in --data.
            The console binds to loopback by default; to serve other hosts, put a TLS proxy in front of it
            (session cookies are marked Secure).
            """,
        subcommands: [Serve.self, AddUser.self],
        defaultSubcommand: Serve.self
    )

    /// Exit code when the address cannot be bound or the server fails.
    static let serverFailure: Int32 = 8

    /// `ivr console [serve]`.
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the console (the default).")
        @OptionGroup var options: TicketsCommand.Options
        @Option(help: ArgumentHelp("Address and port to listen on.", valueName: "HOST:PORT")) var listen = "127.0.0.1:8333"
        @Option(help: "The hotline's name shown on every page.") var hotline = "12333 人力资源社会保障咨询服务热线"

        func validate() throws {
            _ = try address()
        }

        func address() throws -> (host: String, port: Int) {
            guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
                  (1...65535).contains(port), colon != listen.startIndex else {
                throw ValidationError("--listen \(listen): use HOST:PORT, e.g. 127.0.0.1:8333")
            }
            var host = String(listen[..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            return (host, port)
        }

        func run() throws {
            let store = try options.openStore()
            var config = ConsoleConfiguration()
            (config.host, config.port) = try address()
            // --prompts comes from the shared FileOptions (a second --prompts here failed ArgumentParser's validation).
            config.promptsDirectory = options.files.promptsDirectory
            config.hotlineName = hotline
            if options.now != nil {
                // --now sets the console's clock at start; it runs on from there (for demos and screenshots).
                let start = try options.instant(), started = Date()
                config.now = { start.addingTimeInterval(Date().timeIntervalSince(started)) }
            }
            let console = try Console(store: store, configuration: config)
            if try TicketsCommand.storageFailure({ try store.staffAccounts().isEmpty }) {
                let place = options.storeOption.resolved != nil ? "--store \(store.location)" : "--data \(options.data)"
                print("No staff accounts yet. Create the first one with:  ivr console adduser NAME --role 管理员 \(place)")
            }
            print("Store: \(store.location)")
            if !["127.0.0.1", "::1", "localhost"].contains(config.host) {
                print("Listening on \(config.host), not loopback: serve it only behind a TLS proxy (session cookies are Secure).")
            }
            print("Staff console on http://\(config.host.contains(":") ? "[\(config.host)]" : config.host):\(config.port)/  (Ctrl-C stops it)")
            let logger = Logger(label: "ivr.console") { StreamLogHandler.standardError(label: $0) }
            let failure = ConsoleCommand.runBlocking { try await console.run(logger: logger) }
            if let failure {
                printError("console: \(failure) (is \(listen) free and allowed?)")
                throw ExitCode(ConsoleCommand.serverFailure)
            }
        }
    }

    /// `ivr console adduser NAME --role R`.
    struct AddUser: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "adduser",
            abstract: "Create a staff account; the password is read from standard input (or asked for on a terminal).")
        @OptionGroup var options: TicketsCommand.Options
        @Argument(help: "Login name (letters, digits, Chinese characters, . _ -).") var name: String
        @Option(help: "咨询员 (agent), 监督员 (supervisor) or 管理员 (admin).") var role: String

        func run() throws {
            guard let staffRole = StaffRole(parsing: role) else {
                throw ValidationError("--role \(role): use 咨询员 (agent), 监督员 (supervisor) or 管理员 (admin)")
            }
            let password = try readPassword()
            guard password.count >= 10 else {
                printError("the password must have at least 10 characters; no account was created")
                throw ExitCode.validationFailure
            }
            let store = try options.openStore()
            do {
                try store.addStaff(name: name, role: staffRole, passwordHash: Console.hashPassword(password), at: try options.instant())
            } catch let e as StaffAccountError {
                printError(e.description)
                throw ExitCode.validationFailure
            } catch let e as TicketStorageError {
                printError(e.description)
                throw ExitCode(ExitCodes.storage)
            }
            print("created \(name) (\(staffRole.chineseName), \(staffRole.rawValue)); log in at the console's /login")
        }

        private func readPassword() throws -> String {
            if isatty(STDIN_FILENO) != 0 {
                guard let first = getpass("Password for \(name): ").map({ String(cString: $0) }),
                      let second = getpass("Again: ").map({ String(cString: $0) }) else { throw ExitCode.failure }
                guard first == second else {
                    printError("the two passwords differ; no account was created")
                    throw ExitCode.validationFailure
                }
                return first
            }
            return (readLine(strippingNewline: true) ?? "")
        }
    }

    /// Runs an async body to completion from this synchronous command; returns its error, if any.
    static func runBlocking(_ body: @escaping @Sendable () async throws -> Void) -> (any Error)? {
        final class Box: @unchecked Sendable { var error: (any Error)? }
        let box = Box(), done = DispatchSemaphore(value: 0)
        Task {
            do { try await body() } catch { box.error = error }
            done.signal()
        }
        done.wait()
        return box.error
    }
}
