/// How secrets are masked before they reach any event, log or report (ID numbers: ``ChineseIDNumber/masked(_:)``).
public enum Masking {
    /// A PIN (or any secret) keeps no character: one `*` per character typed.
    public static func secret(_ value: some StringProtocol) -> String { String(repeating: "*", count: value.count) }
}
