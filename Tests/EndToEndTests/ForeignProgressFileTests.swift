import Foundation
import XCTest

/// Only an empty SQLite file may become a progress file: a database with only a view, or with a
/// user_version and no tables, is someone else's; a cardbox file missing a table is refused before
/// anything is added to it.
final class ForeignProgressFileTests: XCTestCase {
    var folder: URL!
    var deck: String!
    let now = "2026-03-01T09:00:00Z"

    override func setUpWithError() throws {
        guard SQLiteShell.isAvailable else { throw XCTSkip("sqlite3 is not installed") }
        folder = try BinaryRunner.tmuxTestFolder(self)
        deck = folder.appendingPathComponent("d.md").path
        try CrashSafetyTests.deckText(cards: 6).write(toFile: deck, atomically: true, encoding: .utf8)
    }

    private func file(_ name: String, _ sql: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        _ = try SQLiteShell.query(path, sql)
        return path
    }

    /// A real progress file with three answers.
    func real(_ name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        let app = try TmuxSession(folder: folder, arguments: ["--content", deck, "--now", now], progress: path)
        try app.waitFor("All decks")
        try app.send("Enter")
        for count in 1...3 {
            try app.send("Space", "y")
            try app.waitFor("✓ \(count)  ✗ 0")
        }
        try app.send("Escape", "Enter", "q")
        XCTAssertEqual(try app.waitForExit(), 0)
        return path
    }

    private func assertRefusedUnchanged(
        _ path: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let app = try TmuxSession(folder: folder, arguments: ["--content", deck, "--now", now], progress: path)
        XCTAssertEqual(try app.waitForExit(), 1, file: file, line: line)
        let lines = app.standardError.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, app.standardError, file: file, line: line)
        XCTAssertTrue(app.standardError.contains(expected), app.standardError, file: file, line: line)
        XCTAssertEqual(
            try Data(contentsOf: URL(fileURLWithPath: path)), before, "the file changed", file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + "-wal"), file: file, line: line)
    }

    func testSQLiteFilesThatAreNotEmptyAreNotAdopted() throws {
        try assertRefusedUnchanged(
            try file("view.sqlite", "CREATE VIEW answers AS SELECT 42 AS answer;"), "is not a cardbox progress file")
        try assertRefusedUnchanged(
            try file("version.sqlite", "PRAGMA user_version = 7; VACUUM;"), "is not a cardbox progress file")
        try assertRefusedUnchanged(
            try file("trigger.sqlite", "CREATE TABLE t(x); DROP TABLE t; PRAGMA user_version = 1;"),
            "is not a cardbox progress file")
    }

    func testACardboxFileMissingATableIsRefusedAsIs() throws {
        let noReview = try real("no-review.sqlite")
        _ = try SQLiteShell.query(noReview, "PRAGMA journal_mode = DELETE; DROP VIEW review;")
        try assertRefusedUnchanged(noReview, "has no review table")
        let noMigrations = try real("no-migrations.sqlite")
        _ = try SQLiteShell.query(noMigrations, "PRAGMA journal_mode = DELETE; DROP TABLE grdb_migrations;")
        try assertRefusedUnchanged(noMigrations, "has no grdb_migrations table")
    }
}
