/// The 18-character resident identity number (GB 11643): 17 digits and an ISO 7064 MOD 11-2 check character.
public enum ChineseIDNumber {
    /// The check character (`0`–`9` or `X`) for the first 17 digits; `nil` unless exactly 17 ASCII digits.
    public static func checkCharacter(forFirst17 body: some StringProtocol) -> Character? {
        let digits = body.utf8.map { Int($0) - 48 }
        guard digits.count == 17, digits.allSatisfy({ (0...9).contains($0) }) else { return nil }
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return Array("10X98765432")[sum % 11]
    }

    /// The number upper-cased (`x` → `X`) when it has 18 characters and a correct check character; `nil` otherwise.
    public static func normalized(_ text: some StringProtocol) -> String? {
        let s = text.uppercased()
        guard s.count == 18, let check = checkCharacter(forFirst17: s.prefix(17)), s.last == check else { return nil }
        return s
    }

    /// An ID masked for logs: first 6 and last 1 characters kept (`110105***********X`).
    public static func masked(_ text: String) -> String {
        guard text.count > 7 else { return String(repeating: "*", count: text.count) }
        return String(text.prefix(6)) + String(repeating: "*", count: text.count - 7) + String(text.suffix(1))
    }
}
