import Foundation
import XCTest

/// Keys do nothing on screens the user cannot see: on the "too small" screen only resize, help and
/// quit act; a terminal without cursor addressing (TERM=dumb) is refused like an unknown one.
final class BlindKeysTests: XCTestCase {
    private var folder: URL!
    private var deck: String!
    private let now = "2026-03-01T09:00:00Z"

    override func setUpWithError() throws {
        folder = try BinaryRunner.tmuxTestFolder(self)
        deck = folder.appendingPathComponent("d.md").path
        try CrashSafetyTests.deckText(cards: 6).write(toFile: deck, atomically: true, encoding: .utf8)
    }

    func testAnswersAreNotRecordedOnTheTooSmallScreen() throws {
        guard SQLiteShell.isAvailable else { throw XCTSkip("sqlite3 is not installed") }
        let app = try TmuxSession(folder: folder, arguments: ["--content", deck, "--now", now])
        try app.waitFor("All decks")
        try app.send("Enter", "Space")
        try app.waitFor("STUDY 1/")
        try app.resize(width: 30, height: 8)
        try app.waitFor("too small")
        try app.sendBurst(["y", "Space", "n", "Space", "y", "Enter", "j", "u"])
        usleep(300_000)
        try app.resize(width: 100, height: 30)
        let screen = try app.waitFor("STUDY 1/")
        XCTAssertEqual(TmuxSession.tally(in: screen).map { $0.right + $0.missed } ?? 0, 0, screen)
        // Nothing was answered: Esc goes straight back to the tree.
        try app.send("Escape")
        try app.waitFor("TOPICS")
        try app.send("q")
        XCTAssertEqual(try app.waitForExit(), 0)
        XCTAssertEqual(try SQLiteShell.query(app.progress, "SELECT COUNT(*) FROM review"), ["0"])
    }

    func testQuitStillWorksOnTheTooSmallScreen() throws {
        let app = try TmuxSession(folder: folder, arguments: ["--content", deck, "--now", now], width: 20, height: 5)
        try app.waitFor("small")
        try app.send("q")
        XCTAssertEqual(try app.waitForExit(), 0)
    }

    func testDumbTerminalIsRefused() throws {
        for term in ["dumb", "unknown-terminal-xyz"] {
            let app = try TmuxSession(
                folder: folder, arguments: ["--content", deck, "--now", now], environment: ["TERM": term])
            XCTAssertEqual(try app.waitForExit(), 2, term)
            XCTAssertTrue(app.standardError.contains("TERM"), "\(term): \(app.standardError)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: app.progress), "\(term): a progress file was made")
        }
    }
}
