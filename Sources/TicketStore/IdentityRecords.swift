import Foundation
internal import GRDB

/// A `demo_person` row as the identity check reads it. Decoded strictly: a NULL or mistyped column is an error
/// naming the column, never a crash.
struct DemoPersonRecord: Decodable, FetchableRecord {
    var pinHash: String
    var pinSalt: Data
    var status: String
    var pensionMonths: Int
    var pensionBalanceFen: Int64
    var medicalBalanceFen: Int64

    enum CodingKeys: String, CodingKey {
        case pinHash = "pin_hash", pinSalt = "pin_salt", status, pensionMonths = "pension_months"
        case pensionBalanceFen = "pension_balance_fen", medicalBalanceFen = "medical_balance_fen"
    }
}

/// An `identity_audit` row (the trail of identity checks and unlocks of one keyed ID hash).
struct IdentityAuditRecord: Decodable, FetchableRecord {
    var id: Int64
    var event: String
    var at: String
    var actor: String
    var note: String
    var lockedUntil: String?

    enum CodingKeys: String, CodingKey {
        case id, event, at, actor, note, lockedUntil = "locked_until"
    }
}
