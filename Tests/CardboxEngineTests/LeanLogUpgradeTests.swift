import CardboxTestSupport
import Foundation
import GRDB
import XCTest

@testable import CardboxEngine

/// A progress file whose log was a table of texts (migrations `v1-review-log` to `v4-journal`) upgrades
/// in place to the lean log (`v5-lean-log`): every row keeps its id and values, and every reader and
/// writer of the log goes on as before.
final class LeanLogUpgradeTests: XCTestCase {
    private let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))
    private var folder: URL!
    private let other = "00000000000000b2"

    override func setUpWithError() throws {
        folder = try TemporaryFolder.create(prefix: "cardbox-lean-log") { self.addTeardownBlock($0) }
    }

    /// A file made by the migrations before the lean log, with answers of this device and another, an
    /// undone one, and a removed last row; returns its log as it was and its own device id.
    private func fileFromBefore(_ path: String) throws -> OldLogFile.Made {
        let start = Fixtures.date("2026-03-01 09:00").timeIntervalSince1970
        return try OldLogFile.make(
            path, upTo: "v4-journal",
            answers: { device in
                [
                    ["D", "q-1", start, "got", 0, 1, "study", 0, 4.5, device, 1, "aa", 0],
                    ["D", "q-2", start + 60, "missed", 0, 1, "study", 0, nil, device, 2, "bb", 0],
                    ["Other deck", "q-1", start + 120, "got", 0, 1, "cram", 1, 2.0, other, 7, "cc", 0],
                    ["D", "q-1", start + 86_400, "got", 1, 2, "study", 0, 3.0, device, 3, "aa", 1],
                    ["D", "q-1", start + 86_460, "got", 1, 2, "study", 0, 3.0, other, 8, "aa", 0],
                    ["D", "q-3", start + 86_500, "missed", 0, 1, "study", 0, 1.0, device, 4, "dd", 0],
                ]
            }, nextSeq: 5, prunedID: 6,
            more: { db in
                try db.execute(
                    sql: """
                        INSERT INTO card_state (deck, card_key, box, last_review, missed, first_review, question, lapses)
                        VALUES ('D', 'q-1', 2, ?, 0, ?, 'question q-1', 0)
                        """, arguments: [start + 86_460, start])
            })
    }

    func testALogOfTextsUpgradesInPlaceKeepingEveryRowAndItsID() throws {
        let path = folder.appendingPathComponent("old.sqlite").path
        let (before, device) = try fileFromBefore(path)
        XCTAssertEqual(before.count, 5)

        let store = try ProgressStore(path: path)
        let after = try store.dbWriter.read { db in
            try Row.fetchAll(db, sql: ReviewViewQuery.everyColumn).map { Array($0.databaseValues) }
        }
        XCTAssertEqual(after, before, "every row keeps its id and values")
        try store.dbWriter.read { db in
            XCTAssertFalse(try db.tableExists("review"), "the log is a view now")
            XCTAssertEqual(
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM log_card"), 3, "the removed row's card had no other")
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM log_device"), 2)
            XCTAssertEqual(try String.fetchAll(db, sql: "PRAGMA integrity_check"), ["ok"])
        }
        XCTAssertEqual(try store.reviewCount(), 4, "the undone answer stays a tombstone")
        XCTAssertEqual(try store.reviews(of: CardID(deck: "D", key: "q-1")).map(\.id), [1, 5])
        XCTAssertEqual(try store.deviceID(), device)

        // Writing goes on: a new answer takes the next id after the removed one, and its journal line.
        let review = Review(
            deck: "D", cardKey: "q-4", time: Fixtures.date("2026-03-03 09:00"), answer: .gotIt, boxBefore: 0,
            boxAfter: 0, mode: .study, isRepeat: false, seconds: 2)
        try store.record(review, question: "question q-4", scheduler: scheduler)
        let added = try store.dbWriter.read { db in
            try Row.fetchOne(db, sql: "SELECT id, seq FROM review WHERE card_key = 'q-4'")
        }
        XCTAssertEqual(added?[0] as Int64?, 7)
        XCTAssertEqual(added?[1] as Int64?, 5)
        XCTAssertEqual(try store.ownEvents(after: 0).map(\.id.seq), [1, 2, 3, 5], "4 was removed")
        // Undo, a key move and pruning write through the view.
        try store.remove(review, scheduler: scheduler)
        XCTAssertEqual(try store.reviewCount(), 4)
        XCTAssertEqual(try store.ownEvents(after: 5).map(\.kind), [.undo])
        let orphan = OrphanMatcher.Orphan(deck: "D", key: "q-2", question: "")
        XCTAssertEqual(try store.removeProgress(of: [orphan]), 1)
        XCTAssertEqual(try store.reviewCount(), 3)

        // Another device's lines already in the file are known by their ids (each naming the card it was
        // given on, where the log looks for it); a new one is imported.
        var lines = JournalLines()
        for seq in [7, 8, 9] as [Int64] {
            var line = JournalLine(
                kind: .review, id: JournalID(device: other, seq: seq), time: Fixtures.date("2026-03-04 09:00"),
                card: CardID(deck: seq == 7 ? "Other deck" : "D", key: "q-1"), questionHash: "aa")
            line.answer = .gotIt
            lines.append(line)
        }
        let merge = try store.importJournal(
            lines, positions: [:], scheduler: scheduler, now: Fixtures.date("2026-03-05 09:00"))
        XCTAssertEqual(merge.imported, 1)
        XCTAssertEqual(try store.reviews(of: CardID(deck: "D", key: "q-1")).count, 3)

        // Opened again, nothing changes.
        let again = try ProgressStore(path: path)
        XCTAssertEqual(try again.reviewCount(), 4)
    }

    func testABulkImportIntoTheLeanLogGivesWhatAnOrdinaryOneGives() throws {
        var lines = JournalLines()
        for seq in 1...400 {
            var line = JournalLine(
                kind: .review, id: JournalID(device: other, seq: Int64(seq)),
                time: Fixtures.date("2026-03-01 09:00").addingTimeInterval(Double(seq * 3600)),
                card: CardID(deck: "D", key: "q-\(seq % 13)"), questionHash: "h\(seq % 13)")
            line.answer = seq % 5 == 0 ? .missed : .gotIt
            line.duration = Double(seq % 9)
            lines.append(line)
        }
        let now = Fixtures.date("2026-04-01 09:00")
        let bulk = try ProgressStore(path: folder.appendingPathComponent("bulk.sqlite").path)
        let plain = try ProgressStore(path: folder.appendingPathComponent("plain.sqlite").path)
        _ = try bulk.importJournal(lines, positions: [:], scheduler: scheduler, now: now, bulkThreshold: 100)
        _ = try plain.importJournal(lines, positions: [:], scheduler: scheduler, now: now, bulkThreshold: .max)
        let read = { (store: ProgressStore) in
            try store.dbWriter.read { db in
                try Row.fetchAll(db, sql: ReviewViewQuery.everyColumn).map { Array($0.databaseValues) }
            }
        }
        XCTAssertEqual(try read(bulk), try read(plain))
        XCTAssertEqual(try read(bulk).count, 400)
        try bulk.dbWriter.read { db in
            let indexes = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'review_log' ORDER BY name"
            )
            XCTAssertEqual(indexes, ["review_log_by_card", "review_log_own"], "built again after the rows")
        }
    }
}
