import Foundation
import XCTest

@testable import CardboxEngine

/// Every value read from a progress file is checked before the scheduler sees it.
final class StoredValuesTests: XCTestCase {
    private func state(_ box: StoredValues.Value, _ last: StoredValues.Value) throws -> CardState {
        try StoredValues.cardState(
            box: box, lastReview: last, missed: .integer(0), firstReview: .real(0), lapses: .integer(0))
    }

    func testGoodValues() throws {
        let read = try state(.integer(3), .real(1_772_000_000))
        XCTAssertEqual(read.box, 3)
        XCTAssertEqual(read.lastReview, Date(timeIntervalSince1970: 1_772_000_000))
        XCTAssertEqual(try state(.real(2), .integer(0)).box, 2)
    }

    func testBadValuesAreRefusedWithTheirColumn() {
        let cases: [(StoredValues.Value, StoredValues.Value, String)] = [
            (.integer(Int64.max), .real(0), "bad value in box: 9223372036854775807"),
            (.null, .real(0), "bad value in box: NULL"),
            (.integer(0), .real(0), "bad value in box: 0"),
            (.real(2.5), .real(0), "bad value in box: 2.5"),
            (.integer(1), .real(1e300), "bad value in last_review: 1e+300"),
            (.integer(1), .real(.infinity), "bad value in last_review: inf"),
            (.integer(1), .real(.nan), "bad value in last_review: nan"),
            (.integer(1), .text("yesterday"), "bad value in last_review: 'yesterday'"),
            (.integer(1), .null, "bad value in last_review: NULL"),
        ]
        for (box, last, message) in cases {
            XCTAssertThrowsError(try state(box, last)) { XCTAssertEqual("\($0)", message) }
        }
    }

    func testTheScanSkipsAndNamesBadRows() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let path = folder.appendingPathComponent("p.sqlite").path
        let collection = Fixtures.collection("Q: one\nA: 1\n\nQ: two\nA: 2\n")
        let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))
        let store = try ProgressStore(path: path)
        for card in collection.cards {
            try store.record(
                Review(
                    deck: card.deck, cardKey: card.key, time: Fixtures.date("2026-01-01 10:00"), answer: .gotIt,
                    boxBefore: 0, boxAfter: 1, mode: .study, isRepeat: false),
                question: card.normalizedQuestion, scheduler: scheduler)
        }
        let bad = collection.cards[0].key
        try store.dbWriter.write { db in
            try db.execute(sql: "UPDATE card_state SET box = 9223372036854775807 WHERE card_key = ?", arguments: [bad])
        }
        for prefetched in [nil, try store.prefetchStates()] {
            let loaded = try store.loadProgress(for: collection, prefetched: prefetched)
            XCTAssertNil(loaded.states[0])
            XCTAssertEqual(loaded.states[1]?.box, 1)
            XCTAssertEqual(loaded.problems, ["card \(bad): bad value in box: 9223372036854775807"])
        }
        // Answering the card again replaces the bad row.
        try store.record(
            Review(
                deck: "deck", cardKey: bad, time: Fixtures.date("2026-01-02 10:00"), answer: .gotIt, boxBefore: 0,
                boxAfter: 1, mode: .study, isRepeat: false),
            question: "one", scheduler: scheduler)
        XCTAssertEqual(try store.loadProgress(for: collection).states[0]?.box, 1)
    }
}
