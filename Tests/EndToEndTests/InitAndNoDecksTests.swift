import Foundation
import XCTest

/// `cardbox init`, and what the commands say when there is no deck to load.
final class InitAndNoDecksTests: XCTestCase {
    func testInitWritesACleanSampleDeckAndRefusesToOverwrite() throws {
        let folder = try BinaryRunner.temporaryFolder(self)
        let first = try BinaryRunner.run(["init"], directory: folder)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("Wrote cards/sample-deck.md"), first.stdout)
        XCTAssertTrue(first.stdout.contains("cardbox --content cards"), first.stdout)
        let deck = folder.appendingPathComponent("cards/sample-deck.md")
        let written = try String(contentsOf: deck, encoding: .utf8)
        let check = try BinaryRunner.run([
            "check", deck.path, "--progress", folder.appendingPathComponent("p.sqlite").path,
        ])
        XCTAssertEqual(check.status, 0, check.stdout)
        XCTAssertTrue(check.stdout.hasPrefix("1 deck, "), check.stdout)
        try "edited".write(to: deck, atomically: true, encoding: .utf8)
        let second = try BinaryRunner.run(["init"], directory: folder)
        XCTAssertEqual(second.status, 1)
        XCTAssertTrue(second.stderr.contains("already exists; nothing was written"), second.stderr)
        XCTAssertEqual(try String(contentsOf: deck, encoding: .utf8), "edited")
        XCTAssertNotEqual(written, "edited")
        let elsewhere = try BinaryRunner.run(["init", "other/decks"], directory: folder)
        XCTAssertEqual(elsewhere.status, 0, elsewhere.stderr)
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: folder.appendingPathComponent("other/decks/sample-deck.md").path))
    }

    func testInitSaysWhyAFolderCannotBeMade() throws {
        let folder = try BinaryRunner.temporaryFolder(self)
        try "not a folder".write(to: folder.appendingPathComponent("file"), atomically: true, encoding: .utf8)
        let result = try BinaryRunner.run(["init", "file/decks"], directory: folder)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "cardbox: cannot create the folder file/decks: Not a directory\n")
    }

    func testCheckAndStatsSayWhereTheyLookedWhenThereAreNoDecks() throws {
        let folder = try BinaryRunner.temporaryFolder(self)
        let environment = [
            "CARDBOX_CONTENT": "", "XDG_CONFIG_HOME": folder.path, "XDG_STATE_HOME": folder.path,
            "XDG_CACHE_HOME": folder.path,
        ]
        for command in [["check"], ["stats"]] {
            let result = try BinaryRunner.run(command, environment: environment, directory: folder)
            XCTAssertEqual(result.status, 1, "\(command): \(result.stdout) \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("no decks found. Looked in:"), result.stderr)
            XCTAssertTrue(result.stderr.contains("--content: not given"), result.stderr)
            XCTAssertTrue(result.stderr.contains("$CARDBOX_CONTENT: not set"), result.stderr)
            XCTAssertTrue(result.stderr.contains("./Content: no such file or folder"), result.stderr)
            XCTAssertTrue(result.stderr.contains("cardbox init"), result.stderr)
        }
        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let named = try BinaryRunner.run(["check", empty.path], environment: environment, directory: folder)
        XCTAssertEqual(named.status, 1)
        XCTAssertTrue(named.stderr.contains("\(empty.path): no deck files (*.md) in this folder"), named.stderr)
    }
}
