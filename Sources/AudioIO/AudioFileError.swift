import FileSafety

/// An audio file that could not be read or written, with the file's path and what to do about it.
public struct AudioFileError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, as a stable code that tests and the CLI can switch on.
    public enum Code: String, Sendable {
        /// The path does not exist or cannot be opened for reading.
        case unreadable
        /// The file has zero bytes.
        case empty
        /// libsndfile does not recognise the format (a text file named .wav, say).
        case unrecognisedFormat
        /// The header is malformed or absurd (0 channels, an impossible rate, ...).
        case malformed
        /// The header promises more audio than the file holds.
        case truncated
        /// The file could not be created or written (permissions, full disk).
        case unwritable
        /// The encoding is valid but not supported here.
        case unsupported
    }

    /// The kind of failure.
    public let code: Code
    /// The file concerned.
    public let path: String
    /// One line: what happened and the fix.
    public let message: String

    /// Creates an error; `message` should say what happened and how to fix it.
    public init(_ code: Code, path: String, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

extension AudioFileError {
    /// Runs a ``DurableFiles`` step, turning its ``FileError`` into an `.unwritable` error naming the same path.
    package static func unwritable<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as FileError {
            throw AudioFileError(.unwritable, path: error.path, message: error.message)
        }
    }
}
