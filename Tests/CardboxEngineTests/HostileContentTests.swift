import CardboxEngine
import Foundation
import XCTest

/// Deck files written with other line ends, NUL bytes, nesting deeper than the converters follow, and
/// paths that are not regular files: each is read or reported, never lost silently or waited on.
final class HostileContentTests: XCTestCase {
    private func parse(_ bytes: [UInt8], path: String = "d.md") -> CardCollection {
        CollectionBuilder.build(files: [DeckParser.parse(bytes: bytes, path: path)])
    }

    func testFrontMatterWithCRLFOrCRLineEnds() {
        for end in ["\r\n", "\r"] {
            let text = ["---", "title: My Deck", "---", "# Topic", "Q: one", "A: 1", "", "Q: two", "A: 2", ""]
                .joined(separator: end)
            let collection = parse(Array(text.utf8))
            XCTAssertEqual(collection.decks.map(\.title), ["My Deck"], end.debugDescription)
            XCTAssertFalse(collection.nodes.contains { $0.title.hasPrefix("title:") }, end.debugDescription)
            XCTAssertEqual(collection.diagnostics, [], end.debugDescription)
            XCTAssertEqual(collection.cards.map(\.source.line), [5, 8], end.debugDescription)
            XCTAssertEqual(collection.cards.map(\.question.plainText), ["one", "two"], end.debugDescription)
        }
    }

    func testNULByteIsReportedAndTheCardsAroundItAreKept() {
        let text = "# T\nQ: before\nA: 1\n\nQ: with a \u{0} inside\nA: 2\n\nQ: after\nA: 3\n"
        let collection = parse(Array(text.utf8))
        XCTAssertEqual(collection.diagnostics.map(\.description), ["d.md:5: NUL byte (replaced with U+FFFD)"])
        XCTAssertEqual(
            collection.cards.map(\.question.plainText), ["before", "with a \u{FFFD} inside", "after"])
        XCTAssertTrue(collection.hasErrors)
    }

    func testDeepBlockquoteAndEmphasisKeepTheirTextAndAreReported() {
        let quote = "Q: quoted\nA: see below\n\n" + String(repeating: ">", count: 70) + " deep text\n"
        let emphasis =
            "Q: stressed\nA: " + String(repeating: "*a ", count: 70) + "core" + String(repeating: " a*", count: 70)
            + "\n"
        for text in [quote, emphasis] {
            let collection = parse(Array(text.utf8))
            XCTAssertEqual(collection.cards.count, 1, text)
            let answer = collection.cards[0].answer.plainText
            XCTAssertTrue(answer.contains(text == quote ? "deep text" : "core"), answer)
            XCTAssertEqual(collection.diagnostics.count, 1)
            XCTAssertTrue(
                collection.diagnostics[0].description.contains("nesting deeper than 64 levels"),
                collection.diagnostics.map(\.description).joined())
        }
    }

    func testFiveHundredDeepListIsNotAnEmptyAnswer() {
        var text = "Q: nested\nA:\n"
        for depth in 0..<500 { text += String(repeating: "  ", count: depth) + "- level \(depth)\n" }
        let collection = parse(Array(text.utf8))
        XCTAssertEqual(collection.cards.count, 1, collection.diagnostics.map(\.description).joined(separator: "\n"))
        XCTAssertTrue(collection.cards.first?.answer.plainText.contains("level 499") ?? false)
        XCTAssertFalse(collection.diagnostics.contains { $0.message == "empty answer" })
        XCTAssertTrue(collection.diagnostics.contains { $0.message.hasPrefix("nesting deeper than") })
    }

    func testFIFOsDevicesAndFoldersNamedMdAreReportedNotWaitedOn() throws {
        let folder = try Fixtures.temporaryFolder(self)
        try "Q: real\nA: yes\n".write(to: folder.appendingPathComponent("real.md"), atomically: true, encoding: .utf8)
        let fifo = folder.appendingPathComponent("pipe.md").path
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        let folderDeck = folder.appendingPathComponent("notes.md")
        try FileManager.default.createDirectory(at: folderDeck, withIntermediateDirectories: true)
        try "Q: inside\nA: yes\n".write(
            to: folderDeck.appendingPathComponent("inner.md"), atomically: true, encoding: .utf8)
        // Reading these would block forever before the fix; the test would hang, not fail.
        let collection = ContentLoader.load(paths: [folder.path, fifo, "/dev/zero"])
        XCTAssertEqual(Set(collection.cards.map(\.question.plainText)), ["real", "inside"])
        XCTAssertEqual(Set(collection.decks.map(\.title)), ["real", "inner"], "no phantom deck for the FIFO")
        let messages = collection.diagnostics.map(\.description)
        XCTAssertTrue(messages.contains("\(fifo):1: a FIFO (named pipe), not a file; only regular files are read"))
        XCTAssertTrue(messages.contains("/dev/zero:1: a character device, not a file; only regular files are read"))
        XCTAssertEqual(Set(collection.unreadable), [fifo, "/dev/zero"])
    }

    func testUnreadableFilesAndFoldersAreReportedAndMakeNoDeck() throws {
        guard getuid() != 0 else { throw XCTSkip("root reads every file whatever its mode") }
        let folder = try Fixtures.temporaryFolder(self)
        try "Q: real\nA: yes\n".write(to: folder.appendingPathComponent("real.md"), atomically: true, encoding: .utf8)
        let secret = folder.appendingPathComponent("secret.md")
        try "Q: hidden\nA: yes\n".write(to: secret, atomically: true, encoding: .utf8)
        chmod(secret.path, 0)
        let closed = folder.appendingPathComponent("closed")
        try FileManager.default.createDirectory(at: closed, withIntermediateDirectories: true)
        try "Q: inside\nA: yes\n".write(to: closed.appendingPathComponent("x.md"), atomically: true, encoding: .utf8)
        chmod(closed.path, 0)
        defer { chmod(closed.path, 0o755) }
        let collection = ContentLoader.load(paths: [folder.path])
        XCTAssertEqual(collection.decks.map(\.title), ["real"])
        XCTAssertEqual(
            Set(collection.diagnostics.map(\.description)),
            [
                "\(secret.path):1: cannot read file (permission denied)",
                "\(closed.path):1: cannot read folder (permission denied)",
            ])
        XCTAssertEqual(Set(collection.unreadable), [secret.path, closed.path])
    }
}
