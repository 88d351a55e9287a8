/// A problem with the prompt set (manifest, ids, recordings) that the user can fix, named with its file.
public struct PromptError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The kind of problem, stable for tests and exit codes.
    public enum Code: String, Sendable {
        /// The manifest could not be read or parsed, or breaks a rule (duplicate id, missing text).
        case badManifest
        /// A prompt id or language code is not allowed (path characters, capitals, unknown).
        case badID
        /// The recording was rejected (silent, clipped, too long or short).
        case rejectedAudio
        /// There is nothing to roll back to.
        case noPreviousVersion
        /// A file could not be written.
        case unwritable
    }

    /// The kind of problem.
    public let code: Code
    /// The file concerned (may be empty).
    public let path: String
    /// One line: what is wrong and the fix.
    public let message: String

    /// Creates an error; `message` says what is wrong and how to fix it.
    public init(_ code: Code, path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
