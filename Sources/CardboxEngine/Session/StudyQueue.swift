import Foundation

/// Builds the queues of study, study ahead, cram and missed review from the cards' states.
///
/// Orders follow the Leitner rules: due cards lowest box first, then most overdue in whole study days;
/// new cards in deck order or shuffled; cram and missed review shuffled. Every shuffle and every tie is
/// broken by a rank drawn from the study day and the card's identity, so a restart on the same day
/// (or the same `--now`) asks the same cards in the same order. Siblings (the cards of one cloze, the
/// two directions of a reverse card: `Card.family`) are never asked on the same study day: a sibling
/// answered today holds the others back until tomorrow, and a queue holds at most one card of each
/// family. Suspended cards are in no queue.
public struct StudyQueue {
    public let scheduler: LeitnerScheduler
    public let cards: [Card]
    public let states: [CardState?]
    /// Whether each card is suspended; empty means none is.
    public let suspended: [Bool]
    public let now: Date

    public init(scheduler: LeitnerScheduler, cards: [Card], states: [CardState?], suspended: [Bool], now: Date) {
        self.scheduler = scheduler
        self.cards = cards
        self.states = states
        self.suspended = suspended
        self.now = now
    }

    /// Order of the new cards of a study session.
    public enum NewOrder: String, Hashable, Sendable, CaseIterable {
        /// As written in the deck files.
        case deck
        /// Shuffled with the study day's seed.
        case random
    }

    private var today: Int { scheduler.studyDay(of: now) }

    /// Due cards of `range`, then up to `newAllowance` new ones.
    public func study(range: Range<Int>, newAllowance: Int, newOrder: NewOrder = .deck) -> [Int] {
        var due: [(index: Int, box: Int, overdue: Int, rank: UInt64)] = []
        var fresh: [Int] = []
        var dueDates = DueDateCache(scheduler: scheduler)
        var heldBack = FamiliesAskedToday(queue: self, range: range)
        for index in range where !isSuspended(index) {
            if let state = states[index] {
                let date = dueDates.dueDate(of: state)
                guard date <= now else { continue }
                due.append((index, state.box, today - scheduler.studyDay(of: date), rank(of: index)))
            } else {
                fresh.append(index)
            }
        }
        due.sort { a, b in
            if a.box != b.box { return a.box < b.box }
            if a.overdue != b.overdue { return a.overdue > b.overdue }
            return (a.rank, a.index) < (b.rank, b.index)
        }
        if newOrder == .random { fresh = shuffled(fresh) }
        var queue = due.map(\.index).filter { heldBack.take($0) }
        var added = 0
        for index in fresh where added < newAllowance && heldBack.take(index) {
            queue.append(index)
            added += 1
        }
        return queue
    }

    /// Reviewed cards of `range` that are not due yet but fall due within `days` study days, soonest first.
    public func ahead(range: Range<Int>, days: Int) -> [Int] {
        var soon: [(index: Int, day: Int, rank: UInt64)] = []
        var dueDates = DueDateCache(scheduler: scheduler)
        var heldBack = FamiliesAskedToday(queue: self, range: range)
        let last = today + days
        for index in range where !isSuspended(index) {
            guard let state = states[index] else { continue }
            let date = dueDates.dueDate(of: state)
            guard date > now else { continue }
            let day = scheduler.studyDay(of: date)
            if day <= last { soon.append((index, day, rank(of: index))) }
        }
        soon.sort { ($0.day, $0.rank, $0.index) < ($1.day, $1.rank, $1.index) }
        return soon.map(\.index).filter { heldBack.take($0) }
    }

    /// How many cards `ahead(range:days:)` would hold.
    public func aheadCount(range: Range<Int>, days: Int) -> Int { ahead(range: range, days: days).count }

    /// The missed cards of `range`, shuffled.
    public func missed(range: Range<Int>) -> [Int] {
        shuffled(range.filter { !isSuspended($0) && states[$0]?.missed == true })
    }

    /// Every card of `range` that is not suspended, shuffled.
    public func cram(range: Range<Int>) -> [Int] {
        shuffled(range.filter { !isSuspended($0) })
    }

    // MARK: Ranks

    /// A repeatable pseudo-random rank of card `index` for today: the same all day, new tomorrow.
    func rank(of index: Int) -> UInt64 {
        let card = cards[index]
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in card.deck.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        hash = hash &* 0x0000_0100_0000_01b3  // a NUL between deck and key
        for byte in card.key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return Self.mix(hash ^ Self.mix(UInt64(bitPattern: Int64(today))))
    }

    func shuffled(_ indices: [Int]) -> [Int] {
        indices.map { ($0, rank(of: $0)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
    }

    /// SplitMix64's finaliser: spreads every input bit over the whole word.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    func isSuspended(_ index: Int) -> Bool { suspended.indices.contains(index) && suspended[index] }
}

/// Families (the gaps of one cloze, the two directions of a reverse card) with a card already asked
/// in study today, or already taken into the queue being built.
private struct FamiliesAskedToday {
    private let queue: StudyQueue
    private var taken: Set<String> = []
    /// A `Q:` card has no sibling unless the range holds reverse cards, whose forward direction is basic.
    private let basicCardsHaveSiblings: Bool

    init(queue: StudyQueue, range: Range<Int>) {
        self.queue = queue
        basicCardsHaveSiblings = range.contains { queue.cards[$0].kind == .reversed }
        let dayStart = queue.scheduler.studyDayStart(containing: queue.now)
        for index in range {
            guard let state = queue.states[index], state.lastReview >= dayStart, let family = family(of: index)
            else { continue }
            taken.insert(family)
        }
    }

    /// The card's family within its deck, or nil when it can have no sibling.
    private func family(of index: Int) -> String? {
        let card = queue.cards[index]
        switch card.kind {
        case .basic where !basicCardsHaveSiblings: return nil
        default: return card.deck + "\u{0}" + card.family
        }
    }

    /// True when card `index` may join the queue; its family is then taken for the day.
    mutating func take(_ index: Int) -> Bool {
        guard let family = family(of: index) else { return true }
        return taken.insert(family).inserted
    }
}
