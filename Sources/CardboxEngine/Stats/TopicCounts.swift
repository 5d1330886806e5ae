import Foundation

/// Card counts of one topic subtree: total, new, due, missed and cards per box.
public struct TopicCounts: Hashable, Sendable {
    public var total = 0
    public var new = 0
    /// Reviewed cards whose interval has passed.
    public var due = 0
    public var missed = 0
    /// Cards per box, box 1 first.
    public var boxes: [Int]
    /// The earliest due date among reviewed cards that are not due yet.
    public var nextDue: Date?

    public init(boxCount: Int) { boxes = Array(repeating: 0, count: boxCount) }

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
        for i in boxes.indices { boxes[i] += sign * other.boxes[i] }
        if sign > 0, let date = other.nextDue, nextDue.map({ date < $0 }) ?? true { nextDue = date }
    }

    /// Moves card `index`'s contribution from `old` to its current state in its topic and every
    /// ancestor: O(depth) instead of a pass over all cards.
    public static func adjust(_ counts: inout [TopicCounts], collection: CardCollection, states: [CardState?], card index: Int,
                              from old: CardState?, scheduler: LeitnerScheduler, now: Date) {
        let boxCount = scheduler.config.boxCount
        var before = TopicCounts(boxCount: boxCount)
        before.count(old, scheduler: scheduler, now: now)
        var after = TopicCounts(boxCount: boxCount)
        after.count(states[index], scheduler: scheduler, now: now)
        var node: Int? = collection.cards[index].topic
        while let id = node {
            let heldEarliest = before.nextDue != nil && before.nextDue == counts[id].nextDue
            counts[id].add(before, sign: -1)
            counts[id].add(after)
            if heldEarliest {
                // The card that held the earliest due date moved: look the node's range over again.
                counts[id].nextDue = scheduler.nextDue(range: collection.nodes[id].cardRange, states: states, now: now)
            }
            node = collection.nodes[id].parent
        }
    }

    /// Counts for every node of `collection`, indexed by node id, in one pass over the cards.
    public static func all(collection: CardCollection, states: [CardState?], scheduler: LeitnerScheduler,
                           now: Date) -> [TopicCounts] {
        let boxCount = scheduler.config.boxCount
        var counts = Array(repeating: TopicCounts(boxCount: boxCount), count: collection.nodes.count)
        for (index, card) in collection.cards.enumerated() {
            counts[card.topic].count(states[index], scheduler: scheduler, now: now)
        }
        // Children always have larger ids than their parents, so one backward sweep sums subtrees.
        for node in collection.nodes.reversed() {
            if let parent = node.parent { counts[parent].add(counts[node.id]) }
        }
        return counts
    }

    mutating func count(_ state: CardState?, scheduler: LeitnerScheduler, now: Date) {
        total += 1
        guard let state else {
            new += 1
            return
        }
        boxes[min(max(state.box, 1), boxes.count) - 1] += 1
        if state.missed { missed += 1 }
        let date = scheduler.dueDate(of: state)
        if date <= now {
            due += 1
        } else if nextDue.map({ date < $0 }) ?? true {
            nextDue = date
        }
    }
}
