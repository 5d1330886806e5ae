import Foundation

/// `LeitnerScheduler.dueDate(of:)` for many states in a row, with the time-zone lookups it needs cached.
///
/// A due date needs the zone's offset at the last review and the roll-over instant of the due day;
/// asking the time zone costs far more than the rest, three times a card. Roll-over instants are
/// cached by study day (a pure function of the day). Offsets are cached as spans between the zone's
/// transitions: the offset at an instant holds until the zone's next transition after it (ICU lists
/// every change of offset, standard or daylight-saving, as a transition), so one span covers months of
/// reviews, and a zone without transitions (UTC, a fixed offset) needs one lookup in all. A span stops a
/// second short of its transition and starts where it was looked up, so an instant near either edge
/// asks the zone itself. The dates are the scheduler's own.
public struct DueDateCache {
    private let scheduler: LeitnerScheduler
    /// Spans of seconds since 1970, `[start, end)`, over which the zone's offset is `offsets[i]`.
    private var spanStarts: [Double] = []
    private var spanEnds: [Double] = []
    private var offsets: [Int] = []
    /// The span the last lookup fell in (reviews come in runs of nearby instants).
    private var lastSpan = 0
    /// Direct-mapped by study day: the day held and its roll-over instant.
    private var days: [Int]
    private var rollOvers: [Date]
    /// The study day each cached roll-over instant falls in (the due day itself, but for a day a zone
    /// skipped, whose roll-over lands on the next one).
    private var rollOverDays: [Int]
    private let mask: Int

    private static let empty = Int.min
    /// Spans kept at most: a year of reviews in a zone with daylight saving needs three.
    private static let spanLimit = 16

    /// A cache sized for about `expectedStates` lookups.
    public init(scheduler: LeitnerScheduler, expectedStates: Int = 1_024) {
        self.scheduler = scheduler
        var size = 16
        while size < min(expectedStates, 16_384) { size *= 2 }
        mask = size - 1
        days = Array(repeating: Self.empty, count: size)
        rollOvers = Array(repeating: Date(timeIntervalSince1970: 0), count: size)
        rollOverDays = Array(repeating: 0, count: size)
    }

    /// Exactly `scheduler.dueDate(of: state)`.
    public mutating func dueDate(of state: CardState) -> Date {
        rollOvers[slot(of: state)]
    }

    /// Exactly `scheduler.studyDay(of: scheduler.dueDate(of: state))`: the study day a card falls due.
    public mutating func dueStudyDay(of state: CardState) -> Int {
        rollOverDays[slot(of: state)]
    }

    /// Both of the above with one lookup.
    public mutating func dueDateAndStudyDay(of state: CardState) -> (Date, Int) {
        let slot = slot(of: state)
        return (rollOvers[slot], rollOverDays[slot])
    }

    /// The cache slot holding the due day of `state`, filled if it held another day.
    private mutating func slot(of state: CardState) -> Int {
        let box = min(max(state.box, 1), scheduler.config.boxCount)
        let day =
            scheduler.studyDay(of: state.lastReview, offset: offset(at: state.lastReview))
            + scheduler.config.intervals[box - 1]
        let slot = day & mask
        if days[slot] != day {
            days[slot] = day
            rollOvers[slot] = scheduler.rollOver(onDay: day)
            rollOverDays[slot] = scheduler.studyDay(of: rollOvers[slot])
        }
        return slot
    }

    /// The zone's offset from GMT at `date`, as `TimeZone.secondsFromGMT(for:)` gives it.
    mutating func offset(at date: Date) -> Int {
        let seconds = date.timeIntervalSince1970
        if lastSpan < offsets.count, spanStarts[lastSpan] <= seconds, seconds < spanEnds[lastSpan] {
            return offsets[lastSpan]
        }
        for span in offsets.indices where spanStarts[span] <= seconds && seconds < spanEnds[span] {
            lastSpan = span
            return offsets[span]
        }
        return lookUp(date)
    }

    /// Asks the zone for the offset at `date`, and keeps the span from `date` to the zone's next
    /// transition (less a second) as holding it.
    private mutating func lookUp(_ date: Date) -> Int {
        let zone = scheduler.config.timeZone
        let offset = zone.secondsFromGMT(for: date)
        let seconds = date.timeIntervalSince1970
        // Far outside any real date (or not a number): not kept.
        guard abs(seconds) < 1e13 else { return offset }
        // The first transition after a second before `date`: no change of offset falls between that
        // second and `end` (ICU rounds to milliseconds, so a change right at `date` is not stepped over).
        let next = zone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: seconds - 1))
        let end = (next?.timeIntervalSince1970 ?? .infinity) - 1
        guard seconds < end else { return offset }
        // A span ending at the same transition is the same span, reaching back further.
        if let same = spanEnds.firstIndex(of: end), offsets[same] == offset {
            spanStarts[same] = min(spanStarts[same], seconds)
            lastSpan = same
            return offset
        }
        if offsets.count == Self.spanLimit {
            // Rare (reviews spread over many years of a zone's changes): start again.
            spanStarts.removeAll(keepingCapacity: true)
            spanEnds.removeAll(keepingCapacity: true)
            offsets.removeAll(keepingCapacity: true)
        }
        spanStarts.append(seconds)
        spanEnds.append(end)
        offsets.append(offset)
        lastSpan = offsets.count - 1
        return offset
    }
}
