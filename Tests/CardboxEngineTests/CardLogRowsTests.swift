import CardboxTestSupport
import Foundation
import GRDB
import XCTest

@testable import CardboxEngine

/// The import reads a card's rows straight from `review_log` (`CardLogRows`): it must give the replay
/// the rows the `review` view and `ReviewRecord` give, the same values, leaving out the same bad ones.
final class CardLogRowsTests: XCTestCase {
    private var folder: URL!
    private let card = CardID(deck: "D", key: "q-1")

    override func setUpWithError() throws {
        folder = try TemporaryFolder.create(prefix: "cardbox-card-log-rows") { self.addTeardownBlock($0) }
    }

    /// What the replay needs of a row, comparable.
    private struct Seen: Equatable {
        var rowID: Int64
        var time: Double
        var device: String
        var seq: Int64
        var answer: Answer
        var mode: StudyMode
        var isRepeat: Bool
        var boxBefore: Int
        var boxAfter: Int
        var seconds: Double?
    }

    func testRowsReadFromTheLogAreTheRowsTheViewGives() throws {
        let store = try ProgressStore(path: folder.appendingPathComponent("p.sqlite").path)
        let start = Fixtures.date("2026-03-01 09:00").timeIntervalSince1970
        try store.dbWriter.write { db in
            let insert = """
                INSERT INTO review (deck, card_key, time, result, box_before, box_after, mode, is_repeat, seconds,
                    device, seq, question_hash, undone)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
            let rows: [[(any DatabaseValueConvertible)?]] = [
                ["D", "q-1", start, "got", 0, 1, "study", 0, 4.5, "00000000000000a1", 1, "aa", 0],
                ["D", "q-1", start + 60, "missed", 1, 1, "ahead", 0, nil, "00000000000000b2", 7, "aa", 0],
                ["D", "q-1", start + 120, "got", 1, 2, "study", 0, 2.0, "00000000000000a1", 2, "aa", 1],
                ["D", "q-1", start + 180, "got", 1, 2, "cram", 1, nil, nil, nil, "", 0],
                ["D", "q-2", start + 240, "got", 0, 1, "study", 0, 1.0, "00000000000000a1", 3, "bb", 0],
            ]
            for row in rows { try db.execute(sql: insert, arguments: StatementArguments(row)) }
            // Values the view shows as they are and `ReviewRecord` rejects or reads its own way: each on a
            // copy of the first row, at a later time.
            let tampered = [
                "box_before = 99", "is_repeat = 7", "mode = 9", "mode = 'cram'", "mode = ''", "seconds = 'x'",
                "time = 'soon'", "time = 1e300", "seq = 3.5", "device = 999", "device = NULL", "result = 0.0",
                "box_after = 2.0", "box_after = 2.5", "seq = NULL",
            ]
            for (number, change) in tampered.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO review_log (card, time, result, box_before, box_after, mode, is_repeat, seconds,
                            device, seq, question_hash, undone)
                        SELECT card, time + ?, result, box_before, box_after, mode, is_repeat, seconds, device,
                            seq + 100 + ?, question_hash, undone
                        FROM review_log WHERE id = 1
                        """, arguments: [1_000 + number * 60, number])
                try db.execute(sql: "UPDATE review_log SET \(change) WHERE id = last_insert_rowid()")
            }
        }
        try store.dbWriter.read { db in
            var names = JournalStrings()
            var reader = try CardLogRows.Reader(db)
            let read = try reader.read(card, names: &names)
            let fromLog = read.rows.map { row in
                Seen(
                    rowID: row.rowID, time: row.time, device: names[row.device], seq: row.seq, answer: row.answer,
                    mode: row.mode, isRepeat: row.isRepeat, boxBefore: row.boxBefore, boxAfter: row.boxAfter,
                    seconds: row.seconds)
            }
            let fromView = try ReviewRecord.fetchValidRecords(db, ReviewRecord.standing(db, card)).map { record in
                let review = record.review
                return Seen(
                    rowID: review.id ?? 0, time: review.time.timeIntervalSince1970,
                    device: record.journalID?.device ?? "", seq: record.journalID?.seq ?? 0, answer: review.answer,
                    mode: review.mode, isRepeat: review.isRepeat, boxBefore: review.boxBefore,
                    boxAfter: review.boxAfter, seconds: review.seconds)
            }
            XCTAssertEqual(fromLog, fromView.sorted { $0.rowID < $1.rowID })
            // The bad rows are left out, the odd ones read as the view reads them; the undone row and the
            // other card's row are not the card's standing rows.
            XCTAssertEqual(fromView.count, 11)
            XCTAssertEqual(fromLog.filter { $0.mode == .cram }.count, 2)
            // Every row's journal id, undone ones included, for the check of lines already stored.
            XCTAssertEqual(read.ids.count, 16)
            XCTAssertEqual(try reader.read(CardID(deck: "D", key: "q-9"), names: &names).rows.count, 0)
        }
    }
}
