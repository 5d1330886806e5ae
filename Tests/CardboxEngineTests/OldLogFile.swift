import CardboxTestSupport
import Foundation
import GRDB
import XCTest

@testable import CardboxEngine

/// A progress file made by the migrations up to one that shipped, holding answers written through the
/// `review` view, for the tests that upgrade a log from that layout.
enum OldLogFile {
    /// The file's log as the view showed it before the upgrade, and the file's own device id.
    typealias Made = (rows: [[DatabaseValue]], device: String)

    /// Makes the file at `path` with the migrations up to `migration` and writes `answers(device)` (the
    /// `review` view's columns from `deck` to `undone`, given this file's device id) through the view;
    /// `more` then writes what else the test needs. The device's next sequence number becomes
    /// `nextSeq`, and the row `prunedID` is removed, so its id is never handed out again.
    static func make(
        _ path: String, upTo migration: String, answers: (String) -> [StatementArguments], nextSeq: Int,
        prunedID: Int64, more: (Database) throws -> Void = { _ in }
    ) throws -> Made {
        let queue = try DatabaseQueue(path: path)
        try ProgressStore.migrator.migrate(queue, upTo: migration)
        return try queue.write { db in
            let device = try XCTUnwrap(try String.fetchOne(db, sql: "SELECT device FROM journal_device"))
            let insert = """
                INSERT INTO review (deck, card_key, time, result, box_before, box_after, mode, is_repeat, seconds,
                    device, seq, question_hash, undone)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
            for arguments in answers(device) { try db.execute(sql: insert, arguments: arguments) }
            try more(db)
            try db.execute(sql: "UPDATE journal_device SET next_seq = ?", arguments: [nextSeq])
            try db.execute(sql: "DELETE FROM review WHERE id = ?", arguments: [prunedID])
            let log = try Row.fetchAll(db, sql: ReviewViewQuery.everyColumn).map { Array($0.databaseValues) }
            return (log, device)
        }
    }
}
