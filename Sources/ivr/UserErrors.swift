import ArgumentParser
import AudioIO
import Foundation

/// Exit codes of `ivr`, stable for scripts (the one list; README "Exit codes"). ArgumentParser adds 64 for
/// usage errors; 0 is success.
enum ExitCodes {
    /// A generic failure (a broken menu, prompt set or calendar; a failed batch call).
    static let failure: Int32 = 1
    /// `tickets overdue`: at least one open ticket is past its due date.
    static let overdue: Int32 = 1
    /// No ticket has that number, or the number's check digit is wrong.
    static let notFound: Int32 = 2
    /// A file could not be read, decoded or written.
    static let audioFile: Int32 = 3
    /// An ALSA device could not be opened or failed.
    static let device: Int32 = 4
    /// Some of several inputs failed (the others were processed).
    static let partial: Int32 = 5
    /// The data folder or database cannot be read or written.
    static let storage: Int32 = 6
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
