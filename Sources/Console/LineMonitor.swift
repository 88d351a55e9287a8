import Foundation
import Supervision
import TicketStore

/// What the Line page shows and streams: each line's state and the calls in progress with their current node.
///
/// One snapshot is computed at most once a second whatever the number of watching sessions (50 supervisors cost
/// the same store and file reads as one). Calls in progress are the `calls/<id>/events.jsonl` logs of the data
/// folder that have no `hangup` event yet and were written to in the last 15 minutes (a crashed line's log stops
/// counting after that).
actor LineMonitor {
    /// One call in progress.
    struct LiveCall: Sendable, Codable, Equatable {
        /// The call id.
        var call: String
        /// The node the caller is at now.
        var node: String
        /// Seconds since the call was answered (the log's own clock).
        var seconds: Double
        /// The caller, masked.
        var caller: String
        /// Reserved for live listening (Art. 39, 实时监督): the stream to listen to once SIP lands; `nil` today.
        var listen: String?
    }

    /// One line.
    struct Line: Sendable, Codable, Equatable {
        var line: String
        var state: String
        var stateName: String
        var since: String
        var actor: String
        var note: String
    }

    /// The `state` event of the stream.
    struct Snapshot: Sendable, Codable, Equatable {
        var lines: [Line]
        var calls: [LiveCall]
    }

    let store: any ManagedTicketStore
    let lines: [String]
    let now: @Sendable () -> Date
    private var cached: (at: Date, snapshot: Snapshot)?

    init(store: any ManagedTicketStore, lines: [String], now: @escaping @Sendable () -> Date) {
        self.store = store
        self.lines = lines
        self.now = now
    }

    /// The current snapshot (recomputed when older than a second).
    func snapshot() throws -> Snapshot {
        let t = Date()
        if let cached, t.timeIntervalSince(cached.at) < 1 { return cached.snapshot }
        let s = Snapshot(lines: try lines.map { name in
            let r = try store.lineState(line: name)
            return Line(line: name, state: r.state.rawValue, stateName: r.state.chinese, since: r.since, actor: r.actor, note: r.note)
        }, calls: liveCalls(modifiedAfter: t.addingTimeInterval(-15 * 60)))
        cached = (t, s)
        return s
    }

    /// Forgets the cached snapshot (after a state change, so the change shows at once).
    func invalidate() { cached = nil }

    private func liveCalls(modifiedAfter cutoff: Date) -> [LiveCall] {
        let folder = store.dataDirectory + "/calls"
        guard let ids = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var calls: [LiveCall] = []
        for id in ids.sorted() {
            let path = folder + "/" + id + "/events.jsonl"
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  let modified = attributes[.modificationDate] as? Date, modified > cutoff,
                  let data = FileManager.default.contents(atPath: path) else { continue }
            var node = "", caller: String? = nil, seconds = 0.0, ended = false, callID = id
            for line in data.split(separator: UInt8(ascii: "\n")) {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                      let event = object["event"] as? String else { continue }
                if let t = object["t"] as? Double { seconds = t }
                switch event {
                case "answer":
                    caller = object["caller"] as? String
                    callID = object["call"] as? String ?? id
                case "node": node = object["id"] as? String ?? node
                case "hangup": ended = true
                default: break
                }
            }
            if !ended { calls.append(LiveCall(call: callID, node: node, seconds: seconds, caller: ChineseText.maskCaller(caller))) }
        }
        return calls
    }
}
