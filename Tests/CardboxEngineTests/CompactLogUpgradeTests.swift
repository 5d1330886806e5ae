import CardboxTestSupport
import Foundation
import GRDB
import XCTest

@testable import CardboxEngine

/// A progress file with the lean log (`v5-lean-log`) upgrades in place to the compact log
/// (`v8-compact-log`): every row keeps its id and the values the `review` view shows, and every reader
/// and writer of the log goes on as before.
final class CompactLogUpgradeTests: XCTestCase {
    private let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))
    private var folder: URL!
    private let other = "00000000000000b2"

    override func setUpWithError() throws {
        folder = try TemporaryFolder.create(prefix: "cardbox-compact-log") { self.addTeardownBlock($0) }
    }

    /// A file made by the migrations up to the lean log, with answers of this device and another (one of
    /// them with a question hash other than its card's), an undone one, and a removed last row; returns
    /// its log as the view showed it and its own device id.
    private func fileWithLeanLog(_ path: String) throws -> OldLogFile.Made {
        let start = Fixtures.date("2026-03-01 09:00").timeIntervalSince1970
        return try OldLogFile.make(
            path, upTo: "v5-lean-log",
            answers: { device in
                [
                    ["D", "q-1", start, "got", 0, 1, "study", 0, 4.5, device, 1, "aa", 0],
                    ["D", "q-2", start + 60, "missed", 0, 1, "ahead", 0, nil, device, 2, "bb", 0],
                    ["Other deck", "q-1", start + 120, "got", 0, 1, "cram", 1, 2.0, other, 7, "cc", 0],
                    ["D", "q-1", start + 86_400, "got", 1, 2, "study", 0, 3.0, device, 3, "aa", 1],
                    ["D", "q-1", start + 86_460, "missed", 1, 1, "missed", 0, 3.0, other, 8, "ab", 0],
                    ["D", "q-5", start + 86_470, "got", 0, 3, "import", 0, nil, device, 4, "", 0],
                    ["D", "q-5", start + 86_480, "got", 3, 3, "browse", 0, nil, device, 5, "ee", 0],
                    ["D", "q-3", start + 86_500, "missed", 0, 1, "study", 0, 1.0, device, 6, "dd", 0],
                ]
            }, nextSeq: 7, prunedID: 8)
    }

    func testALeanLogUpgradesInPlaceKeepingEveryRowItsIDAndItsTexts() throws {
        let path = folder.appendingPathComponent("lean.sqlite").path
        let (before, device) = try fileWithLeanLog(path)
        XCTAssertEqual(before.count, 7)

        let store = try ProgressStore(path: path)
        let after = try store.dbWriter.read { db in
            try Row.fetchAll(db, sql: ReviewViewQuery.everyColumn).map { Array($0.databaseValues) }
        }
        XCTAssertEqual(after, before, "every row keeps its id and the values the view shows")
        try store.dbWriter.read { db in
            // Integers in the rows; a hash only where it differs from its card's (the card's latest row's).
            let stored = try Row.fetchAll(
                db, sql: "SELECT typeof(result), typeof(mode), question_hash FROM review_log ORDER BY id")
            XCTAssertEqual(stored.map { $0[0] as String }, Array(repeating: "integer", count: 7))
            XCTAssertEqual(stored.map { $0[1] as String }, Array(repeating: "integer", count: 7))
            XCTAssertEqual(stored.map { $0[2] as String? }, ["aa", nil, nil, "aa", nil, "", nil])
            XCTAssertEqual(try String.fetchAll(db, sql: "PRAGMA integrity_check"), ["ok"])
            let indexes = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'review_log' ORDER BY name"
            )
            XCTAssertEqual(indexes, ["review_log_by_card", "review_log_own"], "v9-own-log-index follows")
        }
        XCTAssertEqual(try store.reviewCount(), 6, "the undone answer stays a tombstone")
        XCTAssertEqual(try store.reviews(of: CardID(deck: "D", key: "q-1")).map(\.id), [1, 5])
        XCTAssertEqual(try store.deviceID(), device)

        // Writing goes on: a new answer takes the next id after the removed one, and its journal line.
        let review = Review(
            deck: "D", cardKey: "q-4", time: Fixtures.date("2026-03-03 09:00"), answer: .gotIt, boxBefore: 0,
            boxAfter: 0, mode: .study, isRepeat: false, seconds: 2)
        try store.record(review, question: "question q-4", scheduler: scheduler)
        let added = try store.dbWriter.read { db in
            try Row.fetchOne(db, sql: "SELECT id, seq, result, mode FROM review WHERE card_key = 'q-4'")
        }
        XCTAssertEqual(added?[0] as Int64?, 9)
        XCTAssertEqual(added?[1] as Int64?, 7)
        XCTAssertEqual(added?[2] as String?, "got")
        XCTAssertEqual(added?[3] as String?, "study")
        XCTAssertEqual(try store.ownEvents(after: 0).map(\.id.seq), [1, 2, 3, 4, 5, 7], "6 was removed")
        let ownLines = try store.ownEvents(after: 0)
        XCTAssertEqual(ownLines.map(\.questionHash).prefix(5), ["aa", "bb", "aa", "", "ee"])
        XCTAssertEqual(ownLines.last?.questionHash.count, 16, "the answer's own hash")
        XCTAssertEqual(ownLines.map(\.mode), [.study, .ahead, .study, .imported, .browse, .study])
        XCTAssertEqual(ownLines.map(\.box), [nil, nil, nil, 3, nil, nil])
        // Undo, a key move and pruning write through the view.
        try store.remove(review, scheduler: scheduler)
        XCTAssertEqual(try store.reviewCount(), 6)
        XCTAssertEqual(try store.ownEvents(after: 7).map(\.kind), [.undo])
        let orphan = OrphanMatcher.Orphan(deck: "D", key: "q-2", question: "")
        XCTAssertEqual(try store.removeProgress(of: [orphan]), 1)
        XCTAssertEqual(try store.reviewCount(), 5)

        // Another device's lines already in the file are known by their ids (each naming the card it was
        // given on, where the log looks for it); a new one is imported, its hash kept only when it is not
        // its card's.
        var lines = JournalLines()
        for seq in [7, 8, 9, 10] as [Int64] {
            var line = JournalLine(
                kind: .review, id: JournalID(device: other, seq: seq),
                time: Fixtures.date("2026-03-04 09:00").addingTimeInterval(Double(seq)),
                card: CardID(deck: seq == 7 ? "Other deck" : "D", key: "q-1"), questionHash: seq == 10 ? "zz" : "ab")
            line.answer = .gotIt
            line.mode = .cram
            lines.append(line)
        }
        let merge = try store.importJournal(
            lines, positions: [:], scheduler: scheduler, now: Fixtures.date("2026-03-05 09:00"))
        XCTAssertEqual(merge.imported, 2)
        let q1 = try store.dbWriter.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT result, mode, question_hash, seq FROM review WHERE card_key = 'q-1' AND deck = 'D' ORDER BY id"
            ).map { [$0[0] as String, $0[1] as String, $0[2] as String, String($0[3] as Int64)] }
        }
        XCTAssertEqual(q1.suffix(2), [["got", "cram", "ab", "9"], ["got", "cram", "zz", "10"]])
        try store.dbWriter.read { db in
            XCTAssertEqual(
                try String?.fetchAll(
                    db,
                    sql: """
                        SELECT question_hash FROM review_log
                        WHERE seq IN (9, 10) AND device = (SELECT id FROM log_device WHERE device = '\(other)')
                        ORDER BY seq
                        """),
                [nil, "zz"])
        }

        // Opened again, nothing changes.
        let again = try ProgressStore(path: path)
        XCTAssertEqual(try again.reviewCount(), 7)
    }

    func testTheCodesOfTheRowsAreTheViewsTexts() throws {
        let store = try ProgressStore()
        var lines = JournalLines()
        let modes: [StudyMode] = [.study, .ahead, .missed, .cram, .browse, .imported]
        for (number, mode) in modes.enumerated() {
            for answer in [Answer.gotIt, .missed] {
                var line = JournalLine(
                    kind: .review, id: JournalID(device: other, seq: Int64(lines.count + 1)),
                    time: Fixtures.date("2026-03-01 09:00").addingTimeInterval(Double(lines.count * 60)),
                    card: CardID(deck: "D", key: "q-\(number)"), questionHash: "h\(number)")
                line.answer = answer
                line.mode = mode
                line.box = mode == .imported ? 2 : nil
                lines.append(line)
            }
        }
        for threshold in [1, Int.max] {
            let store = try ProgressStore()
            _ = try store.importJournal(
                lines, positions: [:], scheduler: scheduler, now: Fixtures.date("2026-04-01 09:00"),
                bulkThreshold: threshold)
            let rows = try store.dbWriter.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT v.result, v.mode, r.result, r.mode FROM review v JOIN review_log r ON r.id = v.id
                        ORDER BY v.id
                        """)
            }
            XCTAssertEqual(rows.count, modes.count * 2)
            for (index, row) in rows.enumerated() {
                let mode = modes[index / 2]
                let answer: Answer = index % 2 == 0 ? .gotIt : .missed
                XCTAssertEqual(row[0] as String, answer.rawValue)
                XCTAssertEqual(row[1] as String, mode.rawValue)
                XCTAssertEqual(row[2] as Int64, ProgressStore.resultCode(answer))
                XCTAssertEqual(row[3] as Int64, ProgressStore.modeCode(mode))
            }
        }
        // A text the log does not know is refused as before (the result) or kept as it is (the mode).
        try store.dbWriter.write { db in
            XCTAssertThrowsError(
                try db.execute(
                    sql: """
                        INSERT INTO review (deck, card_key, time, result, box_before, box_after, mode)
                        VALUES ('D', 'q', 0, 'maybe', 0, 1, 'study')
                        """))
            try db.execute(
                sql: """
                    INSERT INTO review (deck, card_key, time, result, box_before, box_after, mode)
                    VALUES ('D', 'q', 0, 'got', 0, 1, 'later')
                    """)
            XCTAssertEqual(try String.fetchOne(db, sql: "SELECT mode FROM review WHERE card_key = 'q'"), "later")
        }
    }
}
