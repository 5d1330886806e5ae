import Foundation
import XCTest

/// Values in a progress file that the scheduler cannot use — huge or infinite times, a huge box,
/// NULLs where the schema was loosened — are reported and skipped by every command; the app never
/// traps on them, answering and undoing included.
final class HostileProgressValueTests: XCTestCase {
    private var folder: URL!
    private var deck: String!
    private let now = "2026-03-01T09:00:00Z"

    override func setUpWithError() throws {
        guard SQLiteShell.isAvailable else { throw XCTSkip("sqlite3 is not installed") }
        folder = try BinaryRunner.tmuxTestFolder(self)
        deck = folder.appendingPathComponent("d.md").path
        try "---\ntitle: Values\n---\n# T\nQ: One?\nA: 1\n\nQ: Two?\nA: 2\n\nQ: Three?\nA: 3\n"
            .write(toFile: deck, atomically: true, encoding: .utf8)
    }

    /// A progress file in which the app answered all three cards (cram, so they stay due).
    private func answered(_ name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        let app = try TmuxSession(folder: folder, arguments: ["--content", deck, "--now", now], progress: path)
        try app.waitFor("All decks")
        try app.send("Enter")
        for count in 1...2 {
            try app.send("Space", "y")
            try app.waitFor("✓ \(count)  ✗ 0")
        }
        try app.send("Space", "y")
        try app.waitFor("Session summary")
        try app.send("Enter", "q")
        XCTAssertEqual(try app.waitForExit(), 0)
        return path
    }

    /// SQL that drops the NOT NULL constraints of the state table and the log's, keeping their rows (the
    /// `review` view reads the log again once it is back).
    private let loosened = """
        CREATE TABLE cs AS SELECT * FROM card_state; DROP TABLE card_state;
        CREATE TABLE card_state (deck TEXT, card_key TEXT, box INTEGER, last_review REAL, missed INTEGER,
            first_review REAL, question TEXT DEFAULT '', lapses INTEGER DEFAULT 0,
            PRIMARY KEY (deck, card_key)) WITHOUT ROWID;
        INSERT INTO card_state SELECT * FROM cs; DROP TABLE cs;
        CREATE TABLE rv AS SELECT * FROM review_log; DROP TABLE review_log;
        CREATE TABLE review_log (id INTEGER PRIMARY KEY AUTOINCREMENT, card INTEGER, time REAL,
            result INTEGER, box_before INTEGER, box_after INTEGER, mode INTEGER, is_repeat INTEGER DEFAULT 0,
            seconds REAL, device INTEGER, seq INTEGER, question_hash TEXT, undone INTEGER DEFAULT 0);
        INSERT INTO review_log SELECT * FROM rv; DROP TABLE rv;
        """

    private func damaged(_ name: String, _ sql: String) throws -> (path: String, key: String) {
        let path = try answered(name)
        let key = try XCTUnwrap(
            try SQLiteShell.query(path, "SELECT card_key FROM card_state ORDER BY card_key LIMIT 1").first)
        _ = try SQLiteShell.query(path, sql.replacingOccurrences(of: "$KEY", with: key))
        return (path, key)
    }

    private var cases: [(name: String, sql: String, column: String)] {
        [
            ("far", "UPDATE card_state SET last_review = 1e300 WHERE card_key = '$KEY';", "last_review"),
            ("inf", "UPDATE card_state SET last_review = 9e999 WHERE card_key = '$KEY';", "last_review"),
            ("box", "UPDATE card_state SET box = 9223372036854775807 WHERE card_key = '$KEY';", "box"),
            ("nullbox", loosened + "UPDATE card_state SET box = NULL WHERE card_key = '$KEY';", "box"),
            ("nulltime", loosened + "UPDATE review SET time = NULL WHERE card_key = '$KEY';", "time"),
        ]
    }

    func testStatsAndRenderReportBadRowsAndGoOn() throws {
        for item in cases {
            let (path, key) = try damaged(item.name + ".sqlite", item.sql)
            for command in [["stats"], ["stats", "--json"], ["render"]] {
                let result = try BinaryRunner.run(command + ["--content", deck, "--progress", path, "--now", now])
                XCTAssertEqual(result.status, 0, "\(item.name) \(command): \(result.stderr)")
                if item.column != "time" {
                    XCTAssertTrue(
                        result.stderr.contains("\(path): card \(key): bad value in \(item.column)"),
                        "\(item.name) \(command): \(result.stderr)")
                }
            }
        }
    }

    func testTheAppAnswersAndUndoesOverBadRowsWithoutTrapping() throws {
        for item in cases {
            let (path, _) = try damaged("app-" + item.name + ".sqlite", item.sql)
            let app = try TmuxSession(
                folder: folder, arguments: ["--content", deck, "--now", now, "--new-per-day", "0"], progress: path)
            try app.waitFor("All decks")
            // Cram every card: the damaged one is answered, then the answer is undone.
            try app.send("c")
            try app.waitFor("CRAM 1/")
            for count in 1...3 {
                try app.send("Space", "y")
                if count < 3 { try app.waitFor("✓ \(count)  ✗ 0") }
            }
            try app.send("u")
            try app.send("Escape", "Enter", "q")
            XCTAssertEqual(try app.waitForExit(), 0, "\(item.name): \(app.standardError)")
            XCTAssertFalse(try app.alternateScreen())
            XCTAssertEqual(try SQLiteShell.query(path, "PRAGMA integrity_check"), ["ok"])
        }
    }
}
