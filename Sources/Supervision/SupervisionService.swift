package import Foundation
public import WorkingDays

/// The supervision use cases over any ``SupervisionStoring`` store: what `ivr report`, `ivr qa` and `ivr calls`
/// run, and what the staff console (issue 16) calls for its pages, so nothing is computed twice.
public struct SupervisionService: Sendable {
    /// The store (SQLite today).
    public let store: any SupervisionStoring
    /// The holiday calendar (working days, days off).
    public let calendar: WorkingDayCalendar
    /// The data folder recordings are relative to.
    public let dataDirectory: String

    /// Creates the service.
    public init(store: any SupervisionStoring, calendar: WorkingDayCalendar, dataDirectory: String) {
        self.store = store
        self.calendar = calendar
        self.dataDirectory = dataDirectory
    }

    /// The report figures of `from` … `through`, with "overdue now" judged on `today`.
    public func report(from: CivilDate, through: CivilDate, today: CivilDate) throws -> ReportFigures {
        ServiceReport.compute(calls: try store.calls(from: from, through: through),
                              tickets: try store.ticketFacts(from: from, through: through),
                              qaScores: try store.qaScores(from: from, through: through),
                              calendar: calendar, from: from, through: through, today: today)
    }

    /// Draws a QA sample of the period's recorded calls (see ``QASampler``) and, unless `dryRun`, stores it so
    /// its calls are left out of the next 30 days' draws.
    /// - Returns: the sample (its id is `qa-YYYYMMDD-<seed>`) and the calls drawn.
    public func drawQASample(from: CivilDate, through: CivilDate, n: Int, seed: UInt64, today: CivilDate, actor: String,
                             dryRun: Bool = false) throws -> (sample: QASample, calls: [CallRecord]) {
        let window = QASampler.cooldownWindow(before: today)
        let recent = try store.sampledCallIDs(from: window.from, through: window.through)
        let drawn = QASampler.draw(from: try store.calls(from: from, through: through), n: n, seed: seed, excluding: recent)
        let id = String(format: "qa-%04d%02d%02d-", today.year, today.month, today.day) + String(seed)
        let sample = QASample(id: id, drawnOn: today, actor: actor, calls: drawn.map { ($0.callID, $0.primaryTopic) })
        if !dryRun { try store.recordQASample(sample) }
        return (sample, drawn)
    }

    /// One removal by ``purgeRecordings(retention:today:at:)``.
    public struct Removal: Sendable, Hashable {
        /// The call.
        public var callID: String
        /// Its day.
        public var day: CivilDate
        /// The recording, relative to the data folder.
        public var path: String
        /// `nil` when removed; otherwise why not (the file stays, and so does its index entry).
        public var failure: String?
    }

    /// Removes the recordings past `retention` on `today`, noting each removal in the store.
    package func purgeRecordings(retention: RetentionPolicy, today: CivilDate, at: Date) throws -> [Removal] {
        var out: [Removal] = []
        for c in try store.recordedCalls(startedBefore: retention.firstKeptDay(today: today)) {
            guard let relative = c.recordingPath else { continue }
            let path = relative.hasPrefix("/") ? relative : dataDirectory + "/" + relative
            if unlink(path) != 0 && errno != ENOENT {
                out.append(Removal(callID: c.callID, day: c.day, path: relative,
                                   failure: "\(path): cannot remove: \(String(cString: strerror(errno))); check the folder's permissions"))
                continue
            }
            try store.recordingRemoved(callID: c.callID, path: relative, reason: "retention \(retention.days) days", at: at)
            out.append(Removal(callID: c.callID, day: c.day, path: relative, failure: nil))
        }
        return out
    }
}
