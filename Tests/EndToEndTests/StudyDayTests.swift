import Foundation
import XCTest

/// The study day in a real terminal: a settings file, more new cards, suspend, card details, study
/// ahead, the tree toggle and the tree remembered between runs.
final class StudyDayTests: XCTestCase {
    private var folder: URL!
    private var deck: String!
    private var progress: String { folder.appendingPathComponent("progress.sqlite").path }
    private var config: String { folder.appendingPathComponent("config.toml").path }

    override func setUpWithError() throws {
        folder = try BinaryRunner.tmuxTestFolder(self)
        deck = folder.appendingPathComponent("day.md").path
        var text = "---\ntitle: Day\n---\n# Alpha\n"
        for index in 1...4 { text += "Q: Alpha question \(index)?\nA: Alpha answer \(index).\n\n" }
        text += "# Beta\n"
        for index in 1...4 { text += "Q: Beta question \(index)?\nA: Beta answer \(index).\n\n" }
        try text.write(toFile: deck, atomically: true, encoding: .utf8)
        try "content = [\"day.md\"]\nnew-per-day = 2\nleech-after = 2\nleech-action = \"suspend\"\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
    }

    private func start(_ now: String, width: Int = 100, height: Int = 30) throws -> TmuxSession {
        try TmuxSession(
            folder: folder, arguments: ["--config", config, "--now", now], width: width, height: height,
            progress: progress)
    }

    private func stats(_ now: String) throws -> [String: Any] {
        let result = try BinaryRunner.run(["stats", "--json", "--config", config, "--progress", progress, "--now", now])
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    /// One study session on `now`: Enter, then each answer after revealing the card, then quit.
    private func studySession(on now: String, answers: [String]) throws {
        try start(now).studyOneSession(answers: answers)
    }

    func testNewCardLimitMoreNewSuspendAndDetailsAcrossARestart() throws {
        let day1 = "2026-03-01T09:00:00Z"
        do {
            let app = try start(day1)
            try app.waitFor("All decks")
            try app.send("Enter")
            try app.waitFor("STUDY 1/2")
            try app.send("Space", "y")
            try app.waitFor("STUDY 2/2")
            try app.send("Space", "y")
            // The summary's last line: waiting for its title alone can catch a frame half drawn.
            let summary = try app.waitFor("Tomorrow: 2 due")
            XCTAssertTrue(summary.contains("Session summary"), summary)
            try app.send("Enter", "Enter")
            // The tree's own pane also says "Nothing to study" before the second Enter is read.
            let notice = try app.waitFor("today's new cards")
            XCTAssertTrue(notice.contains("Nothing to study"), notice)
            try app.send("+")
            try app.waitFor("2 more new cards allowed today")
            try app.send("q")
            XCTAssertEqual(try app.waitForExit(), 0)
        }
        // The same day after a restart: the extra allowance is still there.
        do {
            let app = try start(day1)
            try app.waitFor("All decks")
            try app.send("Enter")
            try app.waitFor("STUDY 1/2")
            // Card details: where it is written and its (empty) history.
            try app.send("i")
            let details = try app.waitFor("Card details")
            XCTAssertTrue(details.contains("day.md:"), details)
            XCTAssertTrue(details.contains("No answers yet."), details)
            try app.send("Escape")
            try app.waitFor("STUDY 1/2")
            // Suspend it: the next card comes up, and the file keeps the suspension. The suspended
            // card leaves the count: it is neither done nor to do.
            try app.send("!")
            try app.waitFor("Suspended;")
            try app.waitFor("STUDY 1/1")
            try app.send("Space", "y")
            try app.waitFor("Session summary")
            try app.send("Enter", "q")
            XCTAssertEqual(try app.waitForExit(), 0)
        }
        let numbers = try stats(day1)
        XCTAssertEqual(numbers["suspended"] as? Int, 1)
        XCTAssertEqual(numbers["reviews"] as? Int, 3)
        XCTAssertEqual(numbers["new"] as? Int, 4, "8 cards: 3 studied, 1 suspended")
    }

    func testStudyAheadAndTheTreeToggle() throws {
        try studySession(on: "2026-03-01T09:00:00Z", answers: ["y", "y"])
        // Next day but before the roll-over: nothing due, study ahead offers both cards.
        let early = "2026-03-02T03:00:00Z"
        do {
            let app = try start(early)
            try app.waitFor("All decks")
            try app.send("a")
            try app.waitFor("STUDY AHEAD 1/2")
            // 100 columns: the tree is shown; t hides it.
            XCTAssertTrue(try app.screen().contains("Topics"))
            try app.send("t")
            let (hidden, gone) = try app.poll { !$0.contains("Topics") }
            XCTAssertTrue(gone, hidden)
            try app.send("Space", "y")
            try app.waitFor("box 1 → 2")
            try app.send("Space", "n")
            try app.waitFor("back to box 1")
            try app.send("Space", "n")
            try app.waitFor("STUDY AHEAD")
            try app.send("Escape")
            try app.waitFor("Session summary")
            try app.send("Enter", "q")
            XCTAssertEqual(try app.waitForExit(), 0)
        }
        let numbers = try stats(early)
        XCTAssertEqual((numbers["boxes"] as? [Int])?.prefix(2), [1, 1])
        XCTAssertEqual(numbers["missed"] as? Int, 1)
        // One graded miss and a missed repeat: one lapse, not yet a leech (leech-after = 2).
        XCTAssertEqual(numbers["leeches"] as? Int, 0)
        XCTAssertEqual(numbers["suspended"] as? Int, 0)
    }

    func testALeechIsSuspendedWhenLeechActionSaysSo() throws {
        // The first card missed once (and then right as a repeat), the second right.
        try studySession(on: "2026-03-01T09:00:00Z", answers: ["n", "y", "y"])
        let day2 = "2026-03-02T09:00:00Z"
        let app = try start(day2)
        try app.waitFor("All decks")
        try app.send("Enter")
        try app.waitFor("Alpha question 1?")
        try app.send("Space", "n")
        try app.waitFor("Leech: missed 2 times, so it is suspended")
        try app.send("Escape")
        try app.waitFor("Session summary")
        try app.send("Enter", "q")
        XCTAssertEqual(try app.waitForExit(), 0)
        let numbers = try stats(day2)
        XCTAssertEqual(numbers["leeches"] as? Int, 1)
        XCTAssertEqual(numbers["suspended"] as? Int, 1)
    }

    func testTheTreeIsRememberedBetweenRuns() throws {
        let now = "2026-03-01T09:00:00Z"
        do {
            let app = try start(now)
            try app.waitFor("All decks")
            // The deck is open at start; go to Beta (root, deck, Alpha, Beta) and quit.
            try app.send("j", "j", "j")
            try app.send("q")
            XCTAssertEqual(try app.waitForExit(), 0)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: progress + ".tree.json"))
        let app = try start(now)
        try app.waitFor("All decks")
        let screen = try app.waitFor("Beta")
        let selected = screen.split(separator: "\n").first { $0.contains("›") && $0.contains("Beta") }
        XCTAssertNotNil(selected, "Beta is still selected:\n\(screen)")
        try app.send("q")
        XCTAssertEqual(try app.waitForExit(), 0)
    }
}
