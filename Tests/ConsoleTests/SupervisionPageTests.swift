@testable import Console
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Supervision
import Testing
import TicketStore

/// The supervisor's pages: line state (Art. 20) and its live snapshot, reports from the Supervision library, QA.
@Suite struct SupervisionPageTests {
    @Test(arguments: Backend.allCases) func supervisorSwitchesTheLineClosedAndBack(_ backend: Backend) async throws {
        let f = try ConsoleFixture(backend)
        defer { f.remove() }
        try await f.app.test(.router) { client in
            let li = try await f.login(client, "li")
            try await client.execute(uri: "/line", method: .get, headers: li.headers) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("服务中"))
            }
            var (h, b) = li.form("csrf=\(li.csrf)&state=closed&note=%E7%B3%BB%E7%BB%9F%E7%BB%B4%E6%8A%A4")  // 系统维护
            try await client.execute(uri: "/line/default/state", method: .post, headers: h, body: b) { r in #expect(r.status == .seeOther) }
            #expect(try f.store.lineState(line: "default").state == .closed)
            try await client.execute(uri: "/line", method: .get, headers: li.headers) { r in #expect(r.text.contains("闭席")) }
            // Forged: an unknown line, a state the console does not set, a missing state.
            for (path, body) in [("/line/other/state", "state=open"), ("/line/default/state", "state=stopped"), ("/line/default/state", "state=")] {
                (h, b) = li.form("csrf=\(li.csrf)&\(body)")
                try await client.execute(uri: path, method: .post, headers: h, body: b) { r in
                    #expect(r.status == .notFound || r.status == .badRequest, "\(path) \(body)")
                }
            }
            #expect(try f.store.lineState(line: "default").state == .closed)
            (h, b) = li.form("csrf=\(li.csrf)&state=open")
            try await client.execute(uri: "/line/default/state", method: .post, headers: h, body: b) { r in #expect(r.status == .seeOther) }
        }
        let history = try f.store.lineStateHistory(line: "default")
        #expect(history.map(\.state) == [.closed, .inService])
        #expect(history.allSatisfy { $0.actor == "li" })
        #expect(history.first?.note == "系统维护")
    }

    @Test(arguments: Backend.allCases) func lineSnapshotShowsCallsInProgressWithTheirNode(_ backend: Backend) async throws {
        let f = try ConsoleFixture(backend)
        defer { f.remove() }
        let folder = f.data + "/calls/c-live"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("""
            {"t":0.000,"event":"answer","call":"c-live","caller":"13800138000","now":"2025-09-26T10:00:00+08:00","lang":"cmn"}
            {"t":0.100,"event":"node","id":"welcome"}
            {"t":9.500,"event":"node","id":"main.pension"}

            """.utf8).write(to: URL(fileURLWithPath: folder + "/events.jsonl"))
        let ended = f.data + "/calls/c-done"
        try FileManager.default.createDirectory(atPath: ended, withIntermediateDirectories: true)
        try Data("""
            {"t":0.000,"event":"answer","call":"c-done","caller":null,"now":"2025-09-26T09:00:00+08:00","lang":"cmn"}
            {"t":3.000,"event":"hangup","by":"caller","reason":"caller"}

            """.utf8).write(to: URL(fileURLWithPath: ended + "/events.jsonl"))
        let snapshot = try await f.console.lineMonitor.snapshot()
        #expect(snapshot.calls == [LineMonitor.LiveCall(call: "c-live", node: "main.pension", seconds: 9.5, caller: "138******00", listen: nil)])
        #expect(snapshot.lines.map(\.state) == ["open"])
    }

    @Test(arguments: Backend.allCases) func reportsComeFromTheSupervisionLibrary(_ backend: Backend) async throws {
        let f = try ConsoleFixture(backend)
        defer { f.remove() }
        try await f.app.test(.router) { client in
            let li = try await f.login(client, "li")
            try await client.execute(uri: "/reports?from=2025-09-01&to=2025-09-30", method: .get, headers: li.headers) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("服务报表"))
                #expect(r.text.contains("/static/chart.js"))
                #expect(r.text.contains("report-data"))
                // The three fixture tickets were opened on 2025-09-23: one of each kind.
                #expect(r.text.contains("<td>语音留言</td><td>1</td>"))
            }
            try await client.execute(uri: "/reports/report.html?from=2025-09-01&to=2025-09-30", method: .get, headers: li.headers) { r in
                #expect(r.status == .ok)
                #expect(r.text.hasPrefix("<!DOCTYPE html>") || r.text.hasPrefix("<!doctype html>"))
            }
            for bad in ["from=2025-13-01", "from=2025-09-30&to=2025-09-01", "to=yesterday"] {
                try await client.execute(uri: "/reports?\(bad)", method: .get, headers: li.headers) { r in #expect(r.status == .badRequest, "\(bad)") }
            }
            try await client.execute(uri: "/qa", method: .get, headers: li.headers) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("质检抽样"))
            }
            let (h, b) = li.form("csrf=\(li.csrf)&score=5&note=x")
            try await client.execute(uri: "/qa/no-such-call/score", method: .post, headers: h, body: b) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/calls/..%2F..%2Fivr.key/recording", method: .get, headers: li.headers) { r in
                #expect(r.status == .badRequest || r.status == .notFound)
            }
        }
        #expect(try f.store.listens().isEmpty)
    }
}
