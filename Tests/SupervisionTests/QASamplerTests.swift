import Foundation
import Supervision
import Testing
import WorkingDays

/// QA sampling: stratified by topic, reproducible with the seed, recently sampled calls left out.
@Suite("QA sampling")
struct QASamplerTests {
    static func call(_ id: String, topic: String, day: Int = 1, recorded: Bool = true) -> CallRecord {
        let start = LocalDateTime(year: 2025, month: 9, day: day, hour: 10)
        return CallRecord(callID: id, start: start, startText: start.iso8601, durationSeconds: 60, caller: nil, language: "cmn",
                          path: ["welcome", "main", topic], hangupBy: "caller", hangupReason: "caller",
                          recordingPath: recorded ? "calls/2025/09/0\(day)/\(id).flac" : nil)
    }

    /// 60 voicemail, 30 agent, 10 documents calls, and 5 without a recording.
    static let calls: [CallRecord] = (0..<60).map { call("v\($0)", topic: "voicemail") } + (0..<30).map { call("a\($0)", topic: "agent") }
        + (0..<10).map { call("d\($0)", topic: "documents") } + (0..<5).map { call("x\($0)", topic: "identity", recorded: false) }

    @Test func proportionalPerTopicAndReproducible() {
        let a = QASampler.draw(from: Self.calls, n: 10, seed: 42, excluding: [])
        let b = QASampler.draw(from: Self.calls.shuffled(), n: 10, seed: 42, excluding: [])
        #expect(a.map(\.callID) == b.map(\.callID))
        let perTopic = Dictionary(grouping: a, by: \.primaryTopic).mapValues(\.count)
        #expect(perTopic == ["voicemail": 6, "agent": 3, "documents": 1])
        #expect(a.allSatisfy { $0.recordingPath != nil })
        let c = QASampler.draw(from: Self.calls, n: 10, seed: 43, excluding: [])
        #expect(c.map(\.callID) != a.map(\.callID))
    }

    @Test func everyTopicGetsOneWhenRoomAndRecentOnesAreLeftOut() {
        let few = QASampler.draw(from: Self.calls, n: 3, seed: 1, excluding: [])
        #expect(Set(few.map(\.primaryTopic)) == ["voicemail", "agent", "documents"])
        let recent = Set((0..<10).map { "d\($0)" })
        let without = QASampler.draw(from: Self.calls, n: 10, seed: 42, excluding: recent)
        #expect(without.count == 10)
        #expect(without.allSatisfy { !recent.contains($0.callID) })
        let all = QASampler.draw(from: Self.calls, n: 500, seed: 42, excluding: [])
        #expect(all.count == 100)
    }

    @Test func cooldownIsThirtyDaysAndCSVIsSafe() {
        let w = QASampler.cooldownWindow(before: CivilDate(year: 2025, month: 10, day: 31)!)
        #expect(w.from == CivilDate(year: 2025, month: 10, day: 1)!)
        var c = Self.call("=cmd", topic: "voicemail")
        c.caller = "13800138000"
        let csv = QASampler.csv([c], dataDirectory: "/data")
        #expect(csv.contains("'=cmd"))
        #expect(csv.contains("138******00"))
        #expect(!csv.contains("13800138000"))
    }
}
