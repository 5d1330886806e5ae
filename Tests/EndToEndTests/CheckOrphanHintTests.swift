import Foundation
import XCTest

/// `cardbox check` on progress whose card was rewritten past recognition: it names the most similar
/// card and the line that gives it the progress.
final class CheckOrphanHintTests: XCTestCase {
    func testOrphanedProgressNamesTheMostSimilarCardAndHowToPinIt() throws {
        let folder = try BinaryRunner.tmuxTestFolder(self)
        let deck = folder.appendingPathComponent("streams.md")
        let progress = folder.appendingPathComponent("progress.sqlite").path
        try
            "# Streams\n\nQ: Which service keeps a stream of records for seven days by default?\nA: Kinesis\n\nQ: Unrelated\nA: x\n"
            .write(to: deck, atomically: true, encoding: .utf8)
        do {
            let app = try TmuxSession(
                folder: folder, arguments: ["--content", deck.path, "--now", "2026-03-01T09:00:00Z"],
                progress: progress)
            try app.waitFor("All decks")
            try app.send("Enter")
            try app.waitFor("STUDY 1/2")
            try app.send("Space", "y")
            try app.waitFor("STUDY 2/2")
            try app.send("Escape")
            try app.waitFor("Session summary")
            try app.send("Escape", "q")
            XCTAssertEqual(try app.waitForExit(), 0)
        }
        let before = try BinaryRunner.run(["check", deck.path, "--progress", progress])
        XCTAssertEqual(before.status, 0, before.stdout + before.stderr)
        XCTAssertFalse(before.stdout.contains("no longer in deck"), before.stdout)
        let key = try XCTUnwrap(
            BinaryRunner.run(["check", "--keys", deck.path, "--progress", progress]).stdout
                .split(separator: "\n").first?.split(separator: "\t").dropFirst().first.map(String.init))

        // Rewritten too far to take the progress by itself, but still the closest card of the deck.
        try
            "# Streams\n\nQ: Unrelated\nA: x\n\nQ: For how many days does a Kinesis stream keep its records by default?\nA: 1\n"
            .write(to: deck, atomically: true, encoding: .utf8)
        let after = try BinaryRunner.run(["check", deck.path, "--progress", progress])
        XCTAssertEqual(after.status, 0, "an orphan is a warning: \(after.stdout) \(after.stderr)")
        let warning = try XCTUnwrap(
            after.stdout.split(separator: "\n").first { $0.contains("no longer in deck") }, after.stdout)
        XCTAssertTrue(
            warning.hasPrefix(
                "\(progress): warning: progress for a card no longer in deck 'streams': "
                    + "which service keeps a stream of records for seven days by default?"), String(warning))
        XCTAssertTrue(
            warning.contains(
                "; most similar card: \(deck.path):6 'for how many days does a kinesis stream keep its records by default?'"
            ), String(warning))
        XCTAssertTrue(
            warning.hasSuffix("(to give it this progress, put <!-- id: \(key) --> on the line before it)"),
            String(warning))
        XCTAssertTrue(after.stdout.contains("1 orphaned progress record"), after.stdout)

        // Done as the hint says, the progress is the card's again and nothing is orphaned.
        try
            "# Streams\n\nQ: Unrelated\nA: x\n\n<!-- id: \(key) -->\nQ: For how many days does a Kinesis stream keep its records by default?\nA: 1\n"
            .write(to: deck, atomically: true, encoding: .utf8)
        let pinned = try BinaryRunner.run(["check", deck.path, "--progress", progress])
        XCTAssertEqual(pinned.status, 0, pinned.stdout)
        XCTAssertFalse(pinned.stdout.contains("no longer in deck"), pinned.stdout)
        let stats = try BinaryRunner.run(["stats", "--json", "--content", deck.path, "--progress", progress])
        let numbers = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(numbers["reviews"] as? Int, 1, stats.stdout)
        XCTAssertEqual(numbers["new"] as? Int, 1, "the pinned card has its progress back: \(stats.stdout)")
    }
}
