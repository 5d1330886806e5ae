import Foundation

/// The Leitner rules as a pure function of card state, answer, mode and an injected `now`.
///
/// - A new card enters box 1 at its first study review, whatever the answer.
/// - "Got it" in study mode moves a card up one box (the last box stays last); "missed" sends it to box 1.
/// - Cram answers record whether the card was missed but keep its box and due date.
/// - Missed-review answers keep the box; "got it" takes the card off the missed list.
/// - Repeats within a session (re-asks after a miss) schedule nothing; in missed review a right
///   repeat still takes the card off the missed list.
public struct LeitnerScheduler: Sendable {
    public let config: LeitnerConfig
    private let calendar: Calendar

    public init(config: LeitnerConfig) {
        self.config = config
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = config.timeZone
        self.calendar = calendar
    }

    /// The state after `answer`; nil while the card stays new.
    public func apply(_ answer: Answer, to state: CardState?, mode: StudyMode, isRepeat: Bool, now: Date) -> CardState? {
        switch mode {
        case .browse:
            return state
        case .missed:
            guard var state else { return nil }
            if answer == .gotIt { state.missed = false }
            return state
        case .cram:
            guard var state, !isRepeat else { return state }
            state.missed = answer == .missed
            return state
        case .study:
            if isRepeat { return state }
            guard var state else {
                return CardState(box: 1, lastReview: now, missed: answer == .missed, firstReview: now)
            }
            state.box = answer == .gotIt ? min(state.box + 1, config.boxCount) : 1
            state.lastReview = now
            state.missed = answer == .missed
            return state
        }
    }

    /// Applies `answer` and describes it as a review-log row.
    public func review(deck: String, key: String, state: CardState?, answer: Answer, mode: StudyMode,
                       isRepeat: Bool, now: Date) -> (review: Review, state: CardState?) {
        let after = apply(answer, to: state, mode: mode, isRepeat: isRepeat, now: now)
        let review = Review(deck: deck, cardKey: key, time: now, answer: answer, boxBefore: state?.box ?? 0,
                            boxAfter: after?.box ?? 0, mode: mode, isRepeat: isRepeat)
        return (review, after)
    }

    /// Replays a card's review rows (oldest first) into its current state.
    public func replay<S: Sequence>(_ reviews: S) -> CardState? where S.Element == Review {
        reviews.reduce(nil as CardState?) { state, row in
            apply(row.answer, to: state, mode: row.mode, isRepeat: row.isRepeat, now: row.time)
        }
    }

    /// Start of the study day that contains `date`: the latest roll-over hour at or before it.
    public func studyDayStart(containing date: Date) -> Date {
        var parts = calendar.dateComponents([.year, .month, .day, .hour], from: date)
        let hour = parts.hour ?? 0
        parts.hour = config.dayStartHour
        parts.minute = 0
        parts.second = 0
        let sameDay = calendar.date(from: parts) ?? date
        if hour >= config.dayStartHour && sameDay <= date { return sameDay }
        return calendar.date(byAdding: .day, value: -1, to: sameDay) ?? sameDay
    }

    /// When a reviewed card becomes due: its box's interval in study days after the day of its last review.
    public func dueDate(of state: CardState) -> Date {
        let box = min(max(state.box, 1), config.boxCount)
        let start = studyDayStart(containing: state.lastReview)
        return calendar.date(byAdding: .day, value: config.intervals[box - 1], to: start) ?? start
    }

    public func isDue(_ state: CardState, now: Date) -> Bool { dueDate(of: state) <= now }

    /// How many cards were reviewed for the first time in the study day containing `now`.
    public func newCardsIntroduced(states: [CardState?], now: Date) -> Int {
        let start = studyDayStart(containing: now)
        return states.count { ($0?.firstReview ?? .distantPast) >= start }
    }

    /// The cards a study session of `range` holds: due cards (lowest box first, then longest
    /// overdue, then deck order), then new cards in deck order within today's remaining new-card allowance.
    public func studyQueue(range: Range<Int>, states: [CardState?], now: Date, newIntroducedToday: Int) -> [Int] {
        var due: [(index: Int, box: Int, due: Date)] = []
        var fresh: [Int] = []
        let allowance = max(0, config.newCardsPerDay - newIntroducedToday)
        for index in range {
            if let state = states[index] {
                let date = dueDate(of: state)
                if date <= now { due.append((index, state.box, date)) }
            } else if fresh.count < allowance {
                fresh.append(index)
            }
        }
        due.sort { a, b in
            if a.box != b.box { return a.box < b.box }
            if a.due != b.due { return a.due < b.due }
            return a.index < b.index
        }
        return due.map(\.index) + fresh
    }

    /// The cards of `range` whose latest graded answer was "missed", in deck order.
    public func missedQueue(range: Range<Int>, states: [CardState?]) -> [Int] {
        range.filter { states[$0]?.missed == true }
    }

    /// The earliest due date among the reviewed cards of `range` that are not due at `now`.
    public func nextDue(range: Range<Int>, states: [CardState?], now: Date) -> Date? {
        var best: Date?
        for index in range {
            guard let state = states[index] else { continue }
            let date = dueDate(of: state)
            if date > now, best.map({ date < $0 }) ?? true { best = date }
        }
        return best
    }
}
