import CardboxTestSupport
import Foundation
import XCTest

/// Progress files cardbox must not use — random bytes, a truncated or damaged real file, someone
/// else's SQLite file, a file from a newer cardbox — are refused by every command with one line on
/// stderr that names the file and what to do, a non-zero exit and the file byte-for-byte unchanged;
/// `cardbox --reset-progress` moves such a file aside and starts fresh.
final class BadProgressFileTests: XCTestCase {
    private var folder: URL!
    private var deck: String!
    private let now = "2026-03-01T09:00:00Z"

    override func setUpWithError() throws {
        try XCTSkipUnless(Tmux.isInstalled, Tmux.missing)
        guard SQLiteShell.isAvailable else { throw XCTSkip("sqlite3 is not installed") }
        folder = try BinaryRunner.temporaryFolder(self)
        deck = folder.appendingPathComponent("bad.md").path
        try CrashSafetyTests.deckText(cards: 6).write(toFile: deck, atomically: true, encoding: .utf8)
    }

    /// A real progress file written by the app: three answers, then quit.
    private func realProgressFile(_ name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        let app = try TmuxSession(folder: folder, arguments: ["--content", deck, "--now", now], progress: path)
        try app.waitFor("All decks")
        try app.send("Enter", "Space", "y")
        try app.waitFor("✓ 1  ✗ 0")
        try app.send("Space", "n")
        try app.waitFor("✓ 1  ✗ 1")
        try app.send("Space", "y")
        try app.waitFor("✓ 2  ✗ 1")
        try app.send("Escape", "Enter", "q")
        XCTAssertEqual(try app.waitForExit(), 0)
        return path
    }

    private enum Kind: String, CaseIterable {
        case randomBytes, truncated, damagedPage, foreignSQLite, newerSchema
    }

    private func makeFile(_ kind: Kind) throws -> String {
        let path = folder.appendingPathComponent("\(kind.rawValue).sqlite").path
        switch kind {
        case .randomBytes:
            var random = SplitMix(seed: 42)
            try Data((0..<16_384).map { _ in UInt8(truncatingIfNeeded: random.next()) }).write(
                to: URL(fileURLWithPath: path))
        case .truncated:
            let real = try realProgressFile("real-for-truncation.sqlite")
            let data = try Data(contentsOf: URL(fileURLWithPath: real))
            XCTAssertGreaterThan(data.count, 12_000)
            try data.prefix(data.count / 2 + 100).write(to: URL(fileURLWithPath: path))
        case .damagedPage:
            // The header and schema survive; the pages after them are overwritten.
            let real = try realProgressFile("real-for-damage.sqlite")
            var data = try Data(contentsOf: URL(fileURLWithPath: real))
            for index in 8192..<data.count { data[index] = 0xA5 }
            try data.write(to: URL(fileURLWithPath: path))
        case .foreignSQLite:
            _ = try SQLiteShell.query(
                path, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('mine')"
            )
        case .newerSchema:
            let real = try realProgressFile(kind.rawValue + ".sqlite")
            _ = try SQLiteShell.query(real, "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        return path
    }

    /// What the one error line must advise for each kind of file.
    private func advice(_ kind: Kind, _ path: String) -> String {
        // `stats` and `render` have no --reset-progress, so the advice is the full command to run.
        kind == .newerSchema ? "update cardbox" : "cardbox --progress \(path) --reset-progress"
    }

    func testEveryCommandRefusesABadFileWithOneLineAndLeavesItUnchanged() throws {
        for kind in Kind.allCases {
            let path = try makeFile(kind)
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            for command in [["stats"], ["stats", "--json"], ["render", "--keys", "<Enter><Space>"]] {
                let result = try BinaryRunner.run(command + ["--content", deck, "--progress", path, "--now", now])
                let context = "\(kind) with \(command.joined(separator: " ")): \(result.stderr)"
                XCTAssertEqual(result.status, 1, context)
                XCTAssertEqual(result.stdout, "", context)
                XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, context)
                XCTAssertTrue(result.stderr.contains(path), context)
                XCTAssertTrue(result.stderr.contains(advice(kind, path)), context)
                XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before, context)
            }
            let app = try TmuxSession(folder: folder, arguments: ["--content", deck, "--now", now], progress: path)
            XCTAssertEqual(try app.waitForExit(), 1, "\(kind): \(app.standardError)")
            XCTAssertEqual(app.standardError.split(separator: "\n").count, 1, "\(kind): \(app.standardError)")
            XCTAssertTrue(app.standardError.contains(path), "\(kind): \(app.standardError)")
            XCTAssertTrue(app.standardError.contains(advice(kind, path)), "\(kind): \(app.standardError)")
            XCTAssertEqual(
                try Data(contentsOf: URL(fileURLWithPath: path)), before, "\(kind): the app changed the file")
        }
    }

    func testResetProgressMovesABadFileAsideAndStartsFresh() throws {
        for kind in Kind.allCases {
            let path = try makeFile(kind)
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            let app = try TmuxSession(
                folder: folder, arguments: ["--content", deck, "--now", now, "--reset-progress"], progress: path)
            try app.waitFor("All decks")
            try app.send("Enter", "Space", "y")
            try app.waitFor("✓ 1  ✗ 0")
            try app.send("Escape", "Enter", "q")
            XCTAssertEqual(try app.waitForExit(), 0, "\(kind)")
            // stderr names where the old file went; it is there with every byte.
            let moved = try XCTUnwrap(
                app.standardError.firstMatch(of: /moved the old progress file to (\S+)/).map { String($0.1) },
                "\(kind): \(app.standardError)")
            XCTAssertNotNil(moved.wholeMatch(of: /.*\/[A-Za-z]+\.sqlite\.corrupt-\d{8}-\d{6}(-\d+)?/), moved)
            XCTAssertTrue(moved.hasPrefix(path + ".corrupt-"), moved)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: moved)), before, "\(kind): the moved file changed")
            // The fresh file holds exactly the one new answer.
            let stats = try BinaryRunner.run(["stats", "--json", "--content", deck, "--progress", path, "--now", now])
            XCTAssertEqual(stats.status, 0, "\(kind): \(stats.stderr)")
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
            XCTAssertEqual(object["reviews"] as? Int, 1, "\(kind)")
            XCTAssertEqual(try SQLiteShell.query(path, "PRAGMA integrity_check"), ["ok"])
        }
    }

    /// A zero-byte file (e.g. truncated to nothing) holds no progress: the read-only commands treat it
    /// like a missing file, and the app makes it a fresh progress file.
    func testEmptyFileIsNoProgress() throws {
        let path = folder.appendingPathComponent("empty.sqlite").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data()))
        for command in [["stats", "--json"], ["render"]] {
            let result = try BinaryRunner.run(command + ["--content", deck, "--progress", path, "--now", now])
            XCTAssertEqual(result.status, 0, "\(command): \(result.stderr)")
            XCTAssertEqual(result.stderr, "", "\(command)")
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)).count, 0, "\(command) wrote to the file")
        }
        let app = try TmuxSession(folder: folder, arguments: ["--content", deck, "--now", now], progress: path)
        try app.waitFor("All decks")
        try app.send("Enter", "Space", "n")
        try app.waitFor("✓ 0  ✗ 1")
        try app.send("Escape", "Enter", "q")
        XCTAssertEqual(try app.waitForExit(), 0)
        XCTAssertEqual(try SQLiteShell.query(path, "SELECT result FROM review"), ["missed"])
    }
}
