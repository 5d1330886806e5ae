import Foundation

/// `LeitnerScheduler.dueDate(of:)` for many states in a row, with the time-zone lookups it needs cached.
///
/// A due date needs the zone's offset at the last review and the roll-over instant of the due day;
/// asking the time zone costs far more than the rest, three times a card. Roll-over instants are
/// cached by study day (a pure function of the day). Offsets are cached by hour: an hour whose start
/// and end have the same offset has it throughout, because the time-zone database never changes a
/// zone's offset twice within an hour (its closest changes are days apart); an hour that holds a
/// change is never cached, and dates in it ask the zone as before. The dates are the scheduler's own.
public struct DueDateCache {
    private let scheduler: LeitnerScheduler
    /// Direct-mapped by hour (seconds since 1970 / 3600): the hour held, and its offset or `mixed`.
    private var hours: [Int]
    private var offsets: [Int]
    /// Direct-mapped by study day: the day held and its roll-over instant.
    private var days: [Int]
    private var rollOvers: [Date]
    /// The study day each cached roll-over instant falls in (the due day itself, but for a day a zone
    /// skipped, whose roll-over lands on the next one).
    private var rollOverDays: [Int]
    private let mask: Int

    private static let empty = Int.min
    /// Offset stand-in for an hour in which the offset changes.
    private static let mixed = Int.min

    /// A cache sized for about `expectedStates` lookups.
    public init(scheduler: LeitnerScheduler, expectedStates: Int = 1_024) {
        self.scheduler = scheduler
        var size = 16
        while size < min(expectedStates, 16_384) { size *= 2 }
        mask = size - 1
        hours = Array(repeating: Self.empty, count: size)
        offsets = Array(repeating: 0, count: size)
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
    private mutating func offset(at date: Date) -> Int {
        let zone = scheduler.config.timeZone
        let seconds = date.timeIntervalSince1970
        let hourValue = (seconds / 3_600).rounded(.down)
        // Far outside any real date (or not a number): no caching.
        guard abs(hourValue) < 1e12 else { return zone.secondsFromGMT(for: date) }
        let hour = Int(hourValue)
        let start = Double(hour) * 3_600
        // The division may round across an hour's edge; such a date asks the zone itself.
        guard start <= seconds, seconds < start + 3_600 else { return zone.secondsFromGMT(for: date) }
        let slot = hour & mask
        if hours[slot] != hour {
            let first = zone.secondsFromGMT(for: Date(timeIntervalSince1970: start))
            let last = zone.secondsFromGMT(for: Date(timeIntervalSince1970: start + 3_600))
            hours[slot] = hour
            offsets[slot] = first == last ? first : Self.mixed
        }
        let offset = offsets[slot]
        return offset == Self.mixed ? zone.secondsFromGMT(for: date) : offset
    }
}
