/// The 18-character resident identity number (GB 11643): 17 digits and an ISO 7064 MOD 11-2 check character.
/// The one place that checks, normalises and masks it (the call machine, the stores, the CLI and the console).
package enum ChineseIDNumber {
    /// The check character (`0`–`9` or `X`) for the first 17 digits; `nil` unless exactly 17 ASCII digits.
    package static func checkCharacter(forFirst17 body: some StringProtocol) -> Character? {
        let digits = body.utf8.map { Int($0) - 48 }
        guard digits.count == 17, digits.allSatisfy({ (0...9).contains($0) }) else { return nil }
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return Array("10X98765432")[sum % 11]
    }

    /// Whether `text` is 17 digits followed by its check character (upper-case `X`), as typed on a keypad.
    package static func isValid(_ text: some StringProtocol) -> Bool {
        text.count == 18 && checkCharacter(forFirst17: text.prefix(17)) == text.last
    }

    /// The number upper-cased (`x` → `X`) when it has 18 characters and a correct check character; `nil` otherwise.
    package static func normalized(_ text: some StringProtocol) -> String? {
        let s = text.uppercased()
        return isValid(s) ? s : nil
    }

    /// A number masked for events, logs and reports: the first 6 and the last 1 characters kept
    /// (`11010519870412006X` → `110105***********X`); shorter values are fully masked.
    package static func masked(_ text: some StringProtocol) -> String {
        guard text.count > 7 else { return Masking.secret(text) }
        return String(text.prefix(6)) + String(repeating: "*", count: text.count - 7) + String(text.suffix(1))
    }
}
