package import WorkingDays

/// How long call recordings are kept: a recording of a call that started on day D is removed once the days since D
/// exceed the retention (kept through D + retention, removed from D + retention + 1 on).
package struct RetentionPolicy: Sendable, Hashable {
    /// Days a recording is kept after the day of its call.
    package var days: Int

    /// Creates a policy (days ≥ 0).
    package init(days: Int) { self.days = max(0, days) }

    /// Recordings of calls that started before this day are past retention on `today`.
    package func firstKeptDay(today: CivilDate) -> CivilDate { today.adding(days: -days) }

    /// Whether a call of `day` is past retention on `today`.
    package func isExpired(callDay day: CivilDate, today: CivilDate) -> Bool { day < firstKeptDay(today: today) }
}
