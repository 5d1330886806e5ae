import CardboxTestSupport
import Foundation
import GRDB
import Synchronization
import XCTest

@testable import CardboxEngine

/// The progress file's `PRAGMA quick_check`, its verdicts, and its stop: a stopped check gives no
/// verdict and closes its connection, so the store's close empties the write-ahead log.
final class IntegrityCheckTests: XCTestCase {
    private var path: String!

    override func setUpWithError() throws {
        let folder = try TemporaryFolder.create(prefix: "cardbox-integrity") { self.addTeardownBlock($0) }
        path = folder.appendingPathComponent("progress.sqlite").path
    }

    /// A store whose log holds `rows` answers to one card, written straight into its table.
    private func store(rows: Int) throws -> ProgressStore {
        let store = try ProgressStore(path: path)
        try store.dbWriter.write { db in
            try db.execute(
                sql: """
                    INSERT INTO review (deck, card_key, time, result, box_before, box_after, mode, is_repeat)
                    VALUES ('Deck', 'q-0000000000000001', 1700000000, 'got', 1, 2, 'study', 0);
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(rows))
                    INSERT INTO review_log (card, time, result, box_before, box_after, mode)
                    SELECT (SELECT MIN(id) FROM log_card), 1700000000 + i, 1, 1, 2, 1 FROM n;
                    """)
        }
        return store
    }

    func testASoundFileIsSound() throws {
        let store = try store(rows: 500)
        XCTAssertEqual(store.quickCheck().run(), .sound)
    }

    func testAStoreInMemoryIsSound() throws {
        XCTAssertEqual(try ProgressStore().quickCheck().run(), .sound)
    }

    func testDamageIsNamedOnOneLine() throws {
        var store: ProgressStore? = try store(rows: 20000)
        store = nil
        // Bytes changed in the middle of a page of the log, which only the check reads.
        let pages = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) / 4096
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: UInt64((pages / 2) * 4096 + 100))
        handle.write(Data(repeating: 0xA5, count: 3000))
        try handle.close()
        store = try ProgressStore(path: path)
        guard case .damaged(let problem) = try XCTUnwrap(store).quickCheck().run() else {
            return XCTFail("the damage was not found")
        }
        XCTAssertFalse(problem.isEmpty)
        XCTAssertFalse(problem.contains("\n"), problem)
    }

    func testACheckStoppedBeforeItStartsReadsNothing() throws {
        let check = try store(rows: 10).quickCheck()
        check.stop()
        XCTAssertEqual(check.run(), .stopped)
    }

    func testAStoppedCheckEndsWithoutAVerdictAndClosesItsConnection() throws {
        var store: ProgressStore? = try store(rows: 300_000)
        let check = try XCTUnwrap(store).quickCheck()
        let verdict = Mutex<IntegrityCheck.Verdict?>(nil)
        let done = expectation(description: "the check returned")
        Thread.detachNewThread {
            let result = check.run()
            verdict.withLock { $0 = result }
            done.fulfill()
        }
        // Stopped before it returns, whether it has opened its connection yet or is reading.
        check.stop()
        wait(for: [done], timeout: 60)
        XCTAssertEqual(verdict.withLock { $0 }, .stopped)
        // The store's connection is now the last one: closing it empties the write-ahead log.
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + "-wal"))
        store = nil
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + "-wal"), "the check's connection is still open")
    }
}
