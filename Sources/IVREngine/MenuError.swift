/// A problem in a menu file: where it is, what is wrong and how to fix it.
public struct MenuProblem: Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem, for tests and tools.
    public enum Code: String, Hashable, Sendable {
        /// The file could not be read.
        case unreadable
        /// The YAML does not parse.
        case syntax
        /// A mapping names the same key twice.
        case duplicateKey
        /// A field the format does not know (often a typo).
        case unknownField
        /// A required field is absent.
        case missingField
        /// A value has the wrong type or is out of range.
        case badValue
        /// A key is not one of 0-9 * # A-D.
        case badKey
        /// A timeout is not a whole number of milliseconds in 500...60000.
        case badTimeout
        /// A prompt id is not in the prompt set.
        case unknownPrompt
        /// A reference names no node.
        case unknownNode
        /// A node no caller can reach.
        case unreachableNode
        /// A node the national norms require is missing (or of the wrong kind).
        case missingNationalNode
        /// A national prompt id (welcome, main menu, wait tone) was renamed.
        case nationalPromptRenamed
        /// An overlay tries to replace a national node.
        case overlayReplacesNational
    }

    /// The kind of problem.
    public var code: Code
    /// The file.
    public var file: String
    /// The line, 1-based (0 when unknown).
    public var line: Int
    /// What is wrong.
    public var message: String
    /// How to fix it.
    public var fix: String

    /// Creates a problem.
    public init(_ code: Code, file: String, line: Int, _ message: String, fix: String) {
        self.code = code
        self.file = file
        self.line = line
        self.message = message
        self.fix = fix
    }

    /// `menu.yaml:12: unknown prompt id "mian_menu" (fix: …)`.
    public var description: String { "\(file):\(line): \(message) (fix: \(fix))" }
}

/// Thrown when a menu file (or overlay) is not valid: every problem found, one per line.
public struct MenuError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The problems, in file order.
    public var problems: [MenuProblem]

    /// Creates an error from problems (at least one).
    public init(_ problems: [MenuProblem]) { self.problems = problems }

    /// One line per problem.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
