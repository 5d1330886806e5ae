import CardboxTestSupport
import Foundation
import GRDB
import XCTest

@testable import CardboxEngine

/// A progress file made before journals existed upgrades in place, and turning the journal on writes
/// all its answers, suspensions and key moves, durations included.
final class JournalUpgradeTests: XCTestCase {
    private let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try TemporaryFolder.create(prefix: "cardbox-journal-upgrade") { self.addTeardownBlock($0) }
    }

    /// Records an answer the way a build without journals did: a log row with its duration, the totals
    /// and the card's state, in one transaction.
    private func recordAsBefore(
        _ db: Database, key: String, _ answer: Answer, at time: String, seconds: Double?
    ) throws {
        let card = CardID(deck: "D", key: key)
        let before = try CardStateRecord.find(db, card)?.state
        let (review, after) = scheduler.review(
            deck: card.deck, key: card.key, state: before, answer: answer, mode: .study, isRepeat: false,
            now: Fixtures.date(time))
        var timed = review
        timed.seconds = seconds
        try db.execute(
            sql: """
                INSERT INTO review (deck, card_key, time, result, box_before, box_after, mode, is_repeat, seconds)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                card.deck, card.key, timed.time.timeIntervalSince1970, answer.rawValue, timed.boxBefore,
                timed.boxAfter, "study", false, seconds,
            ])
        try ActivityTotals.add(timed, db: db)
        try CardStateRecord.store(db, card, state: after, question: "question \(key)")
    }

    func testAFileFromBeforeTheJournalUpgradesInPlaceAndWritesEverything() throws {
        let path = folder.appendingPathComponent("old.sqlite").path
        do {
            let queue = try DatabaseQueue(path: path)
            try ProgressStore.migrator.migrate(queue, upTo: "v3-review-totals")
            try queue.write { db in
                try recordAsBefore(db, key: "q-1", .gotIt, at: "2026-03-01 09:00", seconds: 4.5)
                try recordAsBefore(db, key: "q-2", .missed, at: "2026-03-01 09:01", seconds: nil)
                try recordAsBefore(db, key: "q-1", .gotIt, at: "2026-03-02 09:00", seconds: 12)
                try db.execute(
                    sql: "INSERT INTO suspension_log (deck, card_key, time, suspended) VALUES ('D', 'q-2', ?, 1)",
                    arguments: [Fixtures.date("2026-03-02 09:01").timeIntervalSince1970])
                try db.execute(
                    sql: """
                        INSERT INTO key_move (deck, old_key, new_key, time, similarity) VALUES ('D', 'q-0', 'q-1', ?, 0.9)
                        """, arguments: [Fixtures.date("2026-03-02 09:02").timeIntervalSince1970])
            }
            XCTAssertFalse(try queue.read { db in try db.tableExists("journal_device") })
        }
        let store = try ProgressStore(path: path)
        let before = try store.storedStates()
        XCTAssertNotNil(try store.deviceID())
        XCTAssertEqual(try store.reviewCount(), 3)
        XCTAssertEqual(try store.loggedReviews(), 3)
        XCTAssertEqual(try store.suspendedCards(), [CardID(deck: "D", key: "q-2")])

        let journal = folder.appendingPathComponent("journal").path
        _ = try Journal(folder: journal, store: store).start(
            scheduler: scheduler, now: Fixtures.date("2026-03-03 09:00"))
        let ownPath = try XCTUnwrap(try Journal(folder: journal, store: store).ownPath())
        let lines = try String(contentsOfFile: ownPath, encoding: .utf8).split(separator: "\n")
            .map { try JournalLine.parse($0) }
        XCTAssertEqual(lines.map(\.kind), [.review, .review, .review, .suspension, .keyMove])
        XCTAssertEqual(lines.map(\.id.seq), [1, 2, 3, 4, 5])
        XCTAssertEqual(lines.prefix(3).map(\.duration), [4.5, nil, 12])
        XCTAssertEqual(lines[0].questionHash, "", "answers logged before the journal have no question hash")

        // Another device reading that file reaches the same states, suspension and totals.
        let other = try ProgressStore(path: folder.appendingPathComponent("other.sqlite").path)
        _ = try Journal(folder: journal, store: other).start(
            scheduler: scheduler, now: Fixtures.date("2026-03-03 09:00"))
        XCTAssertEqual(
            Dictionary(uniqueKeysWithValues: try other.storedStates().map { ($0.id, $0.state) }),
            Dictionary(uniqueKeysWithValues: before.map { ($0.id, $0.state) }))
        XCTAssertEqual(try other.suspendedCards(), [CardID(deck: "D", key: "q-2")])
        XCTAssertEqual(try other.activityBuckets(), try store.activityBuckets())
        XCTAssertEqual(
            try other.recallBuckets(since: .distantPast), try store.recallBuckets(since: .distantPast))
    }
}
