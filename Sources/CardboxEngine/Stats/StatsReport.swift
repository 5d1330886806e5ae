import Foundation

/// The numbers `cardbox stats` prints: whole-collection counts and one row per deck and topic.
public struct StatsReport: Codable, Hashable, Sendable {
    /// Counts of one deck or heading topic.
    public struct Topic: Codable, Hashable, Sendable {
        public var path: [String]
        public var cards: Int
        public var new: Int
        public var boxes: [Int]
        public var due: Int
        public var missed: Int
        public var suspended: Int
        public var leeches: Int
    }

    public var cards: Int
    public var new: Int
    public var boxes: [Int]
    public var due: Int
    public var missed: Int
    public var suspended: Int
    public var leeches: Int
    public var reviews: Int
    public var topics: [Topic]
    /// This installation's device id, shown when a journal folder is set; left out otherwise.
    public var device: String?

    public init(
        collection: CardCollection, states: [CardState?], scheduler: LeitnerScheduler, reviews: Int, now: Date,
        rules: CountingRules = CountingRules()
    ) {
        let counts = TopicCounts.all(
            collection: collection, states: states, scheduler: scheduler, now: now, rules: rules)
        let all = counts[0]
        cards = all.total
        new = all.new
        boxes = all.boxes
        due = all.due
        missed = all.missed
        suspended = all.suspended
        leeches = all.leeches
        self.reviews = reviews
        var topics: [Topic] = []
        func visit(_ id: Int) {
            if id != 0 {
                let c = counts[id]
                topics.append(
                    Topic(
                        path: collection.path(of: id), cards: c.total, new: c.new, boxes: c.boxes, due: c.due,
                        missed: c.missed, suspended: c.suspended, leeches: c.leeches))
            }
            for child in collection.nodes[id].children { visit(child) }
        }
        visit(0)
        self.topics = topics
    }

    /// One JSON object on one line.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain integers, strings and arrays cannot fail.
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }
}
