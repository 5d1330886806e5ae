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

    public init(boxCount: Int) { boxes = Array(repeating: 0, count: boxCount) }

    /// Share of cards in the upper half of the boxes (box 3 and up with five boxes), 0...1.
    public var mastery: Double {
        guard total > 0 else { return 0 }
        let firstUpper = boxes.count / 2
        return Double(boxes[firstUpper...].reduce(0, +)) / Double(total)
    }

    mutating func add(_ other: TopicCounts) {
        total += other.total
        new += other.new
        due += other.due
        missed += other.missed
        for i in boxes.indices { boxes[i] += other.boxes[i] }
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
        if scheduler.isDue(state, now: now) { due += 1 }
    }
}
