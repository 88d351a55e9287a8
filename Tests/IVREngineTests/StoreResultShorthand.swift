import IVREngine

/// The tests' shorthand for identity-check answers (the product speaks ``IdentityCheckResult`` only).
extension StoreResult {
    /// A verified check (with placeholder account facts) or a mismatch.
    static func identity(matched: Bool) -> StoreResult {
        .identity(matched ? .verified(AccountFacts(pensionContributionMonths: 156, pensionBalanceFen: 8_642_137,
                                                   medicalBalanceFen: 312_058, status: .active)) : .mismatch)
    }

    /// The ID is locked across calls.
    static let identityLocked = StoreResult.identity(.locked)
}
