/// Rules for prompt ids and language codes, which become file names (`<lang>/<id>.wav`).
public enum PromptID {
    /// The national prompts fixed by Art. 34 of the service norms: ops may re-record them, never rename them.
    public static let national: [String] = ["welcome", "main_menu", "wait_tone"]
    /// The language every prompt must exist in, and the fallback of every other language.
    public static let defaultLanguage = "cmn"

    /// Whether `id` is a valid prompt id: snake_case ASCII (`a-z`, `0-9`, `_`), starting with a letter,
    /// at most 64 characters; so it can never hold a path character.
    public static func isValid(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, ("a"..."z").contains(first), id.unicodeScalars.count <= 64 else { return false }
        return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// Whether `code` is a valid language code: 2 or 3 lowercase ASCII letters (ISO 639: `cmn`, `yue`).
    public static func isValidLanguage(_ code: String) -> Bool {
        (2...3).contains(code.unicodeScalars.count) && code.unicodeScalars.allSatisfy { ("a"..."z").contains($0) }
    }

    /// Throws unless `id` is valid.
    /// - Throws: ``PromptError`` `.badID` with the rule.
    public static func validate(_ id: String) throws {
        guard isValid(id) else {
            throw PromptError(.badID, path: "", "invalid prompt id '\(id)': use snake_case letters, digits and _ only (e.g. main_menu)")
        }
    }

    /// Throws unless `code` is a valid language code.
    /// - Throws: ``PromptError`` `.badID` with the rule.
    public static func validateLanguage(_ code: String) throws {
        guard isValidLanguage(code) else {
            throw PromptError(.badID, path: "", "invalid language '\(code)': use a 2- or 3-letter lowercase code such as cmn or yue")
        }
    }
}
