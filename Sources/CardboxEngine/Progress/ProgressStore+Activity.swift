import Foundation
import GRDB

/// Reading the activity totals and the log rows of a topic, for statistics.
extension ProgressStore {
    /// The answers to the cards of topic node `node` of `collection` (0: every loaded deck), by study
    /// day: from the running totals for the collection or a deck, from the topic's log rows for a heading.
    public func activity(
        of node: Int = 0, in collection: CardCollection, scheduler: LeitnerScheduler, now: Date
    ) throws -> ActivityHistory {
        let topic = collection.nodes[node]
        let decks: Set<String>
        switch topic.kind {
        case .collection: decks = Set(collection.decks.map(\.title))
        case .deck: decks = [topic.title]
        case .heading:
            let cards = collection.cards[topic.cardRange].map(\.id)
            return ActivityHistory(reviews: try reviews(of: cards), scheduler: scheduler)
        }
        return ActivityHistory(
            buckets: try activityBuckets(decks: decks),
            recall: try recallBuckets(decks: decks, since: ActivityHistory.recallSince(now: now)), scheduler: scheduler)
    }

    /// The number of rows in the review log, from the running totals (a few thousand rows, where
    /// counting the log reads all of it).
    public func loggedReviews() throws -> Int {
        try dbWriter.read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(reviews), 0) FROM review_total") ?? 0 }
    }

    /// Answers per 15-minute bucket, oldest first, over the decks named in `decks` (every deck in the
    /// file when nil).
    public func activityBuckets(decks: Set<String>? = nil) throws -> [ActivityBucket] {
        try dbWriter.read { db in
            let (filter, arguments) = Self.deckFilter(decks)
            var result: [ActivityBucket] = []
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT bucket, SUM(reviews), SUM(got), SUM(missed), SUM(seconds), SUM(timed)
                    FROM review_total \(filter) GROUP BY bucket ORDER BY bucket
                    """, arguments: arguments)
            while let row = try rows.next() {
                result.append(
                    ActivityBucket(
                        bucket: row[0],
                        totals: ActivityTotal(
                            reviews: row[1], got: row[2], missed: row[3], seconds: row[4], timed: row[5])
                    ))
            }
            return result
        }
    }

    /// Recall answers per bucket and box from `since` on, over the decks named in `decks` (all when nil).
    public func recallBuckets(decks: Set<String>? = nil, since: Date) throws -> [RecallBucket] {
        try dbWriter.read { db in
            let (filter, arguments) = Self.deckFilter(decks)
            let first = ActivityTotals.bucket(of: since)
            var result: [RecallBucket] = []
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT bucket, box, SUM(reviews), SUM(got) FROM recall_total
                    \(filter.isEmpty ? "WHERE" : filter + " AND") bucket >= ?
                    GROUP BY bucket, box ORDER BY bucket, box
                    """, arguments: arguments + [first])
            while let row = try rows.next() {
                result.append(RecallBucket(bucket: row[0], box: row[1], reviews: row[2], got: row[3]))
            }
            return result
        }
    }

    /// The standing log rows of `cards` (undone answers left out), oldest first: per card through the log's index when they are few,
    /// else one pass over their decks' rows.
    public func reviews(of cards: [CardID]) throws -> [Review] {
        try dbWriter.read { db in
            var rows: [Review] = []
            if cards.count <= 2_000 {
                for card in cards { rows += try ReviewRecord.standing(db, card).fetchAll(db).map(\.review) }
            } else {
                let wanted = Set(cards)
                for deck in Set(cards.map(\.deck)).sorted() {
                    let cursor = try ReviewRecord.standing(db).filter(Column("deck") == deck).fetchCursor(db)
                    while let record = try cursor.next() {
                        if wanted.contains(record.review.card) { rows.append(record.review) }
                    }
                }
            }
            return rows.sorted { ($0.time, $0.id ?? 0) < ($1.time, $1.id ?? 0) }
        }
    }

    private static func deckFilter(_ decks: Set<String>?) -> (String, StatementArguments) {
        guard let decks else { return ("", []) }
        let sorted = decks.sorted()
        if sorted.isEmpty { return ("WHERE 0", []) }
        let marks = Array(repeating: "?", count: sorted.count).joined(separator: ", ")
        return ("WHERE deck IN (\(marks))", StatementArguments(sorted))
    }
}
