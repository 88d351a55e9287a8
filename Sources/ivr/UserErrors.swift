import ArgumentParser
import AudioIO
import Foundation

/// Exit codes of `ivr`, stable for scripts.
enum ExitCodes {
    /// A file could not be read, decoded or written.
    static let audioFile: Int32 = 3
    /// An ALSA device could not be opened or failed.
    static let device: Int32 = 4
    /// Some of several inputs failed (the others were processed).
    static let partial: Int32 = 5
}

/// Prints one line to standard error.
func printError(_ line: String) {
    try? FileHandle.standardError.write(contentsOf: Data(("ivr: " + line + "\n").utf8))
}

/// Runs `body`, turning the errors users cause (bad files, missing devices) into one line on stderr and an
/// exit code, instead of a stack trace.
func withUserErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as AudioFileError {
        printError(error.description)
        throw ExitCode(ExitCodes.audioFile)
    } catch let error as ALSAError {
        printError(error.description)
        throw ExitCode(ExitCodes.device)
    }
}
