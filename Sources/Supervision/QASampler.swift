import Foundation
public import WorkingDays

/// Draws a QA sample of recorded calls (Art. 39): stratified by menu topic, reproducible with a seed, leaving out
/// calls already sampled recently. Pure: the caller passes the candidates and the recently sampled ids.
public enum QASampler {
    /// Calls sampled within this many days before the draw are left out.
    public static let cooldownDays = 30

    /// Draws up to `n` calls.
    ///
    /// Each topic (``CallRecord/primaryTopic``) gets a share of `n` proportional to its recorded calls (largest
    /// remainder; every topic with calls gets at least one while `n` allows), and its calls are drawn uniformly
    /// with a SplitMix64 generator seeded by `seed`, so the same candidates and seed give the same sample.
    /// - Parameters:
    ///   - candidates: the period's calls; only those with a recording are eligible.
    ///   - recentlySampled: ids sampled in the cooldown window (``cooldownWindow(before:)``).
    /// - Returns: the drawn calls, by topic then start time.
    public static func draw(from candidates: [CallRecord], n: Int, seed: UInt64, excluding recentlySampled: Set<String>) -> [CallRecord] {
        let eligible = candidates.filter { $0.recordingPath != nil && !recentlySampled.contains($0.callID) }
            .sorted { $0.callID < $1.callID }
        guard n > 0, !eligible.isEmpty else { return [] }
        let strata = Dictionary(grouping: eligible, by: \.primaryTopic)
        let topics = strata.keys.sorted()
        let total = eligible.count
        let want = min(n, total)
        // Proportional allocation, at least one per topic while there is room, never more than a topic holds.
        var quota: [String: Int] = [:]
        var remainders: [(String, Double)] = []
        for t in topics {
            let exact = Double(want) * Double(strata[t]!.count) / Double(total)
            quota[t] = min(Int(exact), strata[t]!.count)
            remainders.append((t, exact - Double(Int(exact))))
        }
        for t in topics where quota[t] == 0 && quota.values.reduce(0, +) < want { quota[t] = 1 }
        remainders.sort { ($1.1, $0.0) < ($0.1, $1.0) }
        var i = 0
        while quota.values.reduce(0, +) < want {
            let t = remainders[i % remainders.count].0
            if quota[t]! < strata[t]!.count { quota[t]! += 1 }
            i += 1
        }
        while quota.values.reduce(0, +) > want, let t = topics.max(by: { quota[$0]! < quota[$1]! }) { quota[t]! -= 1 }
        var rng = SplitMix64(seed: seed)
        var drawn: [CallRecord] = []
        for t in topics {
            var pool = strata[t]!
            // Partial Fisher-Yates: the first quota[t] elements.
            for k in 0..<quota[t]! {
                let j = k + Int(rng.next() % UInt64(pool.count - k))
                pool.swapAt(k, j)
            }
            drawn += pool.prefix(quota[t]!).sorted { ($0.start, $0.callID) < ($1.start, $1.callID) }
        }
        return drawn
    }

    /// The days whose samples block a call from being drawn again on `day`: the 30 days up to and including it.
    public static func cooldownWindow(before day: CivilDate) -> (from: CivilDate, through: CivilDate) {
        (day.adding(days: -cooldownDays), day)
    }

    /// The scoring sheet: a CSV (UTF-8, header row) with one line per call: call id, start, topic, duration,
    /// masked caller, recording path (under `dataDirectory` when given), and empty `score`, `note` columns for the reviewer.
    public static func csv(_ calls: [CallRecord], dataDirectory: String?) -> String {
        var out = "call_id,start,topic,topic_zh,duration_seconds,caller,recording,score,note\n"
        for c in calls {
            let fields = [c.callID, c.startText, c.primaryTopic, NodeLabels.chinese(c.primaryTopic), String(format: "%.1f", c.durationSeconds),
                          CallerMask.mask(c.caller), c.recordingPath.map { p in dataDirectory.map { $0 + "/" + p } ?? p } ?? "", "", ""]
            out += fields.map(csvField).joined(separator: ",") + "\n"
        }
        return out
    }

    static func csvField(_ s: String) -> String {
        // Quote when needed; a leading =, +, - or @ is prefixed so a spreadsheet never runs it as a formula.
        var v = s
        if let first = v.first, "=+-@".contains(first) { v = "'" + v }
        return v.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : v
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a small seeded generator whose sequence is fixed across platforms.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Starts the sequence at `seed`.
    package init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
