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
    }

    public var cards: Int
    public var new: Int
    public var boxes: [Int]
    public var due: Int
    public var missed: Int
    public var reviews: Int
    public var topics: [Topic]

    public init(collection: CardCollection, states: [CardState?], scheduler: LeitnerScheduler, reviews: Int, now: Date)
    {
        let counts = TopicCounts.all(collection: collection, states: states, scheduler: scheduler, now: now)
        let all = counts[0]
        cards = all.total
        new = all.new
        boxes = all.boxes
        due = all.due
        missed = all.missed
        self.reviews = reviews
        var topics: [Topic] = []
        func visit(_ id: Int) {
            if id != 0 {
                let c = counts[id]
                topics.append(
                    Topic(
                        path: collection.path(of: id), cards: c.total, new: c.new, boxes: c.boxes, due: c.due,
                        missed: c.missed))
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

    /// An aligned text table: one row per topic, indented by depth, then a totals row.
    public func table() -> String {
        let boxHeaders = boxes.indices.map { "B\($0 + 1)" }
        let headers = ["Topic", "New"] + boxHeaders + ["Due", "Missed", "Cards"]
        func row(_ name: String, _ new: Int, _ boxes: [Int], _ due: Int, _ missed: Int, _ cards: Int) -> [String] {
            [name, String(new)] + boxes.map(String.init) + [String(due), String(missed), String(cards)]
        }
        var rows = topics.map { topic in
            row(
                String(repeating: "  ", count: topic.path.count - 1) + (topic.path.last ?? ""), topic.new, topic.boxes,
                topic.due, topic.missed, topic.cards)
        }
        rows.append(row("All decks", new, boxes, due, missed, cards))
        let widths = headers.indices.map { column in
            ([headers] + rows).map { $0[column].count }.max() ?? 0
        }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var lines = [format(headers)]
        lines += rows.dropLast().map(format)
        lines.append(String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1)))
        lines.append(format(rows[rows.count - 1]))
        lines.append("\(reviews) reviews logged")
        return lines.joined(separator: "\n")
    }
}
