import Foundation

/// The Leitner rules as a pure function of card state, answer, mode and an injected `now`.
///
/// - A new card enters box 1 at its first study (or study-ahead) review, whatever the answer.
/// - In study, "got it" moves a card up one box (the last box stays last) when the card was due; a
///   card answered before it was due keeps its box and due date, so replaying merged logs never moves
///   a card twice. Study ahead moves it up whether due or not, counting the next interval from now.
/// - "Missed" in study or study ahead sends a card to box 1 and counts a lapse.
/// - A card is missed from a "missed" answer in any mode until it is next answered right in any mode,
///   an in-session repeat included. Cram and missed review change nothing else.
/// - Repeats within a session (re-asks after a miss) schedule nothing.
public struct LeitnerScheduler: Sendable {
    public let config: LeitnerConfig

    public init(config: LeitnerConfig) {
        self.config = config
    }

    /// The state after `answer`; nil while the card stays new.
    public func apply(_ answer: Answer, to state: CardState?, mode: StudyMode, isRepeat: Bool, now: Date) -> CardState?
    {
        apply(answer, to: state, mode: mode, isRepeat: isRepeat, now: now) { isDue($0, now: now) }
    }

    /// `apply` with the due dates taken from `dueDates`, which caches the time-zone lookups: replaying
    /// many answers in a row (a journal import) costs a fraction of asking the zone each time.
    public func apply(
        _ answer: Answer, to state: CardState?, mode: StudyMode, isRepeat: Bool, now: Date,
        dueDates: inout DueDateCache
    ) -> CardState? {
        apply(answer, to: state, mode: mode, isRepeat: isRepeat, now: now) { dueDates.dueDate(of: $0) <= now }
    }

    private func apply(
        _ answer: Answer, to state: CardState?, mode: StudyMode, isRepeat: Bool, now: Date,
        isDue: (CardState) -> Bool
    ) -> CardState? {
        let missed = answer == .missed
        switch mode {
        case .browse, .imported:
            // An import names its box, which only its log row holds: `state(after:from:)`.
            return state
        case .missed, .cram:
            guard var state else { return nil }
            state.missed = missed
            return state
        case .study, .ahead:
            guard var state else {
                if isRepeat { return nil }
                return CardState(box: 1, lastReview: now, missed: missed, firstReview: now, lapses: missed ? 1 : 0)
            }
            state.missed = missed
            if isRepeat { return state }
            if missed {
                state.box = 1
                state.lastReview = now
                state.lapses += 1
            } else if mode == .ahead || isDue(state) {
                state.box = min(state.box + 1, config.boxCount)
                state.lastReview = now
            }
            return state
        }
    }

    /// Applies `answer` and describes it as a review-log row.
    public func review(
        deck: String, key: String, state: CardState?, answer: Answer, mode: StudyMode,
        isRepeat: Bool, now: Date
    ) -> (review: Review, state: CardState?) {
        let after = apply(answer, to: state, mode: mode, isRepeat: isRepeat, now: now)
        let review = Review(
            deck: deck, cardKey: key, time: now, answer: answer, boxBefore: state?.box ?? 0,
            boxAfter: after?.box ?? 0, mode: mode, isRepeat: isRepeat)
        return (review, after)
    }

    /// Replays a card's review rows (oldest first) into its current state.
    public func replay<S: Sequence>(_ reviews: S) -> CardState? where S.Element == Review {
        reviews.reduce(nil as CardState?) { state, row in self.state(after: row, from: state) }
    }

    /// The state after one logged review: `apply` for an answer; an import puts the card in the box
    /// the row names (within the boxes there are), reviewed at the row's time, missed when its
    /// answer was "missed", keeping the card's first review and lapses.
    public func state(after review: Review, from state: CardState?) -> CardState? {
        guard review.mode == .imported else {
            return apply(review.answer, to: state, mode: review.mode, isRepeat: review.isRepeat, now: review.time)
        }
        return imported(box: review.boxAfter, answer: review.answer, time: review.time, from: state)
    }

    /// One step of replaying a card's log in (time, device, sequence) order: moves `state` past the
    /// answer and returns the boxes it was given in. The time counts as at most `limit` (a line dated
    /// in the future keeps its place but counts as now); an import keeps the boxes its row names.
    func replayStep(
        _ answer: Answer, mode: StudyMode, isRepeat: Bool, time: Double, logged: (before: Int, after: Int),
        state: inout CardState?, limit: Double, dueDates: inout DueDateCache
    ) -> (before: Int, after: Int) {
        if mode == .imported {
            state = imported(box: logged.after, answer: answer, time: Date(timeIntervalSince1970: time), from: state)
            return logged
        }
        let before = state?.box ?? 0
        state = apply(
            answer, to: state, mode: mode, isRepeat: isRepeat, now: Date(timeIntervalSince1970: min(time, limit)),
            dueDates: &dueDates)
        return (before, state?.box ?? 0)
    }

    /// The state after an import that puts the card in `box`: see `state(after:from:)`.
    private func imported(box: Int, answer: Answer, time: Date, from state: CardState?) -> CardState? {
        guard box >= 1 else { return state }
        return CardState(
            box: min(box, config.boxCount), lastReview: time, missed: answer == .missed,
            firstReview: state.map { min($0.firstReview, time) } ?? time, lapses: state?.lapses ?? 0)
    }

    /// The box whose interval is nearest `days` (the lower box on a tie); box 1 for less than a day.
    public func box(nearestInterval days: Int) -> Int {
        guard days >= 1 else { return 1 }
        var best = 1
        for (index, interval) in config.intervals.enumerated()
        where abs(interval - days) < abs(config.intervals[best - 1] - days) {
            best = index + 1
        }
        return best
    }

    /// Start of the study day that contains `date`: the latest roll-over hour at or before it.
    public func studyDayStart(containing date: Date) -> Date {
        rollOver(onDay: studyDay(of: date))
    }

    /// When a reviewed card becomes due: its box's interval in study days after the day of its last review.
    public func dueDate(of state: CardState) -> Date {
        let box = min(max(state.box, 1), config.boxCount)
        return rollOver(onDay: studyDay(of: state.lastReview) + config.intervals[box - 1])
    }

    // Day arithmetic on local wall-clock seconds: a Calendar round trip per card is what made counting
    // a 100k-card deck slow. Time-zone offsets still come from the zone, so daylight-saving changes hold.

    private static let secondsPerDay = 86_400.0

    /// The study day holding `date`, as days since 1970-01-01 in local time, shifted by the roll-over hour.
    public func studyDay(of date: Date) -> Int {
        studyDay(of: date, offset: config.timeZone.secondsFromGMT(for: date))
    }

    /// The study day holding `date`, given the zone's offset from GMT at `date`.
    func studyDay(of date: Date, offset: Int) -> Int {
        let local = date.timeIntervalSince1970 + Double(offset)
        return Int(((local - Double(config.dayStartHour) * 3_600) / Self.secondsPerDay).rounded(.down))
    }

    /// The instant of the roll-over hour, local time, on study day `day`.
    func rollOver(onDay day: Int) -> Date {
        let local = Double(day) * Self.secondsPerDay + Double(config.dayStartHour) * 3_600
        // The offset at a first guess of the instant, then at the instant itself, so a daylight-saving
        // change between the two days is taken into account.
        let first = Double(config.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: local)))
        let offset = Double(config.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: local - first)))
        if offset == first { return Date(timeIntervalSince1970: local - offset) }
        // Near a change of offset: take the candidate that really is this wall-clock time; when the time
        // does not exist (a skipped hour, or Samoa's skipped 30 December 2011) the later one, so a due
        // date never falls before the review it follows.
        let candidates = [local - offset, local - first]
        let valid = candidates.first {
            Double(config.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: $0))) + $0 == local
        }
        return Date(timeIntervalSince1970: valid ?? max(candidates[0], candidates[1]))
    }

    public func isDue(_ state: CardState, now: Date) -> Bool { dueDate(of: state) <= now }

    /// How many cards were reviewed for the first time in the study day containing `now`.
    public func newCardsIntroduced(states: [CardState?], now: Date) -> Int {
        let start = studyDayStart(containing: now)
        return states.count { Self.wasIntroduced($0, since: start) }
    }

    /// True when `state` belongs to a card first reviewed at or after `dayStart` (a new card that day).
    public static func wasIntroduced(_ state: CardState?, since dayStart: Date) -> Bool {
        (state?.firstReview ?? .distantPast) >= dayStart
    }

    /// The earliest due date among the reviewed cards of `range` that are not due at `now` and not suspended.
    public func nextDue(range: Range<Int>, states: [CardState?], now: Date, suspended: [Bool] = []) -> Date? {
        var best: Date?
        var dueDates = DueDateCache(scheduler: self)
        for index in range {
            guard let state = states[index], !(suspended.indices.contains(index) && suspended[index]) else { continue }
            let date = dueDates.dueDate(of: state)
            if date > now, best.map({ date < $0 }) ?? true { best = date }
        }
        return best
    }
}
