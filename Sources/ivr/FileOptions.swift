import ArgumentParser
import Foundation
import Prompts

/// Where `ivr` finds its files: one option group shared by `line`, `call`, `batch`, `tickets` and `prompts`.
///
/// Each folder is the option when given, else its environment variable, else a folder in the current directory:
/// - prompts (`prompts.yaml`, `menu.yaml`, `<lang>/` recordings, `calendar/`): `--prompts`, `$IVR_PROMPTS`, `./Prompts`;
/// - data (`ivr.sqlite`, `ivr.key`, `voicemail/`, `calls/`): `--data`, `$IVR_DATA`, `./var`.
/// Set the two variables once (e.g. in the service unit or the shell profile) to run `ivr` from any folder.
struct FileOptions: ParsableArguments {
    @Option(name: .customLong("prompts"),
            help: ArgumentHelp("The prompts folder: prompts.yaml, menu.yaml, <lang>/ recordings, calendar/ (default: $IVR_PROMPTS, else ./Prompts).",
                               valueName: "DIR"))
    var promptsOption: String?
    @Option(name: .customLong("data"),
            help: ArgumentHelp("The runtime data folder: ivr.sqlite, ivr.key, voicemail/, calls/ (default: $IVR_DATA, else ./var).",
                               valueName: "DIR"))
    var dataOption: String?
    @Option(name: .customLong("overlay"), help: ArgumentHelp("A province overlay menu file, applied in order (repeatable).", valueName: "FILE"))
    var overlay: [String] = []

    /// The environment variable naming the prompts folder.
    static let promptsVariable = "IVR_PROMPTS"
    /// The environment variable naming the data folder.
    static let dataVariable = "IVR_DATA"

    /// The prompts folder and where that choice came from.
    var prompts: (path: String, source: String) {
        Self.resolve(promptsOption, option: "--prompts", variable: Self.promptsVariable, fallback: "Prompts")
    }

    /// The data folder and where that choice came from.
    var data: (path: String, source: String) {
        Self.resolve(dataOption, option: "--data", variable: Self.dataVariable, fallback: "var")
    }

    /// The prompts folder's path.
    var promptsDirectory: String { prompts.path }
    /// The data folder's path.
    var dataDirectory: String { data.path }

    /// Loads the prompt manifest; the error names the path tried and how it was chosen.
    func manifest() throws -> PromptManifest {
        try Self.explaining(prompts) { try PromptManifest.load(directory: promptsDirectory) }
    }

    /// Rejects options a command does not use (rather than ignoring them silently).
    func reject(data: Bool = false, overlay: Bool = false, because reason: String) throws {
        if data, dataOption != nil { throw ValidationError("--data does not apply here: \(reason)") }
        if overlay, !self.overlay.isEmpty { throw ValidationError("--overlay does not apply here: \(reason)") }
    }

    /// Runs `body`; a prompt-manifest error gains the folder's origin and the way to point `ivr` elsewhere.
    static func explaining<T>(_ folder: (path: String, source: String), _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as PromptError where error.code == .badManifest {
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDir)
            guard !exists || !isDir.boolValue || !FileManager.default.fileExists(atPath: folder.path + "/prompts.yaml") else { throw error }
            let why = !exists ? "no such folder" : !isDir.boolValue ? "not a folder" : "no prompts.yaml in it"
            throw PromptError(.badManifest, path: absolute(folder.path + "/prompts.yaml"),
                              "cannot read the prompt manifest: \(why) (the prompts folder \(folder.source)); give --prompts DIR or set \(promptsVariable)")
        }
    }

    static func resolve(_ option: String?, option name: String, variable: String, fallback: String) -> (path: String, source: String) {
        if let option { return (option, "from \(name)") }
        if let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty { return (value, "from \(variable)") }
        return (fallback, "is ./\(fallback), the default when neither \(name) nor \(variable) is given")
    }

    /// `path` made absolute against the current directory (for messages).
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
