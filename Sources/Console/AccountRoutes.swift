import Foundation
import Hummingbird
import TicketStore

extension Console {
    func addAccountRoutes(_ router: Router<ConsoleContext>) {
        router.get("/accounts") { _, context -> Response in
            let session = try context.require(.accounts)
            return try accountsPage(session, flash: nil)
        }
        router.post("/accounts") { request, context -> Response in
            let (session, form) = try await request.staffForm(context, .accounts, limit: configuration.maxFormBytes)
            let name = try form.text("name", label: "用户名", max: 32)
            guard let role = StaffRole(parsing: form["role"] ?? "") else { throw ConsoleError.badRequest("没有这个角色，未做更改。") }
            let password = form["password"] ?? ""
            guard password.count >= 10, password.count <= 200 else { throw ConsoleError.badRequest("密码至少 10 位，未做更改。") }
            guard StaffAccount.isAcceptableName(name) else {
                throw ConsoleError.badRequest("用户名只能包含字母、数字、汉字和 . _ -（最多 32 字），未做更改。")
            }
            do {
                try store.addStaff(name: name, role: role, passwordHash: await hashPassword(password), at: configuration.now())
            } catch let e as StaffAccountError {
                throw ConsoleError(status: .conflict, message: "未创建：\(e.description)")
            }
            return try accountsPage(session, flash: "已创建账号 \(name)（\(role.chineseName)）。")
        }
    }

    func accountsPage(_ session: StaffSessionRecord, flash: String?) throws -> Response {
        let accounts = try store.staffAccounts().map { a -> [String: Any] in
            ["name": a.name, "roleName": a.role.chineseName + (a.disabled ? "（已停用）" : ""), "created": localTime(iso: a.createdAt)]
        }
        let roles = StaffRole.allCases.map { ["id": $0.rawValue, "label": $0.chineseName] }
        return page("accounts", title: "工作人员账号", session: session, current: "/accounts",
                    values: ["accounts": accounts, "roles": roles], flash: flash)
    }
}
