import Foundation

/// How many reviewed cards fall due on each of the next study days; overdue cards count on today.
///
/// Day 0 is the study day holding `now`; suspended cards and new cards are not counted. The study
/// screen's chart, `stats --json` and the session summary's "Tomorrow: N · next 7 days: M" all read it.
public struct DueForecast: Equatable, Sendable {
    /// Cards due on each study day, today first.
    public var due: [Int]
    /// The study day `due[0]` counts (days since 1970 in the scheduler's zone, shifted by the roll-over).
    public var firstDay: Int

    public init(due: [Int], firstDay: Int) {
        self.due = due
        self.firstDay = firstDay
    }

    /// The forecast for `days` study days over the cards of `range`.
    public init(
        scheduler: LeitnerScheduler, states: [CardState?], suspended: [Bool], range: Range<Int>, now: Date,
        days: Int = 30
    ) {
        let today = scheduler.studyDay(of: now)
        var due = [Int](repeating: 0, count: max(days, 1))
        var dueDates = DueDateCache(scheduler: scheduler, expectedStates: range.count)
        for index in range {
            guard let state = states[index], !(suspended.indices.contains(index) && suspended[index]) else { continue }
            let offset = max(0, scheduler.studyDay(of: dueDates.dueDate(of: state)) - today)
            if offset < due.count { due[offset] += 1 }
        }
        self.init(due: due, firstDay: today)
    }

    /// Cards due tomorrow.
    public var tomorrow: Int { due.count > 1 ? due[1] : 0 }

    /// Cards due over the next seven days, tomorrow to a week from today (forecast days 1–7).
    public var nextSevenDays: Int { due.dropFirst().prefix(7).reduce(0, +) }
}
