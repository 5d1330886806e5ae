import Foundation
import XCTest

/// `cardbox export --apkg` and `cardbox import` through the built binary: messages and exit codes.
final class AnkiCommandTests: XCTestCase {
    func testExportThenImportTheShippedDeck() throws {
        let folder = try BinaryRunner.temporaryFolder(self)
        let package = folder.appendingPathComponent("shipped.apkg").path
        let export = try BinaryRunner.run(["export", "--apkg", package, "--content", BinaryRunner.shippedContent])
        XCTAssertEqual(export.status, 0, export.stderr)
        XCTAssertTrue(export.stdout.hasPrefix("Exported "), export.stdout)
        let decks = folder.appendingPathComponent("decks").path
        let imported = try BinaryRunner.run(["import", package, "--into", decks])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertTrue(imported.stdout.contains("Check it:  cardbox check \(decks)"), imported.stdout)
        // Every card comes back, with no problem to report.
        let original = try BinaryRunner.run([
            "check", BinaryRunner.shippedContent, "--progress", folder.appendingPathComponent("p.sqlite").path,
        ])
        let roundTrip = try BinaryRunner.run([
            "check", decks, "--progress", folder.appendingPathComponent("p.sqlite").path,
        ])
        XCTAssertEqual(roundTrip.status, 0, roundTrip.stdout)
        let cards = { (output: String) in output.split(separator: "\n").last?.split(separator: ",")[1] }
        XCTAssertEqual(cards(roundTrip.stdout), cards(original.stdout), roundTrip.stdout)
        // cardbox's packages carry no review history: the cards stay new.
        let progress = folder.appendingPathComponent("progress.sqlite").path
        let withProgress = try BinaryRunner.run([
            "import", package, "--into", decks, "--with-progress", "--progress", progress,
        ])
        XCTAssertEqual(withProgress.status, 0, withProgress.stderr)
        XCTAssertTrue(withProgress.stdout.contains("Progress: 0 reviewed cards placed in boxes"), withProgress.stdout)
    }

    func testBadInputIsOneMessageAndNothingWritten() throws {
        let folder = try BinaryRunner.temporaryFolder(self)
        let bad = folder.appendingPathComponent("bad.apkg")
        try Data("not a zip".utf8).write(to: bad)
        let decks = folder.appendingPathComponent("decks")
        let result = try BinaryRunner.run(["import", bad.path, "--into", decks.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("nothing was written"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: decks.path))
        let missing = try BinaryRunner.run([
            "import", folder.appendingPathComponent("none.apkg").path, "--into", decks.path,
        ])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("no such file"), missing.stderr)
    }
}
