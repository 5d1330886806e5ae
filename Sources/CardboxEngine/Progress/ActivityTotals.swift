import Foundation
import GRDB

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
    struct Pending {
        private struct Key: Hashable {
            var deck: Int32
            var bucket: Int
        }

        private struct RecallKey: Hashable {
            var deck: Int32
            var bucket: Int
            var box: Int
        }

        private var decks: [String] = []
        private var deckIndex: [String: Int32] = [:]
        private var answers: [Key: ActivityTotal] = [:]
        private var recall: [RecallKey: (reviews: Int, got: Int)] = [:]

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
            answers[Key(deck: deck, bucket: bucket), default: ActivityTotal()].add(
                ActivityTotal(
                    reviews: 1, got: got, missed: 1 - got, seconds: seconds ?? 0, timed: seconds == nil ? 0 : 1))
            if let box = recallBox {
                let key = RecallKey(deck: deck, bucket: bucket, box: box)
                let old = recall[key] ?? (0, 0)
                recall[key] = (old.reviews + 1, old.got + got)
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
            let answerKeys = answers.keys.sorted { (rank[Int($0.deck)], $0.bucket) < (rank[Int($1.deck)], $1.bucket) }
            for key in answerKeys {
                guard let total = answers[key] else { continue }
                try answerStatement.execute(arguments: [
                    decks[Int(key.deck)], key.bucket, total.reviews, total.got, total.missed, total.seconds,
                    total.timed,
                ])
            }
            let recallStatement = try db.cachedStatement(
                sql: """
                    INSERT INTO recall_total (deck, bucket, box, reviews, got) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (deck, bucket, box) DO UPDATE SET
                        reviews = reviews + excluded.reviews, got = got + excluded.got
                    """)
            let recallKeys = recall.keys.sorted {
                (rank[Int($0.deck)], $0.bucket, $0.box) < (rank[Int($1.deck)], $1.bucket, $1.box)
            }
            for key in recallKeys {
                guard let tally = recall[key] else { continue }
                try recallStatement.execute(arguments: [
                    decks[Int(key.deck)], key.bucket, key.box, tally.reviews, tally.got,
                ])
            }
        }
    }
}
