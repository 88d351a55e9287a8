import AudioIO
import FileSafety
import Foundation

/// Where a prompt's current recording came from.
public enum PromptOrigin: String, Codable, Sendable {
    /// Made by `Scripts/make-prompts.sh` from the manifest text (espeak-ng).
    case `default`
    /// Installed by an operator with `ivr prompts install`.
    case replacement
}

/// The files of a `Prompts/` folder and their versions: `<lang>/<id>.wav` is what plays;
/// `<lang>/.versions/<id>.previous.wav` is the version before the last install (for `rollback`), and
/// `<lang>/.versions/<id>.origin` records whether each is a default or a replacement.
///
/// Every change is crash-safe: new audio goes to a temporary file that is fsynced and renamed over the old one,
/// so a reader (a running line) always finds a complete file, old or new; the previous version is kept through a
/// hard link before the rename.
public struct PromptStore: Sendable {
    /// The `Prompts/` folder.
    public let directory: String

    /// A store on `directory`.
    public init(directory: String) { self.directory = directory }

    /// `<directory>/<language>`.
    public func languageDirectory(_ language: String) -> String {
        (directory as NSString).appendingPathComponent(language)
    }

    /// The recording that plays: `<directory>/<language>/<id>.wav`.
    public func currentPath(_ id: String, language: String) -> String {
        (languageDirectory(language) as NSString).appendingPathComponent(id + ".wav")
    }

    /// The version kept for rollback.
    public func previousPath(_ id: String, language: String) -> String {
        (versionsDirectory(language) as NSString).appendingPathComponent(id + ".previous.wav")
    }

    func versionsDirectory(_ language: String) -> String {
        (languageDirectory(language) as NSString).appendingPathComponent(".versions")
    }

    func originPath(_ id: String, language: String) -> String {
        (versionsDirectory(language) as NSString).appendingPathComponent(id + ".origin")
    }

    /// The origins of the current and the previous version (`default` when nothing was recorded).
    public func origins(_ id: String, language: String) -> (current: PromptOrigin, previous: PromptOrigin?) {
        let hasPrevious = FileManager.default.fileExists(atPath: previousPath(id, language: language))
        guard let data = FileManager.default.contents(atPath: originPath(id, language: language)) else {
            return (.default, hasPrevious ? .default : nil)
        }
        var current = PromptOrigin.default, previous: PromptOrigin? = nil
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let kv = line.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, let origin = PromptOrigin(rawValue: kv[1]) else { continue }
            if kv[0] == "current" { current = origin }
            if kv[0] == "previous" { previous = origin }
        }
        return (current, hasPrevious ? (previous ?? .default) : nil)
    }

    /// Puts `samples` in place as the current recording of `id`, keeping the old one for rollback
    /// (unless `origin` is `.default`: regenerated defaults keep no history).
    /// - Throws: ``AudioFileError`` or ``PromptError`` `.unwritable` naming the file; the old recording is then untouched.
    public func replace(_ id: String, language: String, with samples: [Int16], origin: PromptOrigin) throws {
        try PromptID.validate(id)
        try PromptID.validateLanguage(language)
        let current = currentPath(id, language: language)
        try AudioFileError.unwritable {
            try DurableFiles.makeOwnerOnlyDirectories(origin == .replacement ? versionsDirectory(language) : languageDirectory(language))
        }
        let old = origins(id, language: language).current
        let hadCurrent = FileManager.default.fileExists(atPath: current)
        if origin == .replacement && hadCurrent {
            try linkReplacing(current, to: previousPath(id, language: language))
        } else if origin == .default {
            unlink(previousPath(id, language: language))
        }
        try SoundFile.writeWAV(samples, to: current)
        DurableFiles.fsyncDirectory(languageDirectory(language))
        if origin == .default {
            unlink(originPath(id, language: language))
        } else {
            try writeOrigins(id, language: language, current: origin, previous: hadCurrent ? old : nil)
        }
    }

    /// Swaps the current recording of `id` with the previous one (so a second rollback re-applies the install).
    /// - Throws: ``PromptError`` `.noPreviousVersion` when nothing was installed before, `.unwritable` on I/O failure.
    public func rollback(_ id: String, language: String) throws {
        try PromptID.validate(id)
        try PromptID.validateLanguage(language)
        let current = currentPath(id, language: language), previous = previousPath(id, language: language)
        guard FileManager.default.fileExists(atPath: previous) else {
            throw PromptError(.noPreviousVersion, path: current,
                              "no previous version of '\(id)' (\(language)) to roll back to; only installs keep one")
        }
        let (currentOrigin, previousOrigin) = origins(id, language: language)
        let hadCurrent = FileManager.default.fileExists(atPath: current)
        let swap = DurableFiles.temporaryPath(beside: previous)
        if hadCurrent { try link(current, swap) }
        try renameOrThrow(previous, current)
        if hadCurrent { try renameOrThrow(swap, previous) }
        DurableFiles.fsyncDirectory(languageDirectory(language))
        DurableFiles.fsyncDirectory(versionsDirectory(language))
        try writeOrigins(id, language: language, current: previousOrigin ?? .default, previous: hadCurrent ? currentOrigin : nil)
    }

    /// Makes `destination` a hard link to `source`, atomically replacing whatever was there.
    private func linkReplacing(_ source: String, to destination: String) throws {
        let tmp = DurableFiles.temporaryPath(beside: destination)
        try link(source, tmp)
        try renameOrThrow(tmp, destination)
        DurableFiles.fsyncDirectory(DurableFiles.directory(of: destination))
    }

    private func link(_ source: String, _ destination: String) throws {
        guard Foundation.link(source, destination) == 0 else {
            throw PromptError(.unwritable, path: destination, "cannot keep the previous version: \(String(cString: strerror(errno))); check permissions")
        }
    }

    private func renameOrThrow(_ source: String, _ destination: String) throws {
        guard rename(source, destination) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(source)
            throw PromptError(.unwritable, path: destination, "cannot replace the file: \(reason); check permissions and free space")
        }
    }

    private func writeOrigins(_ id: String, language: String, current: PromptOrigin, previous: PromptOrigin?) throws {
        var text = "current=\(current.rawValue)\n"
        if let previous { text += "previous=\(previous.rawValue)\n" }
        let path = originPath(id, language: language)
        do {
            try DurableFiles.writeAtomically(Data(text.utf8), to: path)
        } catch let error as FileError {
            throw PromptError(.unwritable, path: path, "cannot record the prompt's origin: \(error.message)")
        }
    }
}
