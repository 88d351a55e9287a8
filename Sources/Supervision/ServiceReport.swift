public import WorkingDays

/// Computes a ``ReportFigures`` from call-index rows, ticket facts and QA scores. Pure: no store, no clock.
public enum ServiceReport {
    /// The ticket kinds, in report order.
    public static let ticketKinds = ["voicemail", "document", "complaint"]

    /// The figures of the period `from` … `through`.
    /// - Parameters:
    ///   - calls: the call-index rows (rows outside the period are ignored).
    ///   - tickets: tickets from the store; a ticket a call's log names but the store lacks (an imported batch log)
    ///     counts as opened and still open.
    ///   - qaScores: every score of the period's calls, oldest first (the latest per call counts).
    ///   - today: the day "overdue now" is judged on.
    public static func compute(calls allCalls: [CallRecord], tickets storeTickets: [TicketFact], qaScores: [QAScore],
                               calendar: WorkingDayCalendar, from: CivilDate, through: CivilDate, today: CivilDate) -> ReportFigures {
        let calls = allCalls.filter { $0.day >= from && $0.day <= through }
        // Volumes.
        var perDay: [CivilDate: Int] = [:]
        var hoursWork = [Int](repeating: 0, count: 24), hoursOff = [Int](repeating: 0, count: 24)
        var working: [CivilDate: Bool] = [:]
        func isWorking(_ d: CivilDate) -> Bool {
            if let w = working[d] { return w }
            let w = calendar.isWorkingDay(d)
            working[d] = w
            return w
        }
        var topicCounts: [String: Int] = [:], pathCounts: [String: Int] = [:], languageCounts: [String: Int] = [:]
        var nodeReached: [String: Int] = [:], nodeAbandoned: [String: Int] = [:]
        var nodeNoInput: [String: (calls: Int, events: Int)] = [:], nodeNoMatch: [String: (calls: Int, events: Int)] = [:]
        var contained = 0, closedCalls = 0
        var agent = AgentFigures(requests: 0, inHours: 0, outOfHours: 0, answered: 0, overflow: 0, abandonedInQueue: 0)
        var waits: [Double] = []
        var survey = SurveyFigures(offered: 0, satisfied: 0, basicallySatisfied: 0, dissatisfied: 0, unrated: 0)
        var surveyByTopic: [String: SurveyFigures] = [:]
        var reachedSet = Set<String>()
        for c in calls {
            perDay[c.day, default: 0] += 1
            let hour = min(max(c.start.hour, 0), 23)
            if isWorking(c.day) { hoursWork[hour] += 1 } else { hoursOff[hour] += 1 }
            for t in c.topics { topicCounts[t, default: 0] += 1 }
            let shown = c.path.first == "welcome" ? c.path.dropFirst() : c.path[...]
            pathCounts[shown.isEmpty ? "(welcome)" : shown.joined(separator: " > "), default: 0] += 1
            languageCounts[c.language, default: 0] += 1
            reachedSet.removeAll(keepingCapacity: true)
            for n in c.path where reachedSet.insert(n).inserted { nodeReached[n, default: 0] += 1 }
            if let n = c.abandonedAt { nodeAbandoned[n, default: 0] += 1 }
            for (n, e) in c.nodeErrors {
                if e.noInput > 0 { nodeNoInput[n, default: (0, 0)].calls += 1; nodeNoInput[n]!.events += e.noInput }
                if e.noMatch > 0 { nodeNoMatch[n, default: (0, 0)].calls += 1; nodeNoMatch[n]!.events += e.noMatch }
            }
            if c.contained { contained += 1 }
            if c.lineClosed { closedCalls += 1 }
            if let a = c.agent {
                agent.requests += 1
                if a.inHours {
                    agent.inHours += 1
                    switch a.result {
                    case "answered": agent.answered += 1
                    case "overflow": agent.overflow += 1
                    default: agent.abandonedInQueue += 1
                    }
                } else {
                    agent.outOfHours += 1
                }
                if let w = a.waitSeconds { waits.append(w) }
            }
            if c.surveyOffered {
                var s = surveyByTopic[c.primaryTopic] ?? SurveyFigures(offered: 0, satisfied: 0, basicallySatisfied: 0, dissatisfied: 0, unrated: 0)
                add(c.surveyScore, to: &survey)
                add(c.surveyScore, to: &s)
                surveyByTopic[c.primaryTopic] = s
            }
        }
        waits.sort()
        agent.waitMedian = median(waits)
        agent.waitMean = waits.isEmpty ? nil : waits.reduce(0, +) / Double(waits.count)
        agent.waitMax = waits.last

        var days: [DayVolume] = []
        var d = from
        while d <= through {
            let holiday: String? = if case .holiday(let h) = calendar.kind(of: d) { h.name } else { nil }
            days.append(DayVolume(date: d, calls: perDay[d] ?? 0, workingDay: isWorking(d), holiday: holiday))
            d = d.adding(days: 1)
        }
        let nodeIDs = Set(nodeReached.keys).union(nodeNoInput.keys).union(nodeNoMatch.keys).sorted()
        let nodes = nodeIDs.map { n in
            NodeFigures(id: n, reached: nodeReached[n] ?? 0, abandoned: nodeAbandoned[n] ?? 0, noInput: nodeNoInput[n]?.calls ?? 0,
                        noMatch: nodeNoMatch[n]?.calls ?? 0, noInputEvents: nodeNoInput[n]?.events ?? 0,
                        noMatchEvents: nodeNoMatch[n]?.events ?? 0)
        }
        return ReportFigures(
            from: from, through: through, today: today, calls: calls.count, days: days,
            hoursWorkingDays: hoursWork, hoursDaysOff: hoursOff, topics: ranked(topicCounts),
            topPaths: Array(ranked(pathCounts).prefix(10)), contained: contained, nodes: nodes, agent: agent, survey: survey,
            surveyByTopic: surveyByTopic.keys.sorted().map { ($0, surveyByTopic[$0]!) },
            tickets: ticketFigures(calls: calls, store: storeTickets, calendar: calendar, from: from, through: through, today: today),
            qa: qaFigures(qaScores), languages: ranked(languageCounts), closedCalls: closedCalls)
    }

    private static func add(_ score: Int?, to s: inout SurveyFigures) {
        s.offered += 1
        switch score {
        case 1: s.satisfied += 1
        case 2: s.basicallySatisfied += 1
        case 3: s.dissatisfied += 1
        default: s.unrated += 1
        }
    }

    /// Counts sorted by count (descending), then id.
    static func ranked(_ counts: [String: Int]) -> [CountedItem] {
        counts.map { CountedItem(id: $0.key, count: $0.value) }.sorted { ($1.count, $0.id) < ($0.count, $1.id) }
    }

    static func median(_ sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let m = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2
    }

    /// Ticket figures per kind: the store's tickets, plus tickets named only by a call's log (imported batch logs).
    static func ticketFigures(calls: [CallRecord], store: [TicketFact], calendar: WorkingDayCalendar, from: CivilDate,
                              through: CivilDate, today: CivilDate) -> [TicketFigures] {
        var facts = store.filter { $0.created >= from && $0.created <= through }
        var known = Set(facts.map { "\($0.callID ?? "")/\($0.number)" })
        for c in calls {
            for t in c.tickets where known.insert("\(c.callID)/\(t.number)").inserted {
                facts.append(TicketFact(number: t.number, kind: t.kind, callID: c.callID, created: c.day, due: t.due, answered: nil))
            }
        }
        return ticketKinds.map { kind in
            var f = TicketFigures(kind: kind, opened: 0, answeredOnTime: 0, answeredLate: 0, overdue: 0, pending: 0)
            var workingDays: [Double] = []
            for t in facts where t.kind == kind {
                f.opened += 1
                if let answered = t.answered {
                    if answered <= t.due { f.answeredOnTime += 1 } else { f.answeredLate += 1 }
                    workingDays.append(Double(calendar.workingDays(after: t.created, through: answered)))
                } else if t.due < today {
                    f.overdue += 1
                } else {
                    f.pending += 1
                }
            }
            f.medianWorkingDaysToAnswer = median(workingDays.sorted())
            return f
        }
    }

    static func qaFigures(_ scores: [QAScore]) -> QAFigures {
        var latest: [String: QAScore] = [:]
        for s in scores { latest[s.callID] = s }
        let list = latest.keys.sorted().map { latest[$0]! }
        var distribution = [Int](repeating: 0, count: 5)
        for s in list where (1...5).contains(s.score) { distribution[s.score - 1] += 1 }
        let mean = list.isEmpty ? nil : Double(list.reduce(0) { $0 + $1.score }) / Double(list.count)
        return QAFigures(scored: list.count, mean: mean, distribution: distribution, latest: list)
    }
}
