import ArgumentParser
import Foundation
import WorkingDays

/// A folder the bench tools may write into and delete: a fresh temporary one, or one that was empty or absent
/// (then marked with ``marker``). A folder holding anything else is refused, so live data is never touched.
struct BenchFolder {
    /// The file that marks a folder as made by a bench tool.
    static let marker = ".ivr-bench"

    /// The folder's path.
    let path: String
    /// Whether the tool made it (and so may remove it).
    let owned: Bool

    /// A fresh temporary folder, removed afterwards.
    static func temporary() throws -> BenchFolder {
        let path = NSTemporaryDirectory() + "ivr-bench-" + UUID().uuidString
        try claim(path)
        return BenchFolder(path: path, owned: true)
    }

    /// `path` when it is absent, empty, or already a bench folder; otherwise an error naming what it holds.
    static func given(_ path: String) throws -> BenchFolder {
        try claim(path)
        return BenchFolder(path: path, owned: false)
    }

    /// The reason a folder cannot be used, or `nil` when it can.
    static func refusal(_ path: String) -> String? {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return nil }
        guard isDir.boolValue else { return "\(path) is a file, not a folder" }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else {
            return "\(path) cannot be read"
        }
        if entries.isEmpty || entries.contains(marker) { return nil }
        let shown = entries.sorted().prefix(3).joined(separator: ", ")
        return "\(path) already holds data (\(shown)\(entries.count > 3 ? ", …" : "")); give an empty or absent folder, or none for a temporary one"
    }

    private static func claim(_ path: String) throws {
        if let reason = refusal(path) { throw BenchFolderError(reason: reason) }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let mark = path + "/" + marker
        if !FileManager.default.fileExists(atPath: mark) {
            try Data("made by ivr-bench; this folder holds test data only\n".utf8).write(to: URL(fileURLWithPath: mark))
        }
    }

    /// Removes the folder if the tool made it and `keep` is false.
    func finish(keep: Bool) {
        if owned && !keep { try? FileManager.default.removeItem(atPath: path) }
    }
}

/// A folder refused because it holds data.
struct BenchFolderError: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}

/// The folder options every data-writing bench shares: where to work, the holiday calendars, and whether to keep
/// a temporary folder.
struct BenchFolderOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Folder to work in: empty or absent (default: a temporary folder).", valueName: "DIR")) var data: String?
    @Option(help: ArgumentHelp("Folder of YYYY.yaml holiday calendars.", valueName: "DIR")) var calendar = "Prompts/calendar"
    @Flag(help: "Keep the temporary folder (a folder given with --data is never removed).") var keep = false

    /// The folder to work in; a folder holding data is refused with one line and exit 7.
    func open() throws -> BenchFolder {
        do { return try data.map(BenchFolder.given) ?? BenchFolder.temporary() } catch let e as BenchFolderError {
            printError(e.reason)
            throw ExitCode(foreignFolderExit)
        }
    }

    /// The holiday calendars, or none (Monday to Friday) when the folder cannot be read.
    func loadCalendar() throws -> WorkingDayCalendar {
        try (try? WorkingDayCalendar.load(directory: calendar)) ?? WorkingDayCalendar(years: [], holidays: [])
    }
}
