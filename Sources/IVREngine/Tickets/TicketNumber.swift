import Foundation
import WorkingDays

/// A ticket number as callers hear and type it: a sequence number followed by one Damm check digit.
///
/// The check digit is the Damm digit of the number's length (in digits) followed by the sequence number. The
/// Damm algorithm catches every single mistyped digit and every swap of two adjacent digits; folding in the
/// length also catches about 9 in 10 extra or missing digits (plain Damm accepts any number with a 0 appended),
/// so "ticket status" can reject a typo before looking anything up.
public struct TicketNumber: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The digits, check digit last (e.g. "100017").
    public let digits: String

    /// Validates typed digits: at least 2 digits and a correct check digit; `nil` otherwise.
    public init?(validating text: some StringProtocol) {
        let s = String(text)
        guard s.count >= 2, s.count <= 18, s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              TicketNumber.damm(String(s.count) + s) == 0 else { return nil }
        digits = s
    }

    /// The number for a sequence value (≥ 0): its decimal digits plus the check digit.
    public init(sequence: Int) {
        precondition(sequence >= 0, "ticket sequence must not be negative")
        let body = String(sequence)
        digits = body + String(TicketNumber.damm(String(body.count + 1) + body))
    }

    /// The sequence value (the digits without the check digit).
    public var sequence: Int { Int(digits.dropLast())! }

    /// The digits.
    public var description: String { digits }

    public static func < (lhs: TicketNumber, rhs: TicketNumber) -> Bool { lhs.sequence < rhs.sequence }

    /// The Damm algorithm's interim digit over `digits` (0 when the last digit is the check digit of the rest).
    static func damm(_ digits: String) -> Int {
        var interim = 0
        for u in digits.utf8 { interim = dammTable[interim][Int(u) - 48] }
        return interim
    }

    /// The weakly totally anti-symmetric quasigroup of order 10 (Damm 2004).
    private static let dammTable: [[Int]] = [
        [0, 3, 1, 7, 5, 9, 8, 6, 4, 2], [7, 0, 9, 2, 1, 5, 4, 8, 6, 3], [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
        [1, 7, 5, 0, 9, 8, 3, 4, 2, 6], [6, 1, 2, 3, 0, 4, 5, 9, 7, 8], [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
        [5, 8, 6, 9, 7, 2, 0, 1, 3, 4], [8, 9, 4, 5, 3, 6, 2, 0, 1, 7], [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
        [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
    ]
}
