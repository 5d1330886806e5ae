import CardboxTestSupport
import Foundation
import GRDB
import Synchronization
import XCTest

@testable import CardboxEngine

/// A progress store opened at its first use (`ProgressStore(openingAtFirstUse:)`), as the full-screen
/// app's start makes it: nothing is touched before that use, the opening is the one `init(path:)` does,
/// and an opening that fails fails every use with its reason.
final class DeferredOpeningTests: XCTestCase {
    private var folder: URL!
    private let deck = Fixtures.collection("# T\nQ: one\nA: 1\n\nQ: two\nA: 2")
    private let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))

    override func setUpWithError() throws {
        folder = try TemporaryFolder.create(prefix: "cardbox-deferred") { self.addTeardownBlock($0) }
    }

    private func review(_ card: Int) -> Review {
        Review(
            deck: deck.cards[card].id.deck, cardKey: deck.cards[card].id.key, time: Fixtures.date("2026-01-01 10:00"),
            answer: .gotIt, boxBefore: 0, boxAfter: 2, mode: .study, isRepeat: false)
    }

    func testNothingIsMadeBeforeTheFirstUseWhichOpensAndMigratesTheFile() throws {
        let path = folder.appendingPathComponent("later/progress.sqlite").path
        let store = ProgressStore(openingAtFirstUse: path)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("later").path))
        XCTAssertFalse(store.isReadOnly)

        try store.record(review(0), question: deck.cards[0].normalizedQuestion, scheduler: scheduler)
        let reopened = try ProgressStore(path: path)
        XCTAssertEqual(try reopened.reviewCount(), 1)
        XCTAssertNotNil(try reopened.loadProgress(for: deck).states[0])
        XCTAssertEqual(try reopened.dbWriter.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }, "wal")
    }

    func testAFailedOpeningFailsEveryUseWithItsReasonAndLeavesTheFile() throws {
        let path = folder.appendingPathComponent("progress.sqlite").path
        let text = Data(String(repeating: "not a progress file\n", count: 300).utf8)
        try text.write(to: URL(fileURLWithPath: path))
        let store = ProgressStore(openingAtFirstUse: path)
        let expected = ProgressError.cannotOpen(path: path, reason: "it is not an SQLite database")

        XCTAssertThrowsError(try store.open()) { XCTAssertEqual($0 as? ProgressError, expected) }
        XCTAssertThrowsError(try store.reviewCount()) { XCTAssertEqual($0 as? ProgressError, expected) }
        XCTAssertThrowsError(
            try store.record(review(1), question: deck.cards[1].normalizedQuestion, scheduler: scheduler)
        ) { error in
            XCTAssertEqual(error as? ProgressError, .writeFailed(reason: "it is not an SQLite database"))
        }
        XCTAssertEqual(FileManager.default.contents(atPath: path), text)
    }

    func testThreadsThatUseItFirstTogetherShareOneOpening() throws {
        let path = folder.appendingPathComponent("progress.sqlite").path
        try ProgressStore(path: path).record(
            review(0), question: deck.cards[0].normalizedQuestion, scheduler: scheduler)
        let store = ProgressStore(openingAtFirstUse: path)
        let counts = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let count = (try? store.reviewCount()) ?? -1
            counts.withLock { $0.append(count) }
        }
        XCTAssertEqual(counts.withLock { $0 }, Array(repeating: 1, count: 8))
    }
}
