import Foundation
import GRDB
import GRDBSQLite

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
    ///
    /// Each deck's rows are read in the order of the table's key (deck, bucket) and merged here: grouping
    /// across decks in SQL sorts every row in a temporary tree, which cost most of a small start's reading.
    public func activityBuckets(decks: Set<String>? = nil) throws -> [ActivityBucket] {
        try dbWriter.read { db in
            var perDeck: [[ActivityBucket]] = []
            for deck in try Self.deckNames(decks, table: "review_total", db: db) {
                // Read column by column, as SQLite gives them: the columns are NOT NULL numbers, and
                // decoding six of them a row through `Row` cost as much as the rest of the read.
                let statement = try db.cachedStatement(sql: Self.bucketSQL)
                try statement.setArguments([deck])
                let sqlite = statement.sqliteStatement
                defer { sqlite3_reset(sqlite) }
                perDeck.append(try Self.bucketRows(sqlite) { try RawStatementStep.nextRow(sqlite, in: db) })
            }
            return Self.mergedBuckets(perDeck)
        }
    }

    /// One deck's rows of the running totals, in bucket order; the deck is its one parameter.
    static let bucketSQL =
        "SELECT bucket, reviews, got, missed, seconds, timed FROM review_total WHERE deck = ? ORDER BY bucket"

    /// The rows of `sqlite`, a statement of `bucketSQL`, stepped by `next` (true on a row, false when done).
    static func bucketRows(_ sqlite: SQLiteStatement, next: () throws -> Bool) rethrows -> [ActivityBucket] {
        var rows: [ActivityBucket] = []
        while try next() { rows.append(bucket(sqlite, from: 0)) }
        return rows
    }

    /// The bucket in the current row of `sqlite`, whose columns from `first` on are `bucketSQL`'s.
    static func bucket(_ sqlite: SQLiteStatement, from first: Int32) -> ActivityBucket {
        func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(sqlite, first + column)) }
        return ActivityBucket(
            bucket: int(0),
            totals: ActivityTotal(
                reviews: int(1), got: int(2), missed: int(3), seconds: sqlite3_column_double(sqlite, first + 4),
                timed: int(5)))
    }

    /// Each deck's buckets (decks in name order) as one list, equal buckets added up.
    static func mergedBuckets(_ perDeck: [[ActivityBucket]]) -> [ActivityBucket] {
        merged(perDeck, key: \.bucket) { $0.totals.add($1.totals) }
    }

    /// Each deck's recall rows (decks in name order) as one list, rows of the same bucket and box added up.
    static func mergedRecall(_ perDeck: [[RecallBucket]]) -> [RecallBucket] {
        merged(perDeck, key: { RecallKey(bucket: $0.bucket, box: $0.box) }) {
            $0.reviews += $1.reviews
            $0.got += $1.got
        }
    }

    /// One deck's recall rows from a bucket on, in the order of the table's key; the deck and the first
    /// bucket are its parameters.
    static let recallSQL = """
        SELECT bucket, box, reviews, got FROM recall_total
        WHERE deck = ? AND bucket >= ? ORDER BY bucket, box
        """

    /// Recall answers per bucket and box from `since` on, over the decks named in `decks` (all when nil),
    /// oldest first: each deck's rows in the order of the table's key, merged as in `activityBuckets`.
    public func recallBuckets(decks: Set<String>? = nil, since: Date) throws -> [RecallBucket] {
        try dbWriter.read { db in
            let first = ActivityTotals.bucket(of: since)
            var perDeck: [[RecallBucket]] = []
            for deck in try Self.deckNames(decks, table: "recall_total", db: db) {
                var rows: [RecallBucket] = []
                let cursor = try Row.fetchCursor(db, sql: Self.recallSQL, arguments: [deck, first])
                while let row = try cursor.next() {
                    rows.append(RecallBucket(bucket: row[0], box: row[1], reviews: row[2], got: row[3]))
                }
                perDeck.append(rows)
            }
            return Self.mergedRecall(perDeck)
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

    /// The deck names to read, in order: those of `decks`, or every deck with rows in `table` when nil.
    private static func deckNames(_ decks: Set<String>?, table: String, db: Database) throws -> [String] {
        if let decks { return decks.sorted() }
        return try String.fetchAll(db, sql: "SELECT DISTINCT deck FROM \(table) ORDER BY deck")
    }

    /// One list in `key` order from lists each in `key` order, rows with equal keys combined with `combine`
    /// in the lists' order (the decks' names).
    static func merged<Element, Key: Comparable>(
        _ lists: [[Element]], key: (Element) -> Key, combine: (inout Element, Element) -> Void
    ) -> [Element] {
        guard lists.count > 1 else { return lists.first ?? [] }
        var result: [Element] = []
        for list in lists {
            var merged: [Element] = []
            merged.reserveCapacity(result.count + list.count)
            var i = 0
            var j = 0
            while i < result.count || j < list.count {
                if j == list.count || (i < result.count && key(result[i]) < key(list[j])) {
                    merged.append(result[i])
                    i += 1
                } else if i == result.count || key(list[j]) < key(result[i]) {
                    merged.append(list[j])
                    j += 1
                } else {
                    var row = result[i]
                    combine(&row, list[j])
                    merged.append(row)
                    i += 1
                    j += 1
                }
            }
            result = merged
        }
        return result
    }
}

/// A recall row's place: its bucket, then its box.
private struct RecallKey: Comparable {
    var bucket: Int
    var box: Int

    static func < (lhs: RecallKey, rhs: RecallKey) -> Bool { (lhs.bucket, lhs.box) < (rhs.bucket, rhs.box) }
}
