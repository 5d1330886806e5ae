import Foundation
import GRDB
import GRDBSQLite

/// The running totals beside the review log: answers per deck and 15-minute UTC bucket (count, right,
/// missed, seconds), and recall answers per deck, bucket and box. Every answer recorded, imported or
/// undone (a tombstone) goes through `add`, and every box a replay changes through `addRecall`, inside
/// the same transaction, so the totals always equal a pass over the standing log.
///
/// Fifteen minutes divide every time-zone offset in use (+05:45, +12:45 included) and every roll-over
/// hour, so a bucket always falls within one study day whatever the zone: totals are folded into
/// study days when read, and a change of zone or `day-start` needs no rewrite.
enum ActivityTotals {
    /// Seconds per bucket.
    static let bucketSeconds = 900.0

    /// The bucket holding `date`.
    static func bucket(of date: Date) -> Int {
        Int((date.timeIntervalSince1970 / bucketSeconds).rounded(.down))
    }

    /// `bucket(of:)` of the `time` column in SQL (CAST truncates towards zero; times before 1970 round down).
    static let bucketSQL =
        "(CAST(time / 900 AS INTEGER) - (time < 0 AND CAST(time / 900 AS INTEGER) * 900 != time))"

    /// Adds answers (deck, bucket, reviews, got, missed, seconds, timed) to a bucket's totals.
    static let addAnswersSQL = """
        INSERT INTO review_total (deck, bucket, reviews, got, missed, seconds, timed)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (deck, bucket) DO UPDATE SET
            reviews = reviews + excluded.reviews, got = got + excluded.got,
            missed = missed + excluded.missed, seconds = seconds + excluded.seconds,
            timed = timed + excluded.timed
        """

    /// `Review.measuresRecall` in SQL.
    static let recallSQL = "mode IN ('study', 'ahead') AND is_repeat = 0 AND box_before >= 1"

    /// Adds `review` to the totals (`sign` -1 takes it out again, for undo).
    static func add(_ review: Review, db: Database, sign: Int = 1) throws {
        let bucket = bucket(of: review.time)
        let got = review.answer == .gotIt ? sign : 0
        let missed = review.answer == .missed ? sign : 0
        try db.execute(
            sql: addAnswersSQL,
            arguments: [
                review.deck, bucket, sign, got, missed, Double(sign) * (review.seconds ?? 0),
                review.seconds == nil ? 0 : sign,
            ])
        if sign < 0 {
            try db.execute(
                sql: "DELETE FROM review_total WHERE deck = ? AND bucket = ? AND reviews <= 0",
                arguments: [review.deck, bucket])
        }
        try addRecall(review, db: db, sign: sign)
    }

    /// Adds `review` to the recall totals only, when it measures recall: a replay that changes the box
    /// an answer was given in takes it out of one box's tally and adds it to another's.
    static func addRecall(_ review: Review, db: Database, sign: Int = 1) throws {
        guard review.measuresRecall else { return }
        let bucket = bucket(of: review.time)
        let got = review.answer == .gotIt ? sign : 0
        try db.execute(
            sql: """
                INSERT INTO recall_total (deck, bucket, box, reviews, got) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (deck, bucket, box) DO UPDATE SET
                    reviews = reviews + excluded.reviews, got = got + excluded.got
                """,
            arguments: [review.deck, bucket, review.boxBefore, sign, got])
        if sign < 0 {
            try db.execute(
                sql: "DELETE FROM recall_total WHERE deck = ? AND bucket = ? AND box = ? AND reviews <= 0",
                arguments: [review.deck, bucket, review.boxBefore])
        }
    }

    /// Totals added up in memory over many answers (an import) and written once per bucket.
    ///
    /// Keyed by integers in open-addressing tables: a million answers go through `add`, and a
    /// dictionary keyed by a struct spent most of its time hashing.
    struct Pending {
        private var decks: [String] = []
        private var deckIndex: [String: Int32] = [:]
        /// Answers per (deck, bucket), and recall answers per (deck and box, bucket).
        private var answers = BucketTable<ActivityTotal>()
        private var recall = BucketTable<RecallTally>()

        struct RecallTally {
            var reviews = 0
            var got = 0
        }

        /// The number standing for `deck` in `add`.
        mutating func deck(_ deck: String) -> Int32 {
            if let index = deckIndex[deck] { return index }
            let index = Int32(decks.count)
            decks.append(deck)
            deckIndex[deck] = index
            return index
        }

        /// Adds one answer at `time` (seconds since 1970); `recallBox` is the box it was given in when it
        /// measures recall.
        mutating func add(deck: Int32, time: Double, answer: Answer, seconds: Double?, recallBox: Int?) {
            let bucket = Int((time / bucketSeconds).rounded(.down))
            let got = answer == .gotIt ? 1 : 0
            answers.update(group: Int64(deck) << 16, bucket: bucket, empty: ActivityTotal()) { total in
                total.reviews += 1
                total.got += got
                total.missed += 1 - got
                if let seconds {
                    total.seconds += seconds
                    total.timed += 1
                }
            }
            if let box = recallBox {
                let group = Int64(deck) << 16 | Int64(UInt16(truncatingIfNeeded: box))
                recall.update(group: group, bucket: bucket, empty: RecallTally()) { tally in
                    tally.reviews += 1
                    tally.got += got
                }
            }
        }

        /// Adds what was gathered to the tables, in key order: the totals' B-trees grow at their ends
        /// instead of taking each bucket at a random place.
        func write(_ db: Database) throws {
            let answerStatement = try db.cachedStatement(
                sql: ActivityTotals.addAnswersSQL)
            let deckOrder = decks.indices.sorted { decks[$0] < decks[$1] }.map(Int32.init)
            var rank = [Int32](repeating: 0, count: decks.count)
            for (position, deck) in deckOrder.enumerated() { rank[Int(deck)] = Int32(position) }
            func deck(of group: Int64) -> Int { Int(group >> 16) }
            let answerOrder = answers.indices.sorted {
                (rank[deck(of: answers.groups[$0])], answers.buckets[$0])
                    < (rank[deck(of: answers.groups[$1])], answers.buckets[$1])
            }
            for index in answerOrder {
                let total = answers.values[index]
                try Self.step(answerStatement, deck: decks[deck(of: answers.groups[index])], db: db) { sqlite in
                    sqlite3_bind_int64(sqlite, 2, Int64(answers.buckets[index]))
                    sqlite3_bind_int64(sqlite, 3, Int64(total.reviews))
                    sqlite3_bind_int64(sqlite, 4, Int64(total.got))
                    sqlite3_bind_int64(sqlite, 5, Int64(total.missed))
                    sqlite3_bind_double(sqlite, 6, total.seconds)
                    sqlite3_bind_int64(sqlite, 7, Int64(total.timed))
                }
            }
            let recallStatement = try db.cachedStatement(
                sql: """
                    INSERT INTO recall_total (deck, bucket, box, reviews, got) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (deck, bucket, box) DO UPDATE SET
                        reviews = reviews + excluded.reviews, got = got + excluded.got
                    """)
            func box(of group: Int64) -> Int { Int(Int16(truncatingIfNeeded: group & 0xFFFF)) }
            let recallOrder = recall.indices.sorted {
                let lhs = recall.groups[$0]
                let rhs = recall.groups[$1]
                return (rank[deck(of: lhs)], recall.buckets[$0], box(of: lhs))
                    < (rank[deck(of: rhs)], recall.buckets[$1], box(of: rhs))
            }
            for index in recallOrder {
                let tally = recall.values[index]
                let group = recall.groups[index]
                try Self.step(recallStatement, deck: decks[deck(of: group)], db: db) { sqlite in
                    sqlite3_bind_int64(sqlite, 2, Int64(recall.buckets[index]))
                    sqlite3_bind_int64(sqlite, 3, Int64(box(of: group)))
                    sqlite3_bind_int64(sqlite, 4, Int64(tally.reviews))
                    sqlite3_bind_int64(sqlite, 5, Int64(tally.got))
                }
            }
        }

        /// Runs `statement` once with `deck` as its first value and the rest bound by `bind`: a hundred
        /// thousand buckets go through here, and binding through the C interface skips boxing each value.
        private static func step(
            _ statement: Statement, deck: String, db: Database, bind: (SQLiteStatement) -> Void
        ) throws {
            let sqlite = statement.sqliteStatement
            try deck.withCString { text in
                sqlite3_bind_text(sqlite, 1, text, -1, nil)
                bind(sqlite)
                try RawStatementStep.run(sqlite, in: db)
            }
        }
    }

    /// Values kept per (group, bucket) pair of integers, in the order first met, found through an
    /// open-addressing table of their indices.
    struct BucketTable<Value> {
        private(set) var groups: [Int64] = []
        private(set) var buckets: [Int] = []
        private(set) var values: [Value] = []
        /// An index into the arrays plus one; 0 for an empty slot. A power of two long.
        private var slots = [Int32](repeating: 0, count: 1_024)

        var indices: Range<Int> { values.indices }

        /// Changes the value of (`group`, `bucket`) with `change`, starting from `empty` when new.
        mutating func update(group: Int64, bucket: Int, empty: Value, _ change: (inout Value) -> Void) {
            let mask = slots.count - 1
            var slot = Self.slot(group: group, bucket: bucket, mask: mask)
            while slots[slot] != 0 {
                let index = Int(slots[slot] - 1)
                if buckets[index] == bucket && groups[index] == group {
                    change(&values[index])
                    return
                }
                slot = (slot + 1) & mask
            }
            var value = empty
            change(&value)
            groups.append(group)
            buckets.append(bucket)
            values.append(value)
            slots[slot] = Int32(values.count)
            if values.count * 2 > slots.count { grow() }
        }

        private static func slot(group: Int64, bucket: Int, mask: Int) -> Int {
            let mixed =
                (UInt64(bitPattern: Int64(bucket)) &+ UInt64(bitPattern: group) &* 0x9E37_79B9_7F4A_7C15)
                &* 0xBF58_476D_1CE4_E5B9
            return Int(truncatingIfNeeded: mixed >> 32) & mask
        }

        private mutating func grow() {
            slots = [Int32](repeating: 0, count: slots.count * 2)
            let mask = slots.count - 1
            for index in values.indices {
                var slot = Self.slot(group: groups[index], bucket: buckets[index], mask: mask)
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(index + 1)
            }
        }
    }
}
