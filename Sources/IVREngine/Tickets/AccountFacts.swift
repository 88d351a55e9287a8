import Foundation
import WorkingDays

/// An insured person's account facts for the self-service branch (fictional demo data).
public struct AccountFacts: Sendable, Hashable {
    /// Insured status.
    public enum InsuredStatus: String, Sendable, CaseIterable {
        /// 正常参保: contributions being paid.
        case active
        /// 暂停缴费: insured, contributions suspended.
        case suspended
        /// 退休: drawing a pension.
        case retired
    }

    /// Months of pension contributions paid.
    public var pensionContributionMonths: Int
    /// Pension personal account balance, in fen (0.01 yuan).
    public var pensionBalanceFen: Int64
    /// Medical insurance personal account balance, in fen.
    public var medicalBalanceFen: Int64
    /// Insured status.
    public var status: InsuredStatus

    /// Creates a value.
    public init(pensionContributionMonths: Int, pensionBalanceFen: Int64, medicalBalanceFen: Int64, status: InsuredStatus) {
        self.pensionContributionMonths = pensionContributionMonths
        self.pensionBalanceFen = pensionBalanceFen
        self.medicalBalanceFen = medicalBalanceFen
        self.status = status
    }
}

/// The outcome of an identity check.
public enum IdentityCheckResult: Sendable, Hashable {
    /// ID number and PIN match a person: here are the account facts.
    case verified(AccountFacts)
    /// No such ID, or the PIN is wrong (the caller is not told which).
    case mismatch
    /// Too many failed checks of this ID across calls: locked until the next day (whether or not the ID exists).
    case locked
}
