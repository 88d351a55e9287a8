public import WorkingDays

/// An ID number and PIN handed to the store for the identity check.
///
/// The raw values exist only inside this value on its way to the store: its `description` is masked and
/// the machine never writes them to an event.
public struct IdentityCredentials: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The 18-character ID number, with `X` for a typed `*`.
    public let idNumber: String
    /// The PIN as typed.
    public let pin: String

    /// Creates credentials.
    public init(idNumber: String, pin: String) {
        self.idNumber = idNumber
        self.pin = pin
    }

    /// The ID number masked as in the event log (first 6 and last 1 kept).
    public var maskedIDNumber: String { ChineseIDNumber.masked(idNumber) }

    /// Masked: never the raw values.
    public var description: String { "IdentityCredentials(\(maskedIDNumber), pin: \(Masking.secret(pin)))" }
    /// Masked: never the raw values.
    public var debugDescription: String { description }
}

/// An item of the account self-service (个人信息查询).
public enum AccountItem: String, Hashable, Sendable, CaseIterable {
    /// 养老保险缴费月数与个人账户余额.
    case pension
    /// 医保个人账户余额.
    case medical
    /// 参保状态.
    case status
}

/// What the store found for an account item.
public enum AccountAnswer: Hashable, Sendable {
    /// Pension contribution months and personal account balance in fen.
    case pension(months: Int, balanceFen: Int)
    /// Medical insurance personal account balance in fen.
    case medical(balanceFen: Int)
    /// Enrolment status.
    case status(AccountFacts.InsuredStatus)
}

/// What the store answers to a request of the machine.
public enum StoreResult: Hashable, Sendable {
    /// A ticket was opened: its number, due date and the working days counted.
    case ticketOpened(number: TicketNumber, due: CivilDate, workdays: Int)
    /// The identity check: verified (with the account facts), a mismatch, or the ID locked across calls (refused, or
    /// failed for the last time today).
    case identity(IdentityCheckResult)
    /// Account facts for a queried item.
    case account(AccountAnswer)
    /// A ticket's status and due date.
    case ticketStatus(TicketStatus, due: CivilDate)
    /// No ticket has that number.
    case ticketNotFound
    /// The store could not serve the request (the caller hears an apology).
    case failure(String)
}
