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

/// A `staff` row.
struct StaffRow: Decodable, FetchableRecord {
    var name: String
    var role: String
    var passwordHash: String
    var createdAt: String
    var disabled: Int

    enum CodingKeys: String, CodingKey {
        case name, role, passwordHash = "password_hash", createdAt = "created_at", disabled
    }
}

/// A live session joined with its account's role.
struct StaffSessionRow: Decodable, FetchableRecord {
    var staffName: String
    var csrf: String
    var expiresAt: Double
    var role: String

    enum CodingKeys: String, CodingKey {
        case staffName = "staff_name", csrf, expiresAt = "expires_at", role
    }
}

/// A `listen_audit` row.
struct ListenRow: Decodable, FetchableRecord {
    var at: String
    var staffName: String
    var subject: String
    var ref: String

    enum CodingKeys: String, CodingKey {
        case at, staffName = "staff_name", subject, ref
    }
}

/// The work-queue columns of a `ticket` row.
struct QueueRow: Decodable, FetchableRecord {
    var number: String
    var kind: String
    var callerNumber: String?
    var createdAt: String
    var dueDate: String
    var assignee: String?

    enum CodingKeys: String, CodingKey {
        case number, kind, callerNumber = "caller_number", createdAt = "created_at", dueDate = "due_date", assignee
    }
}

/// The columns of a `ticket` row that a reassignment reads.
struct AssignmentRow: Decodable, FetchableRecord {
    var id: String
    var status: String
    var assignee: String?
}

/// A `ticket_event` row (a ticket's history).
struct TicketEventRow: Decodable, FetchableRecord {
    var at: String
    var fromStatus: String?
    var toStatus: String
    var note: String
    var actor: String

    enum CodingKeys: String, CodingKey {
        case at, fromStatus = "from_status", toStatus = "to_status", note, actor
    }
}

/// A `survey` row's score (NULL: the caller pressed no key).
struct SurveyScoreRow: Decodable, FetchableRecord {
    var score: Int?
}

/// A `qa_score` row.
struct QAScoreRow: Decodable, FetchableRecord {
    var callID: String
    var score: Int
    var note: String
    var actor: String
    var at: String

    enum CodingKeys: String, CodingKey {
        case callID = "call_id", score, note, actor, at
    }
}

/// The report facts of a ticket: when it was opened, due and first answered.
struct TicketFactRow: Decodable, FetchableRecord {
    var number: String
    var kind: String
    var callID: String?
    var createdAt: String
    var dueDate: String
    var answeredAt: String?

    enum CodingKeys: String, CodingKey {
        case number, kind, callID = "call_id", createdAt = "created_at", dueDate = "due_date", answeredAt = "answered_at"
    }
}

/// A `line_state` row (`state`, `since`) or a `line_state_event` row (`to_state`, `at`), read the same way.
struct LineStateRow: Decodable, FetchableRecord {
    var state: String
    var since: String
    var actor: String
    var note: String
}
