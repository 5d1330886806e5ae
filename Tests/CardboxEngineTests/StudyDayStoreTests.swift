import Foundation
import GRDB
import XCTest

@testable import CardboxEngine

/// Suspensions, extra new cards and the upgrade of files written before lapses and suspensions existed.
final class StudyDayStoreTests: XCTestCase {
    private let deck = Fixtures.collection("# T\nQ: one\nA: 1\n\nQ: two\nA: 2\n\nQ: three\nA: 3\n")

    func testSuspensionsAreKeptAndTheLatestRowWins() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let path = folder.appendingPathComponent("p.sqlite").path
        let now = Fixtures.date("2026-05-10 12:00")
        do {
            let store = try ProgressStore(path: path)
            try store.setSuspended(deck.cards[0].id, true, at: now)
            try store.setSuspended(deck.cards[1].id, true, at: now)
            try store.setSuspended(deck.cards[1].id, false, at: now.addingTimeInterval(60))
            try store.setSuspended(deck.cards[2].id, false, at: now)
        }
        let reopened = try ProgressStore(path: path, readOnly: true)
        XCTAssertEqual(try reopened.suspendedCards(), [deck.cards[0].id])
        XCTAssertEqual(try reopened.suspension(for: deck), [true, false, false])
        XCTAssertThrowsError(try reopened.setSuspended(deck.cards[2].id, true, at: now), "read-only")
        XCTAssertEqual(try ProgressStore().suspension(for: deck), [], "none suspended: an empty list")
    }

    /// A file from before the journal, opened read-only, is not upgraded: its suspension log has no
    /// device or sequence column and is read in the order its rows were written.
    func testSuspensionsOfAFileFromBeforeTheJournalAreReadAsTheyAre() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let path = folder.appendingPathComponent("p.sqlite").path
        let now = Fixtures.date("2026-05-10 12:00")
        do {
            let queue = try DatabaseQueue(path: path)
            try ProgressStore.migrator.migrate(queue, upTo: "v3-review-totals")
            try queue.write { db in
                for (card, suspended) in [(0, true), (1, true), (1, false)] {
                    try db.execute(
                        sql: "INSERT INTO suspension_log (deck, card_key, time, suspended) VALUES (?, ?, ?, ?)",
                        arguments: [
                            deck.cards[card].id.deck, deck.cards[card].id.key, now.timeIntervalSince1970, suspended,
                        ])
                }
            }
            try queue.close()
        }
        let store = try ProgressStore(path: path, readOnly: true)
        XCTAssertEqual(try store.suspendedCards(), [deck.cards[0].id], "the later row of the same time wins")
        XCTAssertEqual(try store.suspension(for: deck), [true, false, false])
        let columns = try DatabaseQueue(path: path).read { db in try db.columns(in: "suspension_log").map(\.name) }
        XCTAssertFalse(columns.contains("device"), "read without being upgraded")
    }

    func testExtraNewCardsAddUpPerStudyDay() throws {
        let store = try ProgressStore()
        XCTAssertEqual(try store.extraNewCards(onStudyDay: 20_000), 0)
        XCTAssertEqual(try store.addExtraNewCards(20, onStudyDay: 20_000), 20)
        XCTAssertEqual(try store.addExtraNewCards(20, onStudyDay: 20_000), 40)
        XCTAssertEqual(try store.extraNewCards(onStudyDay: 20_000), 40)
        XCTAssertEqual(try store.extraNewCards(onStudyDay: 20_001), 0, "tomorrow starts afresh")
    }

    /// A file as the first release wrote it: the missed flag of the old rule and no lapses.
    func testAFirstReleaseFileUpgradesAndRederivesMissedAndLapses() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let path = folder.appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(
                sql: """
                    PRAGMA application_id = \(ProgressStore.applicationID);
                    CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                    INSERT INTO grdb_migrations VALUES ('v1-review-log');
                    CREATE TABLE review (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, deck TEXT NOT NULL, card_key TEXT NOT NULL,
                        time REAL NOT NULL, result TEXT NOT NULL CHECK (result IN ('got', 'missed')),
                        box_before INTEGER NOT NULL, box_after INTEGER NOT NULL, mode TEXT NOT NULL,
                        is_repeat INTEGER NOT NULL DEFAULT 0);
                    CREATE INDEX review_by_card ON review(deck, card_key, id);
                    CREATE TABLE card_state (
                        deck TEXT NOT NULL, card_key TEXT NOT NULL, box INTEGER NOT NULL, last_review REAL NOT NULL,
                        missed INTEGER NOT NULL, first_review REAL NOT NULL, question TEXT NOT NULL DEFAULT '',
                        PRIMARY KEY (deck, card_key)) WITHOUT ROWID;
                    CREATE TABLE key_move (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, deck TEXT NOT NULL, old_key TEXT NOT NULL,
                        new_key TEXT NOT NULL, time REAL NOT NULL, similarity REAL NOT NULL);
                    """)
            // Card one: missed in study, then right as an in-session repeat (the old rule kept it missed),
            // then missed once more in cram. Card two: missed twice in study on two days, then right.
            let title = self.deck.cards[0].deck
            let one = self.deck.cards[0].key
            let two = self.deck.cards[1].key
            let rows: [(String, Double, String, Int, Int, String, Int)] = [
                (one, 100, "missed", 0, 1, "study", 0), (one, 110, "got", 1, 1, "study", 1),
                (one, 120, "missed", 1, 1, "cram", 0),
                (two, 100, "missed", 0, 1, "study", 0), (two, 90_000, "missed", 1, 1, "study", 0),
                (two, 180_000, "got", 1, 2, "study", 0),
            ]
            for row in rows {
                try db.execute(
                    sql: """
                        INSERT INTO review (deck, card_key, time, result, box_before, box_after, mode, is_repeat)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [title, row.0, row.1, row.2, row.3, row.4, row.5, row.6])
            }
            try db.execute(
                sql: """
                    INSERT INTO card_state VALUES (?, ?, 1, 100, 1, 100, 'one');
                    INSERT INTO card_state VALUES (?, ?, 2, 180000, 0, 100, 'two');
                    """, arguments: [title, one, title, two])
        }
        try queue.close()
        let store = try ProgressStore(path: path)
        let states = try store.loadProgress(for: deck).states
        XCTAssertEqual(states[0]?.lapses, 1, "the repeat and the cram miss are no lapses")
        XCTAssertEqual(states[0]?.missed, true, "missed again in cram after the right repeat")
        XCTAssertEqual(states[1]?.lapses, 2)
        XCTAssertEqual(states[1]?.missed, false)
        XCTAssertEqual(states[1]?.box, 2, "boxes are kept")
        XCTAssertEqual(try store.reviewCount(), 6, "the log is kept whole")
        XCTAssertEqual(try store.suspendedCards(), [])
    }
}
