/// A calendar or settings file that cannot be used: names the file, the line and the fix.
public struct CalendarLoadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file, when known.
    public let file: String?
    /// The 1-based line in the file, when known.
    public let line: Int?
    /// What is wrong and how to fix it.
    public let message: String

    /// Creates an error.
    public init(file: String?, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `Prompts/calendar/2025.yaml:12: …`.
    public var description: String {
        switch (file, line) {
        case let (f?, l?): return "\(f):\(l): \(message)"
        case let (f?, nil): return "\(f): \(message)"
        default: return message
        }
    }
}
