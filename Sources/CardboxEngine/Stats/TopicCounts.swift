import Foundation

/// What counting needs beyond the card states: which cards are suspended and when a card is a leech.
public struct CountingRules: Sendable {
    /// Whether each card is suspended; empty means none is.
    public var suspended: [Bool]
    /// Lapses that make a card a leech.
    public var leechThreshold: Int

    public init(suspended: [Bool] = [], leechThreshold: Int = LeechRule.standard.threshold) {
        self.suspended = suspended
        self.leechThreshold = leechThreshold
    }

    public func isSuspended(_ index: Int) -> Bool { suspended.indices.contains(index) && suspended[index] }
}

/// Card counts of one topic subtree: total, new, due, missed, suspended, leeches and cards per box.
///
/// A suspended card counts in `total`, `suspended` and its box, never as new, due or missed: those
/// counts are what study and missed review would ask.
public struct TopicCounts: Hashable, Sendable {
    public var total = 0
    public var new = 0
    /// Reviewed cards whose interval has passed.
    public var due = 0
    public var missed = 0
    public var suspended = 0
    /// Cards missed at least the leech threshold's number of times in study.
    public var leeches = 0
    /// Cards per box, box 1 first.
    public var boxes: [Int]
    /// The earliest due date among reviewed cards that are not due yet.
    public var nextDue: Date?

    public init(boxCount: Int) { boxes = Array(repeating: 0, count: boxCount) }

    private init(boxes: [Int]) { self.boxes = boxes }

    /// Share of cards in the upper half of the boxes (box 3 and up with five boxes), 0...1.
    public var mastery: Double {
        guard total > 0 else { return 0 }
        let firstUpper = boxes.count / 2
        return Double(boxes[firstUpper...].reduce(0, +)) / Double(total)
    }

    mutating func add(_ other: TopicCounts, sign: Int = 1) {
        total += sign * other.total
        new += sign * other.new
        due += sign * other.due
        missed += sign * other.missed
        suspended += sign * other.suspended
        leeches += sign * other.leeches
        for i in boxes.indices { boxes[i] += sign * other.boxes[i] }
        if sign > 0, let date = other.nextDue, nextDue.map({ date < $0 }) ?? true { nextDue = date }
    }

    /// Moves card `index`'s contribution from `old` to its current state in its topic and every
    /// ancestor: O(depth) instead of a pass over all cards.
    /// `wasSuspended` is whether the card was suspended before; `rules` say whether it is now.
    public static func adjust(
        _ counts: inout [TopicCounts], collection: CardCollection, states: [CardState?], card index: Int,
        from old: CardState?, wasSuspended: Bool = false, scheduler: LeitnerScheduler, now: Date,
        rules: CountingRules = CountingRules()
    ) {
        let boxCount = scheduler.config.boxCount
        var before = TopicCounts(boxCount: boxCount)
        before.count(old, suspended: wasSuspended, leechThreshold: rules.leechThreshold, scheduler: scheduler, now: now)
        var after = TopicCounts(boxCount: boxCount)
        after.count(
            states[index], suspended: rules.isSuspended(index), leechThreshold: rules.leechThreshold,
            scheduler: scheduler, now: now)
        var node: Int? = collection.cards[index].topic
        while let id = node {
            let heldEarliest = before.nextDue != nil && before.nextDue == counts[id].nextDue
            counts[id].add(before, sign: -1)
            counts[id].add(after)
            if heldEarliest {
                // The card that held the earliest due date moved: look the node's range over again.
                counts[id].nextDue = scheduler.nextDue(
                    range: collection.nodes[id].cardRange, states: states, now: now, suspended: rules.suspended)
            }
            node = collection.nodes[id].parent
        }
    }

    /// Counts for every node of `collection`, indexed by node id, in one pass over the cards.
    public static func all(
        collection: CardCollection, states: [CardState?], scheduler: LeitnerScheduler,
        now: Date, rules: CountingRules = CountingRules()
    ) -> [TopicCounts] {
        var unused: [Int: Int]?
        return all(
            collection: collection, states: states, scheduler: scheduler, now: now, rules: rules, dueDays: &unused)
    }

    /// `all`, and in the same pass the reviewed cards that are not suspended per study day they fall
    /// due on, as `DueForecast.dueDays` counts them (for the app's forecast, without a second pass).
    /// With `parts`, the cards are counted in that many runs of about equal length on as many threads
    /// whatever their number (for a count made while the caller's thread does something else); the
    /// counts are the same in any number of parts.
    public static func all(
        collection: CardCollection, states: [CardState?], scheduler: LeitnerScheduler,
        now: Date, rules: CountingRules = CountingRules(), dueDays: inout [Int: Int], inParts parts: Int? = nil
    ) -> [TopicCounts] {
        var days: [Int: Int]? = [:]
        let counts = all(
            collection: collection, states: states, scheduler: scheduler, now: now, rules: rules, dueDays: &days,
            parts: parts ?? defaultParts(collection))
        dueDays = days ?? [:]
        return counts
    }

    private static func all(
        collection: CardCollection, states: [CardState?], scheduler: LeitnerScheduler,
        now: Date, rules: CountingRules, dueDays: inout [Int: Int]?
    ) -> [TopicCounts] {
        all(
            collection: collection, states: states, scheduler: scheduler, now: now, rules: rules, dueDays: &dueDays,
            parts: defaultParts(collection))
    }

    /// Large collections are counted in two halves, one per core: the counts are sums (and earliest
    /// dates) per topic, the same in any order.
    private static func defaultParts(_ collection: CardCollection) -> Int {
        collection.cards.count >= splitFrom ? 2 : 1
    }

    /// Cards from which `all` counts on two threads.
    static let splitFrom = 16_384

    /// `all`, with the cards counted in `parts` runs of about equal length on as many threads.
    static func all(
        collection: CardCollection, states: [CardState?], scheduler: LeitnerScheduler,
        now: Date, rules: CountingRules, dueDays: inout [Int: Int]?, parts: Int
    ) -> [TopicCounts] {
        let countingDays = dueDays != nil
        let cardCount = collection.cards.count
        let parts = max(1, min(parts, cardCount))
        let runs = (0..<parts).map { part in (cardCount * part / parts)..<(cardCount * (part + 1) / parts) }
        var table: CountTable
        var days: [DayCounts]
        if parts == 1 {
            var single = DayCounts()
            table = countCards(
                in: runs[0], collection: collection, states: states, scheduler: scheduler, now: now, rules: rules,
                countingDays: countingDays, days: &single)
            days = [single]
        } else {
            let slots = PartialCounts(count: parts)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                var partDays = DayCounts()
                let partTable = countCards(
                    in: runs[part], collection: collection, states: states, scheduler: scheduler, now: now,
                    rules: rules, countingDays: countingDays, days: &partDays)
                slots.set(part, partTable, partDays)
            }
            let results = slots.values
            table = results[0].table
            for other in results.dropFirst() { table.add(other.table) }
            days = results.map(\.days)
        }
        if countingDays {
            for part in days { for (day, count) in part.byDay { dueDays![day, default: 0] += count } }
        }
        // Children always have larger ids than their parents, so one backward sweep sums subtrees.
        for node in collection.nodes.reversed() {
            if let parent = node.parent { table.addNode(node.id, to: parent) }
        }
        // A loop, not `map(table.counts(of:))`: that copied the whole table for every node.
        var counts: [TopicCounts] = []
        counts.reserveCapacity(collection.nodes.count)
        for node in collection.nodes.indices { counts.append(table.counts(of: node)) }
        return counts
    }

    /// The counts of the cards in `run`, each in its own topic only (not yet summed up the tree).
    private static func countCards(
        in run: Range<Int>, collection: CardCollection, states: [CardState?], scheduler: LeitnerScheduler,
        now: Date, rules: CountingRules, countingDays: Bool, days: inout DayCounts
    ) -> CountTable {
        let boxCount = scheduler.config.boxCount
        var table = CountTable(nodes: collection.nodes.count, boxCount: boxCount)
        var dueDates = DueDateCache(scheduler: scheduler, expectedStates: run.count)
        // Cards are read in place: copying one retains every field of it.
        collection.cards.withUnsafeBufferPointer { cards in
            for index in run {
                let topic = cards[index].topic
                table.total[topic] += 1
                let suspended = rules.isSuspended(index)
                if suspended { table.suspended[topic] += 1 }
                guard let state = states[index] else {
                    if !suspended { table.new[topic] += 1 }
                    continue
                }
                table.boxes[topic * boxCount + min(max(state.box, 1), boxCount) - 1] += 1
                if state.lapses >= rules.leechThreshold { table.leeches[topic] += 1 }
                if suspended { continue }
                if state.missed { table.missed[topic] += 1 }
                let (date, day) = dueDates.dueDateAndStudyDay(of: state)
                if countingDays { days.add(day) }
                if date <= now {
                    table.due[topic] += 1
                } else if table.nextDue[topic].map({ date < $0 }) ?? true {
                    table.nextDue[topic] = date
                }
            }
        }
        return table
    }

    /// The tables counted on each thread, collected for the merge.
    private final class PartialCounts: @unchecked Sendable {
        private var slots: [(table: CountTable, days: DayCounts)?]
        private let lock = NSLock()

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ table: CountTable, _ days: DayCounts) {
            lock.lock()
            slots[index] = (table, days)
            lock.unlock()
        }

        var values: [(table: CountTable, days: DayCounts)] {
            lock.lock()
            defer { lock.unlock() }
            return slots.compactMap { $0 }
        }
    }

    /// Counts of every node in flat arrays, so counting a card allocates nothing.
    private struct CountTable {
        let boxCount: Int
        var total, new, due, missed, suspended, leeches: [Int]
        /// `boxCount` entries per node.
        var boxes: [Int]
        var nextDue: [Date?]

        init(nodes: Int, boxCount: Int) {
            self.boxCount = boxCount
            total = Array(repeating: 0, count: nodes)
            new = total
            due = total
            missed = total
            suspended = total
            leeches = total
            boxes = Array(repeating: 0, count: nodes * boxCount)
            nextDue = Array(repeating: nil, count: nodes)
        }

        /// Adds `other`'s counts of every node to this table's (the earliest of the two due dates).
        mutating func add(_ other: CountTable) {
            for node in total.indices {
                total[node] += other.total[node]
                new[node] += other.new[node]
                due[node] += other.due[node]
                missed[node] += other.missed[node]
                suspended[node] += other.suspended[node]
                leeches[node] += other.leeches[node]
                if let date = other.nextDue[node], nextDue[node].map({ date < $0 }) ?? true { nextDue[node] = date }
            }
            for slot in boxes.indices { boxes[slot] += other.boxes[slot] }
        }

        mutating func addNode(_ node: Int, to parent: Int) {
            total[parent] += total[node]
            new[parent] += new[node]
            due[parent] += due[node]
            missed[parent] += missed[node]
            suspended[parent] += suspended[node]
            leeches[parent] += leeches[node]
            for box in 0..<boxCount { boxes[parent * boxCount + box] += boxes[node * boxCount + box] }
            if let date = nextDue[node], nextDue[parent].map({ date < $0 }) ?? true { nextDue[parent] = date }
        }

        func counts(of node: Int) -> TopicCounts {
            var counts = TopicCounts(boxes: Array(boxes[node * boxCount..<(node + 1) * boxCount]))
            counts.total = total[node]
            counts.new = new[node]
            counts.due = due[node]
            counts.missed = missed[node]
            counts.suspended = suspended[node]
            counts.leeches = leeches[node]
            counts.nextDue = nextDue[node]
            return counts
        }
    }

    mutating func count(
        _ state: CardState?, suspended isSuspended: Bool, leechThreshold: Int, scheduler: LeitnerScheduler, now: Date
    ) {
        total += 1
        if isSuspended { suspended += 1 }
        guard let state else {
            if !isSuspended { new += 1 }
            return
        }
        boxes[min(max(state.box, 1), boxes.count) - 1] += 1
        if state.lapses >= leechThreshold { leeches += 1 }
        if isSuspended { return }
        if state.missed { missed += 1 }
        let date = scheduler.dueDate(of: state)
        if date <= now {
            due += 1
        } else if nextDue.map({ date < $0 }) ?? true {
            nextDue = date
        }
    }
}
