import CardboxEngine
import Foundation
import XCTest

final class DiagnosticsTests: XCTestCase {
    private func messages(_ text: String) -> [String] {
        Fixtures.collection(text, path: "d.md").diagnostics.map(\.description)
    }

    func testQuestionWithoutAnswer() {
        XCTAssertEqual(messages("Q: lonely\n\nQ: fine\nA: yes"), ["d.md:1: Q: without A:"])
    }

    func testAnswerWithoutQuestion() {
        XCTAssertEqual(messages("# T\n\nA: stray"), ["d.md:3: A: without Q:"])
    }

    func testEmptySides() {
        XCTAssertEqual(messages("Q:\nA: answer"), ["d.md:1: empty question"])
        XCTAssertEqual(messages("Q: question\nA:"), ["d.md:2: empty answer"])
    }

    func testClozeProblems() {
        XCTAssertEqual(
            messages("C: open [gap"), ["d.md:1: unbalanced cloze brackets (write \\[ for a literal bracket)"])
        XCTAssertEqual(
            messages("C: close gap]"), ["d.md:1: unbalanced cloze brackets (write \\[ for a literal bracket)"])
        XCTAssertEqual(messages("C: empty [] gap"), ["d.md:1: empty cloze gap []"])
        XCTAssertEqual(messages("C: no gaps"), ["d.md:1: cloze has no [gap]"])
        XCTAssertEqual(messages("C: a [b [c]]"), ["d.md:1: nested cloze brackets"])
    }

    func testDuplicateQuestionInDeck() {
        let c = Fixtures.collection([
            ("one.md", "---\ntitle: D\n---\nQ: Same   question\nA: 1\n"),
            ("two.md", "---\ntitle: D\n---\n\nQ: same question\nA: 2\n"),
        ])
        XCTAssertEqual(
            c.diagnostics.map(\.description), ["two.md:5: duplicate question in deck 'D' (first at one.md:4)"])
        XCTAssertEqual(c.cards.count, 1)
    }

    func testOneIdPinnedOnTwoDifferentCardsIsNamedAsSuch() {
        let c = Fixtures.collection([
            ("one.md", "---\ntitle: D\n---\n<!-- id: net-1 -->\nQ: first\nA: 1\n"),
            ("two.md", "---\ntitle: D\n---\n\n<!-- id: net-1 -->\nQ: second\nA: 2\n"),
        ])
        XCTAssertEqual(
            c.diagnostics.map(\.description),
            ["two.md:6: card id 'net-1' is already used in deck 'D' (first at one.md:5); give each card its own id"])
        XCTAssertEqual(c.cards.map(\.question.plainText), ["first"])
        // The same question under the same id is still a duplicate question.
        let same = Fixtures.collection("<!-- id: a -->\nQ: q\nA: 1\n\n<!-- id: a -->\nQ: q\nA: 2\n")
        XCTAssertEqual(same.diagnostics.count, 1)
        XCTAssertTrue(same.diagnostics[0].description.contains("duplicate question"), "\(same.diagnostics)")
    }

    func testValidCardsOfABrokenFileStillLoad() {
        let c = Fixtures.collection("Q: good\nA: yes\n\nQ: bad\n\nC: broken [gap\n\nQ: also good\nA: yes")
        XCTAssertEqual(c.cards.map(\.question.plainText), ["good", "also good"])
        XCTAssertEqual(c.diagnostics.count, 2)
    }

    func testInvalidUTF8() {
        var bytes = Array("# T\nQ: fine\nA: ok\nQ: bad ".utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array("\nA: still\n".utf8)
        let file = DeckParser.parse(bytes: bytes, path: "bin.md")
        XCTAssertEqual(file.diagnostics.map(\.description), ["bin.md:4: invalid UTF-8 (bytes replaced with U+FFFD)"])
        let c = CollectionBuilder.build(files: [file])
        XCTAssertEqual(c.cards.count, 2)
    }

    func testUnreadableFileAndEmptyFolder() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let missing = folder.appendingPathComponent("missing.md").path
        let c = ContentLoader.load(paths: [empty.path, missing])
        XCTAssertEqual(
            c.diagnostics.map(\.description),
            [
                "\(empty.path):1: no deck files (*.md) in this folder",
                "\(missing):1: no such file or folder",
            ])
        // A folder named *.md is a folder, not a deck: named directly it is reported, found in a
        // folder it is walked like any other (and here holds no deck).
        let odd = folder.appendingPathComponent("odd")
        try FileManager.default.createDirectory(
            at: odd.appendingPathComponent("dir.md"), withIntermediateDirectories: true)
        let file = ContentLoader.parseFile(odd.appendingPathComponent("dir.md").path)
        XCTAssertEqual(file.diagnostics.map(\.message), ["a folder, not a file; only regular files are read"])
        let walked = ContentLoader.load(paths: [odd.path])
        XCTAssertEqual(walked.decks.count, 0)
        XCTAssertEqual(walked.diagnostics.map(\.description), ["\(odd.path):1: no deck files (*.md) in this folder"])
    }

    func testFolderIsReadRecursively() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let nested = folder.appendingPathComponent("a/b")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        try "Q: top\nA: 1\n".write(to: folder.appendingPathComponent("top.md"), atomically: true, encoding: .utf8)
        try "Q: deep\nA: 2\n".write(to: nested.appendingPathComponent("deep.md"), atomically: true, encoding: .utf8)
        try "not a deck".write(to: nested.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let c = ContentLoader.load(paths: [folder.path])
        XCTAssertEqual(c.diagnostics, [])
        XCTAssertEqual(Set(c.cards.map(\.question.plainText)), ["top", "deep"])
    }

    func testHostileInputDoesNotCrash() {
        let inputs = [
            String(repeating: "[", count: 10_000),
            "C: " + String(repeating: "[", count: 10_000),
            String(repeating: ">", count: 2_000) + " Q: deep",
            String(repeating: "*", count: 5_000),
            (1...1_000).map { String(repeating: "#", count: min($0, 6)) + " h\($0)" }.joined(separator: "\n"),
            "Q:" + String(repeating: "x", count: 100_000) + "\nA: y",
            "\u{0}\u{1}Q: \u{FEFF}\nA:\u{200B}",
        ]
        for input in inputs {
            _ = Fixtures.collection(input)
        }
    }
}
