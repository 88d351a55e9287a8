import Foundation
import IVREngine
import PostgresStore
import Testing
import TicketStore
import WorkingDays

/// The console's tables (``StaffStoring``) on both backends: accounts, sessions, the listen audit, the work queue
/// and assignments give the same answers on SQLite and on PostgreSQL.
struct StaffStoreTests {
    @Test(arguments: Backend.allCases) func accountsSessionsAndListenAudit(backend: Backend) throws {
        let dir = temporaryFolder() + "/var"
        let store = try openStore(dir, backend: backend)
        let now = fridayMorning
        try store.addStaff(name: "zhang", role: .agent, passwordHash: "$2b$04$hash-z", at: now)
        try store.addStaff(name: "王芳", role: .admin, passwordHash: "$2b$04$hash-w", at: now)
        try store.addStaff(name: "li", role: .supervisor, passwordHash: "$2b$04$hash-l", at: now)
        #expect(throws: StaffAccountError.self) { try store.addStaff(name: "zhang", role: .admin, passwordHash: "x", at: now) }
        #expect(throws: StaffAccountError.self) { try store.addStaff(name: "a b", role: .agent, passwordHash: "x", at: now) }
        #expect(throws: StaffAccountError.self) { try store.addStaff(name: "", role: .agent, passwordHash: "x", at: now) }
        // Code point order on both backends (PostgreSQL's locale order would differ).
        #expect(try store.staffAccounts().map(\.name) == ["li", "zhang", "王芳"])
        let zhang = try #require(try store.staff(name: "zhang"))
        #expect(zhang.role == .agent && zhang.passwordHash == "$2b$04$hash-z" && !zhang.disabled)
        #expect(zhang.createdAt == "2025-09-26T10:00:00+08:00")
        #expect(try store.staff(name: "nobody") == nil)

        try store.createSession(tokenHash: "h1", staffName: "zhang", csrf: "c1", at: now, expiresAt: now.addingTimeInterval(3600))
        let s = try #require(try store.session(tokenHash: "h1", now: now.addingTimeInterval(60)))
        #expect(s.staffName == "zhang" && s.role == .agent && s.csrf == "c1")
        #expect(s.expiresAt == now.addingTimeInterval(3600))
        #expect(try store.session(tokenHash: "h1", now: now.addingTimeInterval(3600)) == nil)  // expired
        #expect(try store.session(tokenHash: "h9", now: now) == nil)
        // A new password ends the account's sessions.
        #expect(try store.setStaffPassword(name: "zhang", passwordHash: "$2b$04$new"))
        #expect(try store.session(tokenHash: "h1", now: now) == nil)
        #expect(try store.staff(name: "zhang")?.passwordHash == "$2b$04$new")
        #expect(try !store.setStaffPassword(name: "nobody", passwordHash: "x"))
        // Starting a session removes the expired ones; logout removes its own.
        try store.createSession(tokenHash: "h2", staffName: "li", csrf: "c2", at: now, expiresAt: now.addingTimeInterval(10))
        try store.createSession(tokenHash: "h3", staffName: "li", csrf: "c3", at: now.addingTimeInterval(20), expiresAt: now.addingTimeInterval(3600))
        #expect(try store.session(tokenHash: "h2", now: now) == nil)
        #expect(try store.session(tokenHash: "h3", now: now)?.csrf == "c3")
        try store.deleteSession(tokenHash: "h3")
        #expect(try store.session(tokenHash: "h3", now: now) == nil)

        try store.recordListen(staffName: "li", subject: .ticket, ref: "100017", at: now)
        try store.recordListen(staffName: "li", subject: .call, ref: "c-1", at: now.addingTimeInterval(60))
        try store.recordListen(staffName: "王芳", subject: .prompt, ref: "cmn/welcome", at: now.addingTimeInterval(120))
        let latest = try store.listens(limit: 2)
        #expect(latest.map(\.ref) == ["cmn/welcome", "c-1"])
        #expect(latest.map(\.subject) == [.prompt, .call])
        #expect(latest[0].staffName == "王芳" && latest[0].at == "2025-09-26T10:02:00+08:00")
        #expect(try store.listens().count == 3)
    }

    @Test(arguments: Backend.allCases) func workQueueBandsCountsAndAssignment(backend: Backend) throws {
        let dir = temporaryFolder() + "/var"
        let store = try openStore(dir, backend: backend)
        func open(_ kind: TicketKind, due: String, caller: String? = "13800138000") throws -> TicketInfo {
            try store.openTicket(TicketRequest(kind: kind, callerNumber: caller, menuPath: ["main"], createdAt: fridayMorning,
                                               dueDate: CivilDate(iso: due)!, callID: "call-\(due)"))
        }
        let overdue = try open(.voicemail, due: "2025-09-25")
        let answered = try open(.voicemail, due: "2025-09-25")
        try store.setStatus(number: answered.number, to: .answered, note: "done", actor: "li", at: fridayMorning)
        let today = try open(.complaint, due: "2025-09-26", caller: nil)
        let soon = try open(.document, due: "2025-09-30")
        let later = try open(.document, due: "2025-10-20")
        let friday = CivilDate(iso: "2025-09-26")!, horizon = CivilDate(iso: "2025-09-30")!

        let counts = try store.queueCounts(today: friday, horizon: horizon)
        var expected = QueueCounts()
        for kind in TicketKind.allCases {
            expected.overdue[kind] = kind == .voicemail ? 1 : 0
            expected.dueToday[kind] = kind == .complaint ? 1 : 0
            expected.dueSoon[kind] = kind == .document ? 1 : 0
        }
        #expect(counts == expected)

        let band = try store.openTickets(dueAfter: nil, through: friday.adding(days: -1), kind: nil, limit: 100)
        #expect(band.map(\.number) == [overdue.number.digits])
        #expect(band.first?.callerNumber == "13800138000" && band.first?.kind == .voicemail && band.first?.assignee == nil)
        #expect(band.first?.dueDate == CivilDate(iso: "2025-09-25"))
        #expect(band.first?.createdAt == "2025-09-26T10:00:00+08:00")
        #expect(try store.openTickets(dueAfter: friday, through: horizon, kind: nil, limit: 100).map(\.number) == [soon.number.digits])
        #expect(try store.openTickets(dueAfter: nil, through: horizon, kind: .complaint, limit: 100).map(\.number) == [today.number.digits])
        #expect(try store.openTickets(dueAfter: nil, through: horizon, kind: nil, limit: 2).map(\.number)
            == [overdue.number.digits, today.number.digits])
        #expect(try store.openTickets(dueAfter: nil, through: CivilDate(iso: "2025-12-31")!, kind: .document, limit: 100).map(\.number)
            == [soon.number.digits, later.number.digits])

        #expect(try store.queueTicket(number: soon.number)?.assignee == nil)
        #expect(try store.queueTicket(number: soon.number)?.info == soon)
        #expect(try store.assign(number: soon.number, to: "li", actor: "wang", at: fridayMorning))
        #expect(try store.assign(number: soon.number, to: "zhang", actor: "li", at: fridayMorning.addingTimeInterval(60)))
        #expect(try store.queueTicket(number: soon.number)?.assignee == "zhang")
        #expect(try store.openTickets(dueAfter: friday, through: horizon, kind: nil, limit: 1).first?.assignee == "zhang")
        let trail = try store.auditTrail(number: soon.number)
        #expect(trail.map(\.note).suffix(2) == ["reassigned from nobody to li", "reassigned from li to zhang"])
        #expect(trail.map(\.actor).suffix(2) == ["wang", "li"])
        #expect(trail.last?.from == .open && trail.last?.to == .open)
        #expect(try !store.assign(number: TicketNumber(sequence: 99_999), to: "li", actor: "wang", at: fridayMorning))
        #expect(try store.queueTicket(number: TicketNumber(sequence: 99_999)) == nil)
    }

    @Test(arguments: Backend.allCases) func failedLoginsAreCountedPerKeyWithinTheWindow(backend: Backend) throws {
        let store = try openStore(temporaryFolder("staff") + "/var", backend: backend)
        let t0 = fridayMorning
        try store.recordLoginFailure(keys: ["name:zhang", "addr:10.0.0.7"], at: t0, forgettingBefore: t0.addingTimeInterval(-900))
        try store.recordLoginFailure(keys: ["name:zhang", "addr:10.0.0.8"], at: t0.addingTimeInterval(60), forgettingBefore: t0.addingTimeInterval(-840))
        #expect(try store.loginFailureCount(key: "name:zhang", since: t0) == 2)
        #expect(try store.loginFailureCount(key: "addr:10.0.0.7", since: t0) == 1)
        #expect(try store.loginFailureCount(key: "name:li", since: t0) == 0)
        // Failures before the window are forgotten (and stay forgotten).
        #expect(try store.loginFailureCount(key: "name:zhang", since: t0.addingTimeInterval(30)) == 1)
        #expect(try store.loginFailureCount(key: "name:zhang", since: t0) == 1)
        try store.clearLoginFailures(keys: ["name:zhang"])
        #expect(try store.loginFailureCount(key: "name:zhang", since: t0) == 0)
        #expect(try store.loginFailureCount(key: "addr:10.0.0.8", since: t0) == 1)
        // Noting a failure forgets every key's old failures, not only its own: the table does not grow.
        try store.recordLoginFailure(keys: ["name:li"], at: t0.addingTimeInterval(2000), forgettingBefore: t0.addingTimeInterval(1100))
        #expect(try store.loginFailureCount(key: "addr:10.0.0.8", since: t0) == 0)
        #expect(try store.loginFailureCount(key: "name:li", since: t0) == 1)
    }
}
