import Foundation
import XCTest

/// `cardbox prune` lists the progress of cards that are gone, removes it only with `--yes` and
/// after a backup, keeps edited questions' progress, and refuses when content could not be read.
final class PruneCommandTests: XCTestCase {
    private var folder: URL!
    private var decks: URL!
    private var deck: String!
    private var progress: String!
    private let now = "2026-03-01T09:00:00Z"

    private let original = """
        ---
        title: Prune
        ---
        # Streams
        Q: How many shards does a stream of eight megabytes per second need?
        A: Eight

        Q: Which service crawls a bucket to find the schema of its files?
        A: Glue

        Q: Which service queries files in a bucket with SQL?
        A: Athena

        """

    override func setUpWithError() throws {
        guard SQLiteShell.isAvailable else { throw XCTSkip("sqlite3 is not installed") }
        folder = try BinaryRunner.tmuxTestFolder(self)
        decks = folder.appendingPathComponent("decks")
        try FileManager.default.createDirectory(at: decks, withIntermediateDirectories: true)
        deck = decks.appendingPathComponent("prune.md").path
        progress = folder.appendingPathComponent("p.sqlite").path
        try original.write(toFile: deck, atomically: true, encoding: .utf8)
        // Answer all three cards.
        let app = try TmuxSession(
            folder: folder, arguments: ["--content", decks.path, "--now", now], progress: progress)
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
        // The first card is deleted, the second one's question is edited.
        let edited = original.replacingOccurrences(
            of: "Q: How many shards does a stream of eight megabytes per second need?\nA: Eight\n\n", with: ""
        ).replacingOccurrences(of: "to find the schema of its files?", with: "to find the schema of its files now?")
        try edited.write(toFile: deck, atomically: true, encoding: .utf8)
    }

    private func prune(_ extra: [String] = [], content: [String]? = nil) throws -> BinaryRunner.Result {
        try BinaryRunner.run(
            ["prune"] + (content ?? ["--content", decks.path]) + ["--progress", progress, "--now", now] + extra)
    }

    private func reviewCount(_ file: String) throws -> Int {
        Int(try SQLiteShell.query(file, "SELECT COUNT(*) FROM review").first ?? "") ?? -1
    }

    private func backups() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".backup-") }
    }

    func testListsThenRemovesOnlyWithYesAfterABackup() throws {
        let listed = try prune()
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertEqual(
            listed.stdout,
            """
            Prune: how many shards does a stream of eight megabytes per second need? (1 answer)
            1 card no longer in the loaded decks, 1 answer; run cardbox prune --yes to remove their progress

            """)
        XCTAssertEqual(try reviewCount(progress), 3, "listing removes nothing")
        XCTAssertEqual(try backups(), [])

        let removed = try prune(["--yes"])
        XCTAssertEqual(removed.status, 0, removed.stderr)
        let backup = try XCTUnwrap(try backups().first)
        XCTAssertTrue(removed.stdout.contains("backup: \(folder.appendingPathComponent(backup).path)"), removed.stdout)
        XCTAssertEqual(try reviewCount(folder.appendingPathComponent(backup).path), 3, "the backup holds everything")
        XCTAssertEqual(try reviewCount(progress), 2, "the edited question keeps its answer")
        XCTAssertEqual(try SQLiteShell.query(progress, "PRAGMA integrity_check"), ["ok"])
        XCTAssertEqual(try prune().stdout, "nothing to prune\n")
    }

    func testRefusesWhenContentCouldNotBeRead() throws {
        // A deck folder that cannot be read (a FIFO named *.md here), and a --content that does not exist.
        XCTAssertEqual(mkfifo(decks.appendingPathComponent("pipe.md").path, 0o644), 0)
        for content in [["--content", decks.path], ["--content", folder.appendingPathComponent("missing").path]] {
            let result = try prune(["--yes"], content: content)
            XCTAssertEqual(result.status, 1, result.stdout)
            XCTAssertTrue(result.stderr.contains("not pruning"), result.stderr)
            XCTAssertEqual(try reviewCount(progress), 3)
            XCTAssertEqual(try backups(), [])
        }
    }

    func testADifferentDeckPrunesNothing() throws {
        let other = folder.appendingPathComponent("other.md").path
        try "---\ntitle: Other\n---\nQ: Something else?\nA: Yes\n".write(
            toFile: other, atomically: true, encoding: .utf8)
        let result = try prune(["--yes"], content: ["--content", other])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "nothing to prune\n")
        XCTAssertEqual(try reviewCount(progress), 3)
    }
}
