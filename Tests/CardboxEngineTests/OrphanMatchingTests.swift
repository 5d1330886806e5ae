import CardboxTestSupport
import Foundation
import GRDB
import XCTest

@testable import CardboxEngine

/// Orphan matching compares only pairs that can reach the threshold, finds what comparing every
/// pair finds, and does not compare again orphans that matched none of the same cards.
final class OrphanMatchingTests: XCTestCase {
    private static let words = [
        "sagemaker", "endpoint", "model", "training", "job", "kinesis", "stream", "shard", "glue", "crawler",
        "athena", "query", "feature", "store", "pipeline", "container", "instance", "spot", "bias", "drift",
        "monitor", "batch", "transform", "lambda", "bucket", "encryption", "key", "role", "vpc", "subnet",
    ]

    private func question(_ random: inout SplitMix) -> String {
        (0..<(4 + Int(random.next() % 8))).map { _ in Self.words[Int(random.next() % UInt64(Self.words.count))] }
            .joined(separator: " ") + "?"
    }

    /// The matching as it was: every orphan against every candidate of its deck and kind.
    private func everyPair(
        orphans: [OrphanMatcher.Orphan], candidates: [Int], in collection: CardCollection
    )
        -> [OrphanMatcher.Match]
    {
        var pairs: [OrphanMatcher.Match] = []
        for orphan in orphans {
            for index in candidates {
                let card = collection.cards[index]
                guard card.deck == orphan.deck, CardKey.gapSuffix(of: card.key) == CardKey.gapSuffix(of: orphan.key),
                    card.key.hasPrefix("q-") || card.key.hasPrefix("c-"),
                    orphan.key.hasPrefix("q-") || orphan.key.hasPrefix("c-")
                else { continue }
                let similarity = TextSimilarity.dice(orphan.question, card.normalizedQuestion)
                if similarity >= OrphanMatcher.threshold {
                    pairs.append(.init(orphan: orphan, cardIndex: index, similarity: similarity))
                }
            }
        }
        pairs.sort { $0.similarity > $1.similarity }
        var usedOrphans = Set<String>()
        var usedCards = Set<Int>()
        return pairs.filter { pair in
            guard !usedOrphans.contains(pair.orphan.key), !usedCards.contains(pair.cardIndex) else { return false }
            usedOrphans.insert(pair.orphan.key)
            usedCards.insert(pair.cardIndex)
            return true
        }
    }

    func testTheSameMatchesAsComparingEveryPair() {
        var random = SplitMix(seed: 7)
        for round in 0..<20 {
            var deck = "# T\n"
            var orphans: [OrphanMatcher.Orphan] = []
            for index in 0..<60 {
                let text = question(&random)
                deck += "Q: \(text) \(index % 7 == 0 ? "" : "x\(round)")\nA: a\n\n"
                if random.next() % 2 == 0 {
                    // An earlier wording: one word dropped or changed, or something else entirely.
                    var words = text.split(separator: " ").map(String.init)
                    if random.next() % 3 == 0 {
                        words = question(&random).split(separator: " ").map(String.init)
                    } else {
                        words[Int(random.next() % UInt64(words.count))] = Self.words[Int(random.next() % 30)]
                    }
                    let old = CardKey.normalize(words.joined(separator: " "))
                    orphans.append(
                        .init(
                            deck: "deck", key: CardKey.basic(normalizedQuestion: old + "\(index)", pinnedID: nil),
                            question: old))
                }
            }
            deck += "C: a [cloze] with [two] gaps\n"
            let collection = Fixtures.collection(deck)
            let candidates = Array(collection.cards.indices)
            XCTAssertEqual(
                OrphanMatcher.match(orphans: orphans, candidates: candidates, in: collection),
                everyPair(orphans: orphans, candidates: candidates, in: collection), "round \(round)")
        }
    }

    func testOnlyLengthsThatCanReachTheThresholdAreCompared() {
        // Bigram counts 10, 20, ... 400: a query of 100 bigrams can only match 67 to 150.
        let texts = (1...40).map { String(repeating: "ab", count: $0 * 5).prefix($0 * 10 + 1) }.map(String.init)
        let finder = SimilarTextFinder(texts: texts, threshold: OrphanMatcher.threshold)
        var compared = 0
        let query = String(repeating: "ab", count: 51).prefix(101)
        let found = finder.matches(for: String(query), compared: &compared)
        // "abab…" texts share all of the shorter one's bigrams: exactly the lengths 70...150 match.
        XCTAssertEqual(found.map(\.slot), Array(6...14))
        XCTAssertLessThanOrEqual(compared, 11, "lengths 70...150 (and one each side), not all 40")
        for (slot, similarity) in found {
            XCTAssertEqual(similarity, TextSimilarity.dice(String(query), texts[slot]))
        }
    }

    func testOrphansThatMatchedNothingAreNotComparedAgainUntilTheCardsChange() throws {
        let store = try ProgressStore()
        let now = Fixtures.date("2026-01-01 10:00")
        let old = Fixtures.collection("Q: How many shards does a stream of eight megabytes need?\nA: 8")
        let review = Review(
            deck: "deck", cardKey: old.cards[0].key, time: now, answer: .gotIt, boxBefore: 1, boxAfter: 2,
            mode: .study, isRepeat: false)
        try store.record(
            review, question: old.cards[0].normalizedQuestion,
            scheduler: LeitnerScheduler(config: .standard(timeZone: Fixtures.utc())))
        // The card is gone; an unrelated one is new.
        let unrelated = Fixtures.collection("Q: Which service crawls a bucket for its schema?\nA: Glue")
        XCTAssertEqual(try store.loadProgress(for: unrelated).orphans.count, 1)
        let remembered = try store.dbWriter.read { db in try OrphanChecks.read(db) }
        XCTAssertEqual(remembered.keys.map(\.key), [old.cards[0].key])
        // The same cards again: the check is kept as it was.
        XCTAssertEqual(try store.loadProgress(for: unrelated).orphans.count, 1)
        XCTAssertEqual(try store.dbWriter.read { db in try OrphanChecks.read(db) }, remembered)
        // A new card that is the edited question: the cards changed, so it is compared and inherits.
        let edited = Fixtures.collection(
            "Q: Which service crawls a bucket for its schema?\nA: Glue\n\n"
                + "Q: How many shards does a stream of eight megabytes need now?\nA: 8")
        let loaded = try store.loadProgress(for: edited)
        XCTAssertEqual(loaded.moved.count, 1)
        XCTAssertEqual(loaded.states[1]?.box, 1)
        XCTAssertEqual(try store.dbWriter.read { db in try OrphanChecks.read(db) }, [:])
    }
}
