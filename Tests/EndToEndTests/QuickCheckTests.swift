import Foundation
import XCTest

/// Damage in pages a start never reads is found by `PRAGMA quick_check` after the first frame, off
/// the UI thread; from then on no answer is written into the file, and the screen says what to do.
extension ForeignProgressFileTests {
    func testDamageFoundAfterTheFirstFrameStopsWrites() throws {
        let path = try real("damaged.sqlite")
        // Many log rows, so the log spans pages that a start never reads.
        _ = try SQLiteShell.query(
            path,
            """
            PRAGMA journal_mode = DELETE;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)
            INSERT INTO review (deck, card_key, time, result, box_before, box_after, mode, is_repeat)
            SELECT 'Old deck', 'q-' || printf('%016x', i), 1700000000 + i, 'got', 1, 2, 'study', 0 FROM n;
            PRAGMA journal_mode = WAL;
            """)
        let page = try XCTUnwrap(
            Int(
                try SQLiteShell.query(
                    path, "SELECT pageno FROM dbstat WHERE name = 'review_log' AND pagetype = 'leaf' LIMIT 1 OFFSET 20"
                ).first ?? ""))
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64((page - 1) * 4096 + 100))
        handle.write(Data(repeating: 0xA5, count: 3000))
        try handle.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        let app = try TmuxSession(folder: folder, arguments: ["--content", deck, "--now", now], progress: path)
        try app.waitFor("All decks")
        // The status line says so in one line (the summary pane may wrap the same words earlier).
        try app.waitFor("Progress file damaged: answers are no longer saved", timeout: 30)
        try app.send("c")
        try app.waitFor("CRAM 1/")
        try app.send("Space", "y")
        try app.waitFor("Could not save")
        // The answer was not recorded, so nothing was answered: Esc goes straight back to the tree.
        try app.send("Escape")
        try app.waitFor("TOPICS")
        try app.send("q")
        XCTAssertEqual(try app.waitForExit(), 0, app.standardError)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before, "an answer was written into it")
    }
}

/// A quit while the check still reads stops it, so that the store's connection is the last to close
/// and SQLite empties the write-ahead log: the next start does not read it back.
extension ForeignProgressFileTests {
    func testQuitDuringTheCheckLeavesNoWriteAheadLog() throws {
        let path = try real("long-check.sqlite")
        // A long log, so that the check (which reads every page) is still running at the quit.
        _ = try SQLiteShell.query(
            path,
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
            INSERT INTO review_log (card, time, result, box_before, box_after, mode)
            SELECT (SELECT MIN(id) FROM log_card), 1700000000 + i, 1, 1, 2, 1 FROM n;
            """)
        let log = path + "-wal"
        XCTAssertFalse(FileManager.default.fileExists(atPath: log), "the shell left the log")

        let app = try TmuxSession(folder: folder, arguments: ["--content", deck, "--now", now], progress: path)
        try app.waitFor("All decks")
        XCTAssertTrue(FileManager.default.fileExists(atPath: log), "the app's store is open in WAL mode")
        try app.send("q")
        XCTAssertEqual(try app.waitForExit(), 0, app.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: log), "the write-ahead log was left behind")
        XCTAssertEqual(try SQLiteShell.query(path, "PRAGMA quick_check"), ["ok"])
    }
}
