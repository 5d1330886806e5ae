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
        // A file that is not cardbox's is refused and left as it was.
        let foreign = folder.appendingPathComponent("foreign.sqlite")
        let bytes = Data("SQLite format 3\u{0}".utf8) + Data(repeating: 1, count: 100)
        try bytes.write(to: foreign)
        let refused = try BinaryRunner.run([
            "import", package, "--into", decks, "--with-progress", "--progress", foreign.path,
        ])
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(try Data(contentsOf: foreign), bytes)
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
        // A Markdown deck given by mistake is not read as a text export.
        let markdown = folder.appendingPathComponent("deck.md")
        try "# Topic\n\nQ: a?\nA: b\n".write(to: markdown, atomically: true, encoding: .utf8)
        let notAnki = try BinaryRunner.run(["import", markdown.path, "--into", decks.path])
        XCTAssertEqual(notAnki.status, 1)
        XCTAssertTrue(
            notAnki.stderr.contains("not an Anki package (.apkg, .colpkg) or Anki text export"), notAnki.stderr)
        let aFolder = try BinaryRunner.run(["import", folder.path, "--into", decks.path])
        XCTAssertTrue(aFolder.stderr.contains("is a folder"), aFolder.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: decks.path))
    }

    /// A package or decks that cannot be written name the path in the way and what is wrong with it.
    func testUnwritablePathsSayWhichPathAndWhy() throws {
        let folder = try BinaryRunner.temporaryFolder(self)
        let file = folder.appendingPathComponent("file")
        try Data("a file".utf8).write(to: file)
        let package = folder.appendingPathComponent("shipped.apkg").path
        XCTAssertEqual(
            try BinaryRunner.run(["export", "--apkg", package, "--content", BinaryRunner.shippedContent]).status, 0)
        let cases: [([String], String)] = [
            (
                [
                    "export", "--apkg", folder.appendingPathComponent("missing/out.apkg").path, "--content",
                    BinaryRunner.shippedContent,
                ],
                "missing/out.apkg: cannot write the package (\(folder.path)/missing: no such folder)"
            ),
            (
                [
                    "export", "--apkg", file.appendingPathComponent("out.apkg").path, "--content",
                    BinaryRunner.shippedContent,
                ],
                "file/out.apkg: cannot write the package (\(file.path): is not a folder)"
            ),
            (
                ["import", package, "--into", file.appendingPathComponent("sub/decks").path],
                "file/sub: cannot create this folder (\(file.path): is not a folder); nothing was written"
            ),
        ]
        for (arguments, message) in cases {
            let result = try BinaryRunner.run(arguments)
            XCTAssertEqual(result.status, 1, "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            XCTAssertFalse(result.stderr.contains("could not be completed"), result.stderr)
        }
    }
}
