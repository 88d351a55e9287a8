/// How secrets are masked before they reach any event, log or report.
public enum Masking {
    /// An ID number keeps its first 6 and last 1 characters; the rest become `*`
    /// (`11010519870412006X` → `110105***********X`). Shorter values are fully masked.
    public static func idNumber(_ value: String) -> String {
        let chars = Array(value)
        guard chars.count >= 8 else { return secret(value) }
        return String(chars.prefix(6)) + String(repeating: "*", count: chars.count - 7) + String(chars.last!)
    }

    /// A PIN (or any secret) keeps no character: one `*` per character typed.
    public static func secret(_ value: String) -> String { String(repeating: "*", count: value.count) }
}

/// Checks of the numbers callers type: Chinese resident ID numbers and ticket numbers.
public enum NumberCheck {
    /// Whether an 18-character resident ID number (GB 11643) has a valid ISO 7064 MOD 11-2 check character.
    ///
    /// - Parameter id: 17 digits followed by a digit or `X`.
    public static func isValidIDNumber(_ id: String) -> Bool {
        let chars = Array(id)
        guard chars.count == 18, chars.prefix(17).allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return chars[17] == idCheckCharacter(String(chars.prefix(17)))
    }

    /// The ISO 7064 MOD 11-2 check character of 17 digits: `0`–`9` or `X`.
    public static func idCheckCharacter(_ body: String) -> Character? {
        guard body.count == 17 else { return nil }
        var sum = 0
        for char in body {
            guard let digit = char.wholeNumberValue, char.isASCII else { return nil }
            sum = (sum * 2 + digit * 2) % 11  // Horner form of Σ aᵢ·2^(18-i) mod 11
        }
        let check = (12 - sum) % 11
        return check == 10 ? "X" : Character(String(check))
    }
}
