@testable import Console
import Foundation
import Hummingbird
import HummingbirdTesting
import IVREngine
import NIOCore
import Testing
import TicketStore

/// The work queue, the ticket page, its actions, and the recording served with range requests.
@Suite struct TicketPageTests {
    @Test(arguments: Backend.allCases) func queueShowsBandsWithMaskedCallersAndWorkingDays(_ backend: Backend) async throws {
        let f = try ConsoleFixture(backend)
        defer { f.remove() }
        try await f.app.test(.router) { client in
            let agent = try await f.login(client, "zhang")
            try await client.execute(uri: "/tickets", method: .get, headers: agent.headers) { r in
                #expect(r.status == .ok)
                let html = r.text
                #expect(html.contains("2025年9月26日 星期五"))
                #expect(html.contains("12333 人力资源社会保障咨询服务热线"))
                for t in [f.overdue, f.dueToday, f.dueTuesday] { #expect(html.contains("/tickets/\(t.number)")) }
                #expect(!html.contains("13800138000") && !html.contains("13911112222") && !html.contains("02087654321"))
                #expect(html.contains("138******00"))
                #expect(html.contains("已逾期 1 个工作日"))
                #expect(html.contains("今日到期"))
                // Friday → Tuesday 2025-09-30: Sunday 28th (a make-up working day before National Day), Monday and
                // Tuesday are 3 working days, not 2.
                #expect(html.contains("还剩 3 个工作日"))
            }
            try await client.execute(uri: "/tickets?kind=complaint", method: .get, headers: agent.headers) { r in
                #expect(r.text.contains("/tickets/\(f.dueToday.number)"))
                #expect(!r.text.contains("/tickets/\(f.overdue.number)\""))
            }
            try await client.execute(uri: "/tickets?q=\(f.dueTuesday.number)", method: .get, headers: agent.headers) { r in
                #expect(r.status == .seeOther)
                #expect(r.headers[.location] == "/tickets/\(f.dueTuesday.number)")
            }
            let unknown = TicketNumber(sequence: 99_999)
            try await client.execute(uri: "/tickets?q=\(unknown)", method: .get, headers: agent.headers) { r in
                #expect(r.status == .notFound)
                #expect(r.text.contains("没有找到工单 \(unknown)"))
            }
            try await client.execute(uri: "/tickets?kind=bogus", method: .get, headers: agent.headers) { r in #expect(r.status == .badRequest) }
        }
    }

    @Test(arguments: Backend.allCases) func answeredTicketLeavesTheQueueWithItsAuditTrail(_ backend: Backend) async throws {
        let f = try ConsoleFixture(backend)
        defer { f.remove() }
        let n = f.overdue.number
        try await f.app.test(.router) { client in
            let agent = try await f.login(client, "zhang")
            try await client.execute(uri: "/tickets/\(n)", method: .get, headers: agent.headers) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("<audio id=\"message\""))
                #expect(r.text.contains("main › voicemail"))
                #expect(r.text.contains("2025年9月25日 星期四"))
            }
            var (h, b) = agent.form("csrf=\(agent.csrf)&to=li")
            try await client.execute(uri: "/tickets/\(n)/assign", method: .post, headers: h, body: b) { r in #expect(r.status == .seeOther) }
            (h, b) = agent.form("csrf=\(agent.csrf)&note=%E5%B7%B2%E7%94%B5%E8%AF%9D%E5%9B%9E%E5%A4%8D")  // 已电话回复
            try await client.execute(uri: "/tickets/\(n)/answer", method: .post, headers: h, body: b) { r in
                #expect(r.status == .seeOther)
                #expect(r.headers[.location] == "/tickets?done=\(n)&action=answered")
            }
            try await client.execute(uri: "/tickets?done=\(n)&action=answered", method: .get, headers: agent.headers) { r in
                #expect(r.text.contains("工单 \(n) 已标记为已答复"))
                #expect(!r.text.contains("href=\"/tickets/\(n)\""))
            }
            // Answering twice changes nothing.
            try await client.execute(uri: "/tickets/\(n)/answer", method: .post, headers: h, body: b) { r in #expect(r.status == .conflict) }
        }
        #expect(try f.store.ticket(number: n)?.status == .answered)
        let trail = try f.store.auditTrail(number: n)
        #expect(trail.map(\.actor) == ["ivr", "zhang", "zhang"])
        #expect(trail[1].note == "reassigned from nobody to li")
        #expect(trail[2].to == .answered && trail[2].note == "已电话回复")
        #expect(try f.store.queueTicket(number: n)?.assignee == "li")
    }

    @Test(arguments: Backend.allCases) func closeNeedsAReason(_ backend: Backend) async throws {
        let f = try ConsoleFixture(backend)
        defer { f.remove() }
        let n = f.dueToday.number
        try await f.app.test(.router) { client in
            let agent = try await f.login(client, "zhang")
            var (h, b) = agent.form("csrf=\(agent.csrf)&note=")
            try await client.execute(uri: "/tickets/\(n)/close", method: .post, headers: h, body: b) { r in
                #expect(r.status == .badRequest)
                #expect(r.text.contains("关闭原因"))
            }
            (h, b) = agent.form("csrf=\(agent.csrf)&note=duplicate")
            try await client.execute(uri: "/tickets/\(n)/close", method: .post, headers: h, body: b) { r in #expect(r.status == .seeOther) }
        }
        #expect(try f.store.ticket(number: n)?.status == .closed)
    }

    @Test(arguments: Backend.allCases) func recordingIsServedWithRangesAndEveryListenIsAudited(_ backend: Backend) async throws {
        let f = try ConsoleFixture(backend)
        defer { f.remove() }
        let n = f.overdue.number
        let path = try #require(f.overdue.recordingPath)
        let stored = try #require(try f.store.recordingData(path: path))
        let size = stored.count
        // On PostgreSQL the message is in the database only (as a node of a cluster stores it), not in the data folder.
        #expect(FileManager.default.fileExists(atPath: f.data + "/" + path) == (backend == .sqlite))
        try await f.app.test(.router) { client in
            let agent = try await f.login(client, "zhang")
            let uri = "/tickets/\(n)/recording"
            try await client.execute(uri: uri, method: .get, headers: agent.headers) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.acceptRanges] == "bytes")
                #expect(r.headers[.contentType] == "audio/wav")
                #expect(r.body.readableBytes == size)
                #expect(r.body.getString(at: 0, length: 4) == "RIFF")
                #expect(r.body.getBytes(at: 0, length: size).map { Data($0) } == stored)
            }
            var h = agent.headers
            h[.range] = "bytes=0-99"
            try await client.execute(uri: uri, method: .get, headers: h) { r in
                #expect(r.status == .partialContent)
                #expect(r.headers[.contentRange] == "bytes 0-99/\(size)")
                #expect(r.body.readableBytes == 100)
                #expect(r.body.getBytes(at: 0, length: 100).map { Data($0) } == stored.prefix(100))
            }
            h[.range] = "bytes=100-"
            try await client.execute(uri: uri, method: .get, headers: h) { r in
                #expect(r.status == .partialContent)
                #expect(r.headers[.contentRange] == "bytes 100-\(size - 1)/\(size)")
                #expect(r.body.readableBytes == size - 100)
                #expect(r.body.getBytes(at: 0, length: size - 100).map { Data($0) } == stored.dropFirst(100))
            }
            h[.range] = "bytes=-10"
            try await client.execute(uri: uri, method: .get, headers: h) { r in
                #expect(r.status == .partialContent)
                #expect(r.headers[.contentRange] == "bytes \(size - 10)-\(size - 1)/\(size)")
            }
            for bad in ["bytes=\(size)-", "bytes=50-10", "bytes=abc", "bytes=-0"] {
                h[.range] = bad
                try await client.execute(uri: uri, method: .get, headers: h) { r in
                    #expect(r.status == .rangeNotSatisfiable, "\(bad)")
                    #expect(r.headers[.contentRange] == "bytes */\(size)", "\(bad)")
                }
            }
        }
        // Whole file and bytes=0-99 start a listen; seeking (100-, -10) and refused ranges do not.
        let listens = try f.store.listens()
        #expect(listens.count == 2)
        #expect(listens.allSatisfy { $0.staffName == "zhang" && $0.subject == .ticket && $0.ref == n.digits })
    }

    @Test(arguments: Backend.allCases) func badInputGetsAClear4xxAndChangesNothing(_ backend: Backend) async throws {
        let f = try ConsoleFixture(backend)
        defer { f.remove() }
        let n = f.overdue.number
        let unknown = TicketNumber(sequence: 99_999)
        try await f.app.test(.router) { client in
            let agent = try await f.login(client, "zhang")
            try await client.execute(uri: "/tickets/\(unknown)", method: .get, headers: agent.headers) { r in
                #expect(r.status == .notFound)
                #expect(r.text.contains("没有工单 \(unknown)"))
            }
            for bad in ["100018", "12", "abc", "1000171000171000"] {
                try await client.execute(uri: "/tickets/\(bad)", method: .get, headers: agent.headers) { r in #expect(r.status == .badRequest, "\(bad)") }
            }
            let (h0, b0) = agent.form("csrf=\(agent.csrf)&note=x")
            try await client.execute(uri: "/tickets/\(unknown)/answer", method: .post, headers: h0, body: b0) { r in #expect(r.status == .notFound) }
            // Forged form fields.
            for body in ["csrf=\(agent.csrf)&to=root", "csrf=\(agent.csrf)&to=", "csrf=\(agent.csrf)&to=li&to=wang", "csrf=\(agent.csrf)&to=%ZZ"] {
                let (h, b) = agent.form(body)
                try await client.execute(uri: "/tickets/\(n)/assign", method: .post, headers: h, body: b) { r in #expect(r.status == .badRequest, "\(body)") }
            }
            let (h1, b1) = agent.form("csrf=\(agent.csrf)&note=a%00b")
            try await client.execute(uri: "/tickets/\(n)/answer", method: .post, headers: h1, body: b1) { r in #expect(r.status == .badRequest) }
            var h2 = agent.headers
            h2[.contentType] = "application/json"
            try await client.execute(uri: "/tickets/\(n)/answer", method: .post, headers: h2, body: ByteBuffer(string: "{\"note\":\"x\"}")) { r in
                #expect(r.status == .unsupportedMediaType)
            }
            // Oversized bodies, declared or not.
            let (h3, b3) = agent.form("csrf=\(agent.csrf)&note=" + String(repeating: "a", count: 40_000))
            try await client.execute(uri: "/tickets/\(n)/answer", method: .post, headers: h3, body: b3) { r in #expect(r.status == .contentTooLarge) }
            // Path tricks.
            let supervisor = try await f.login(client, "li")
            for path in ["/prompts/cmn/..%2F..%2Fivr.key/audio", "/prompts/..%2F..%2Fetc/passwd/audio", "/prompts/cmn/%2e%2e/audio",
                         "/prompts/cmn/welcome%00/audio", "/prompts/xx/welcome/audio", "/tickets/..%2Fivr.key/recording",
                         "/tickets/%2e%2e%2f%2e%2e%2fetc%2fpasswd/recording"] {
                try await client.execute(uri: path, method: .get, headers: supervisor.headers) { r in
                    #expect(r.status == .notFound || r.status == .badRequest, "\(path)")
                    #expect(r.headers[.contentType]?.hasPrefix("audio/") != true, "\(path)")
                }
            }
        }
        #expect(try f.store.ticket(number: n)?.status == .open)
        #expect(try f.store.auditTrail(number: n).count == 1)
        #expect(try f.store.listens().isEmpty)
    }

    @Test func fileResolutionStaysInsideItsRoot() throws {
        let f = try ConsoleFixture()
        defer { f.remove() }
        let voicemail = f.data + "/voicemail"
        #expect(AudioFiles.resolve(String(f.overdue.recordingPath!.dropFirst("voicemail/".count)), under: voicemail) != nil)
        #expect(AudioFiles.resolve("../ivr.key", under: voicemail) == nil)
        #expect(AudioFiles.resolve("/etc/passwd", under: voicemail) == nil)
        symlink(f.data + "/ivr.key", voicemail + "/link.wav")
        #expect(AudioFiles.resolve("link.wav", under: voicemail) == nil)
        #expect(AudioFiles.resolve("2025", under: voicemail) == nil)  // a folder is not a file
    }
}
