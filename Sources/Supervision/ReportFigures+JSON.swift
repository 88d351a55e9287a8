public import Foundation
import WorkingDays

extension ReportFigures {
    /// The figures as a JSON object for other tools (keys sorted; seconds and shares as numbers).
    ///
    /// Keys: `from`, `through`, `today`, `calls`, `days`, `hours` {`working_days`, `days_off`}, `topics`,
    /// `top_paths`, `contained`, `containment`, `nodes` {id: {`reached`, `abandoned`, `noinput`, `nomatch`,
    /// `noinput_events`, `nomatch_events`}}, `agent`, `survey` {"1", "2", "3", "unrated", `offered`},
    /// `survey_by_topic`, `tickets` {kind: {`opened`, `answered_on_time`, `answered_late`, `overdue`, `pending`,
    /// `median_working_days_to_answer`}}, `qa`, `languages`, `closed_calls`.
    public var jsonObject: [String: Any] {
        func counted(_ items: [CountedItem]) -> [[String: Any]] { items.map { ["id": $0.id, "calls": $0.count] } }
        func surveyObject(_ s: SurveyFigures) -> [String: Any] {
            ["1": s.satisfied, "2": s.basicallySatisfied, "3": s.dissatisfied, "unrated": s.unrated, "offered": s.offered,
             "rated_share": s.offered == 0 ? NSNull() : Double(s.rated) / Double(s.offered) as Any]
        }
        func number(_ x: Double?) -> Any { x.map { ($0 * 1000).rounded() / 1000 } ?? NSNull() }
        var nodeObject: [String: Any] = [:]
        for n in nodes {
            nodeObject[n.id] = ["reached": n.reached, "abandoned": n.abandoned, "noinput": n.noInput, "nomatch": n.noMatch,
                                "noinput_events": n.noInputEvents, "nomatch_events": n.noMatchEvents]
        }
        var ticketObject: [String: Any] = [:]
        for t in tickets {
            ticketObject[t.kind] = ["opened": t.opened, "answered_on_time": t.answeredOnTime, "answered_late": t.answeredLate,
                                    "overdue": t.overdue, "pending": t.pending,
                                    "median_working_days_to_answer": number(t.medianWorkingDaysToAnswer)]
        }
        var byTopic: [String: Any] = [:]
        for (topic, s) in surveyByTopic { byTopic[topic] = surveyObject(s) }
        return [
            "from": from.description, "through": through.description, "today": today.description, "calls": calls,
            "days": days.map { d -> [String: Any] in
                ["date": d.date.description, "calls": d.calls, "working_day": d.workingDay, "holiday": d.holiday ?? NSNull()]
            },
            "hours": ["working_days": hoursWorkingDays, "days_off": hoursDaysOff],
            "topics": counted(topics), "top_paths": counted(topPaths), "contained": contained,
            "containment": calls == 0 ? NSNull() : number(Double(contained) / Double(calls)),
            "nodes": nodeObject,
            "agent": ["requests": agent.requests, "in_hours": agent.inHours, "out_of_hours": agent.outOfHours,
                      "answered": agent.answered, "overflow": agent.overflow, "abandoned_in_queue": agent.abandonedInQueue,
                      "wait_median_seconds": number(agent.waitMedian), "wait_mean_seconds": number(agent.waitMean),
                      "wait_max_seconds": number(agent.waitMax)],
            "survey": surveyObject(survey), "survey_by_topic": byTopic, "tickets": ticketObject,
            "qa": ["scored": qa.scored, "mean": number(qa.mean), "distribution": qa.distribution,
                   "scores": qa.latest.map { ["call": $0.callID, "score": $0.score, "note": $0.note, "by": $0.actor, "at": $0.at] }],
            "languages": counted(languages), "closed_calls": closedCalls,
        ]
    }

    /// The JSON text (UTF-8, pretty-printed, sorted keys).
    public func jsonData() throws -> Data {
        try JSONSerialization.data(withJSONObject: jsonObject, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }
}
