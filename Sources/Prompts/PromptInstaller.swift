import AudioIO
import Foundation

/// `ivr prompts install`: takes an operator's recording in any format libsndfile reads, makes it conform
/// (8 kHz mono 16-bit, DC removed, silence trimmed, loudness normalised) and swaps it in atomically.
public struct PromptInstaller: Sendable {
    /// The prompt set's manifest (the id must be in it).
    public let manifest: PromptManifest
    /// The files.
    public let store: PromptStore
    /// Level target and bounds.
    public let policy: PromptAudioPolicy

    /// What an install did.
    public struct Result: Sendable {
        /// Measurements of the installed recording.
        public let measurement: AudioMeasurement
        /// The file that now plays.
        public let path: String
        /// Whether a previous version was kept for rollback.
        public let keptPrevious: Bool
    }

    /// An installer for the `Prompts/` folder `directory`.
    public init(manifest: PromptManifest, directory: String, policy: PromptAudioPolicy = PromptAudioPolicy()) {
        self.manifest = manifest
        self.store = PromptStore(directory: directory)
        self.policy = policy
    }

    /// Installs `file` as prompt `id` in `language`.
    /// - Parameter origin: `.replacement` for operators (keeps the previous version); `.default` for the
    ///   generation script.
    /// - Throws: ``PromptError`` (bad id, unknown id or language, rejected audio, unwritable) or
    ///   ``AudioFileError`` (undecodable file), each naming the file and the fix. Nothing changes on error.
    public func install(id: String, from file: String, language: String = PromptID.defaultLanguage,
                        origin: PromptOrigin = .replacement) throws -> Result {
        try PromptID.validate(id)
        try PromptID.validateLanguage(language)
        guard let entry = manifest.entry(id) else {
            throw PromptError(.badID, path: file, "unknown prompt id '\(id)'; add it to prompts.yaml first (see `ivr prompts list`)")
        }
        guard manifest.languages.contains(language) else {
            throw PromptError(.badID, path: file,
                              "language '\(language)' is not in prompts.yaml (\(manifest.languages.joined(separator: ", "))); add it there first")
        }
        let decoded = try SoundFile.read(file)
        let samples = try policy.prepare(decoded, kind: entry.kind, source: file)
        let keep = origin == .replacement && FileManager.default.fileExists(atPath: store.currentPath(id, language: language))
        try store.replace(id, language: language, with: samples, origin: origin)
        return Result(measurement: AudioMeasurement(samples), path: store.currentPath(id, language: language), keptPrevious: keep)
    }
}
