import CardboxTestSupport
import Foundation
import GRDB
import XCTest

@testable import CardboxEngine

/// A progress file with the compact log (`v8-compact-log`) upgrades to `v9-own-log-index`: the index of
/// every row's journal id gives way to one over this device's rows, and every reader and writer that
/// looked rows up by their id (the journal writer, undo, the import's duplicate check, a new device id)
/// goes on as before.
final class OwnLogIndexUpgradeTests: XCTestCase {
    private let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))
    private var folder: URL!
    private let other = "00000000000000c3"

    override func setUpWithError() throws {
        folder = try TemporaryFolder.create(prefix: "cardbox-own-log-index") { self.addTeardownBlock($0) }
    }

    private func indexes(_ db: Database) throws -> [String] {
        try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'review_log' ORDER BY name")
    }

    /// A file made by the migrations up to the compact log, with answers of this device and another, an
    /// undone one and a removed last row; returns its log as the view showed it and its own device id.
    private func fileWithCompactLog(_ path: String) throws -> OldLogFile.Made {
        let start = Fixtures.date("2026-03-01 09:00").timeIntervalSince1970
        return try OldLogFile.make(
            path, upTo: "v8-compact-log",
            answers: { device in
                [
                    ["D", "q-1", start, "got", 0, 1, "study", 0, 4.5, device, 1, "aa", 0],
                    ["D", "q-2", start + 60, "missed", 0, 1, "ahead", 0, nil, device, 2, "bb", 0],
                    ["D", "q-1", start + 120, "got", 0, 1, "cram", 1, 2.0, other, 7, "aa", 0],
                    ["D", "q-1", start + 86_400, "got", 1, 2, "study", 0, 3.0, device, 3, "aa", 1],
                    ["D", "q-2", start + 86_460, "missed", 1, 1, "missed", 0, 3.0, other, 8, "bb", 0],
                    ["D", "q-3", start + 86_500, "missed", 0, 1, "study", 0, 1.0, device, 4, "dd", 0],
                ]
            }, nextSeq: 5, prunedID: 6,
            more: { db in
                XCTAssertEqual(try self.indexes(db), ["review_log_by_card", "review_log_by_journal_id"])
            })
    }

    private func line(_ seq: Int64, _ key: String, day: String = "2026-03-04 09:00") -> JournalLine {
        var line = JournalLine(
            kind: .review, id: JournalID(device: other, seq: seq),
            time: Fixtures.date(day).addingTimeInterval(Double(seq)), card: CardID(deck: "D", key: key),
            questionHash: "aa")
        line.answer = .gotIt
        line.mode = .cram
        return line
    }

    func testACompactLogUpgradesToAnIndexOfThisDevicesRowsOnly() throws {
        let path = folder.appendingPathComponent("compact.sqlite").path
        let (before, device) = try fileWithCompactLog(path)
        XCTAssertEqual(before.count, 5)

        let store = try ProgressStore(path: path)
        try store.dbWriter.read { db in
            XCTAssertEqual(
                try Row.fetchAll(db, sql: ReviewViewQuery.everyColumn).map { Array($0.databaseValues) }, before)
            XCTAssertEqual(try indexes(db), ["review_log_by_card", "review_log_own"])
            let own = try XCTUnwrap(try ProgressStore.ownLogDevice(db))
            let definition = try String.fetchOne(
                db, sql: "SELECT sql FROM sqlite_master WHERE name = 'review_log_own'")
            XCTAssertEqual(definition, "CREATE UNIQUE INDEX review_log_own ON review_log(seq) WHERE device = \(own)")
            XCTAssertEqual(try String.fetchAll(db, sql: "PRAGMA integrity_check"), ["ok"])
            // The journal writer's read goes through the index of this device's rows.
            let plan = try Row.fetchAll(
                db, sql: "EXPLAIN QUERY PLAN SELECT id FROM review_log WHERE device = \(own) AND seq > 2"
            ).map { $0["detail"] as String }
            XCTAssertTrue(plan.contains { $0.contains("review_log_own") }, "\(plan)")
        }
        XCTAssertEqual(try store.deviceID(), device)
        XCTAssertEqual(try store.ownEvents(after: 0).map(\.id.seq), [1, 2, 3], "4 was removed")
        XCTAssertEqual(try store.ownEvents(after: 1).map(\.id.seq), [2, 3])
        XCTAssertNotNil(try store.ownEventTime(seq: 3))
        XCTAssertNil(try store.ownEventTime(seq: 4))

        // Writing goes on: a new answer takes the next id after the removed one and the next number, and
        // two answers of this device can never share one.
        let review = Review(
            deck: "D", cardKey: "q-4", time: Fixtures.date("2026-03-03 09:00"), answer: .gotIt, boxBefore: 0,
            boxAfter: 0, mode: .study, isRepeat: false, seconds: 2)
        try store.record(review, question: "question q-4", scheduler: scheduler)
        XCTAssertEqual(try store.ownEvents(after: 3).map(\.id.seq), [5])
        XCTAssertThrowsError(
            try store.dbWriter.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO review (deck, card_key, time, result, box_before, box_after, mode, device, seq)
                        VALUES ('D', 'q-9', 0, 'got', 0, 1, 'study', ?, 5)
                        """, arguments: [device])
            })
        try store.remove(review, scheduler: scheduler)
        XCTAssertEqual(try store.ownEvents(after: 5).map(\.kind), [.undo])

        // Another device's lines already in the file are known by their ids through their card, also in
        // a copy read again out of order; an undo of one of its answers finds it through the card.
        var lines = JournalLines()
        for next in [line(8, "q-2"), line(9, "q-1"), line(7, "q-1"), line(10, "q-3")] { lines.append(next) }
        var undo = JournalLine(
            kind: .undo, id: JournalID(device: other, seq: 11), time: Fixtures.date("2026-03-04 10:00"),
            card: CardID(deck: "D", key: "q-2"), questionHash: "")
        undo.cancels = JournalID(device: other, seq: 8)
        lines.append(undo)
        let merge = try store.importJournal(
            lines, positions: [:], scheduler: scheduler, now: Fixtures.date("2026-03-05 09:00"))
        XCTAssertEqual(merge.imported, 3, "9, 10 and the undo")
        let otherRows = try store.dbWriter.read { db in
            try Row.fetchAll(
                db, sql: "SELECT seq, card_key, undone FROM review WHERE device = ? ORDER BY seq", arguments: [other]
            ).map { "\($0[0] as Int64) \($0[1] as String) \($0[2] as Int64)" }
        }
        XCTAssertEqual(otherRows, ["7 q-1 0", "8 q-2 1", "9 q-1 0", "10 q-3 0"])
        let again = try store.importJournal(
            lines, positions: [:], scheduler: scheduler, now: Fixtures.date("2026-03-05 09:00"))
        XCTAssertEqual(again.imported, 0, "every line is known by its id")

        // A copied file takes a new device id: its answers the journal does not hold move to the new id,
        // and the index follows the new id.
        let written = try Dictionary(
            uniqueKeysWithValues: store.ownEvents(after: 0).filter { $0.id.seq <= 2 }.map { ($0.id.seq, $0.time) })
        let renamed = try store.takeNewDeviceID(written: written)
        XCTAssertNotEqual(renamed, device)
        XCTAssertEqual(try store.ownEvents(after: 0).filter { $0.kind == .review }.count, 2, "3 and 5 moved")
        try store.dbWriter.read { db in
            let own = try XCTUnwrap(try ProgressStore.ownLogDevice(db))
            let definition = try String.fetchOne(
                db, sql: "SELECT sql FROM sqlite_master WHERE name = 'review_log_own'")
            XCTAssertEqual(definition, "CREATE UNIQUE INDEX review_log_own ON review_log(seq) WHERE device = \(own)")
            XCTAssertEqual(
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM review WHERE device = ?", arguments: [device]), 2)
        }

        // Opened again, nothing changes.
        let reopened = try ProgressStore(path: path)
        XCTAssertEqual(try reopened.reviewCount(), 5, "1, 2, 7, 9 and 10 stand")
    }

    /// A bulk import (the card index dropped and built again) and a row-by-row one store the same rows
    /// with the same ids, card by card, and leave the same indexes.
    func testABulkImportStoresTheRowsCardByCard() throws {
        var lines = JournalLines()
        for seq in 1...300 {
            var next = line(Int64(seq), "q-\(seq % 7)", day: "2026-03-01 09:00")
            next.answer = seq % 4 == 0 ? .missed : .gotIt
            lines.append(next)
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
        // Cards in the order first met, each card's rows in the order read.
        let expected = [1, 2, 3, 4, 5, 6, 0].flatMap { card in
            (1...300).filter { $0 % 7 == card }.map { "q-\(card) \($0)" }
        }
        let stored = try bulk.dbWriter.read { db in
            try Row.fetchAll(db, sql: "SELECT card_key, seq FROM review ORDER BY id").map {
                "\($0[0] as String) \($0[1] as Int64)"
            }
        }
        XCTAssertEqual(stored, expected)
        for store in [bulk, plain] {
            try store.dbWriter.read { db in
                XCTAssertEqual(try indexes(db), ["review_log_by_card", "review_log_own"])
            }
        }
    }
}
