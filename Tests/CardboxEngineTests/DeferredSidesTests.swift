import Foundation
import XCTest

@testable import CardboxEngine

/// Cards whose text is parsed from their own lines when shown read exactly as cards parsed with
/// their whole file, and files where that cannot be promised keep their parsed text.
final class DeferredSidesTests: XCTestCase {
    /// Cards from a whole-file parse (text held) and from `ContentLoader.parseFile` (text deferred).
    private func bothWays(_ text: String, name: String = "deck.md") throws -> (held: [Card], loaded: [Card]) {
        let folder = try Fixtures.temporaryFolder(self)
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        func cards(_ file: ParsedDeckFile) -> [Card] {
            file.items.flatMap { item -> [Card] in
                if case let .cards(_, cards) = item { return cards }
                return []
            }
        }
        return (cards(DeckParser.parse(bytes: Array(text.utf8), path: path)), cards(ContentLoader.parseFile(path)))
    }

    private func isDeferred(_ card: Card) -> Bool {
        if case .deferred = card.sides { return true }
        return false
    }

    private func assertSame(_ held: [Card], _ loaded: [Card], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(held.count, loaded.count, file: file, line: line)
        for (a, b) in zip(held, loaded) {
            XCTAssertEqual(a.key, b.key, file: file, line: line)
            XCTAssertEqual(a.kind, b.kind, file: file, line: line)
            XCTAssertEqual(a.source, b.source, file: file, line: line)
            XCTAssertEqual(a.question, b.question, "question of \(a.source)", file: file, line: line)
            XCTAssertEqual(a.answer, b.answer, "answer of \(a.source)", file: file, line: line)
            XCTAssertEqual(a.normalizedQuestion, b.normalizedQuestion, file: file, line: line)
            XCTAssertEqual(a.searchText, b.searchText, file: file, line: line)
        }
    }

    func testDeferredCardsReadLikeAWholeFileParse() throws {
        let text = """
            ---
            title: Tricky
            ---
            # Topic *one*

            Q: A question over
            two lines with `code` and **bold**
            A: An answer with a [link](https://example.com):

            - item one
            - item two
              1. nested

            ```
            fenced code
            ```

            Q: First in a paragraph
            A: answer one
            Q: Second in the same paragraph
            A: answer two
                Q: Third, indented as a continuation line
            A: answer three

            <!-- id: pinned-card -->
            C: A cloze with [three] gaps and \\[escaped\\] brackets in [one] [line].

            ## Sub topic

            > quoted context

            Q: Tabs\tand unicode: 日本語 ✓
            A: 答え

            C: Last [cloze] at the end of the file
            """
        let (held, loaded) = try bothWays(text)
        XCTAssertEqual(held.count, 9)
        XCTAssertTrue(loaded.allSatisfy(isDeferred))
        assertSame(held, loaded)
    }

    func testWindowsAndOldMacLineEndingsAndAByteOrderMark() throws {
        let lines = ["# T", "", "Q: one", "A: first", "", "Q: two", "A: second", "C: a [gap] here"]
        for ending in ["\r\n", "\r"] {
            let (held, loaded) = try bothWays("\u{FEFF}" + lines.joined(separator: ending))
            XCTAssertEqual(held.count, 3)
            XCTAssertTrue(loaded.allSatisfy(isDeferred), "line ending \(ending.debugDescription)")
            assertSame(held, loaded)
        }
    }

    func testACardOpeningOnTheFirstLineIsDeferredToo() throws {
        let (held, loaded) = try bothWays("Q: at the top\nA: yes")
        XCTAssertTrue(loaded.allSatisfy(isDeferred))
        assertSame(held, loaded)
    }

    func testACodeSpanJoiningLinesKeepsTheTextParsed() throws {
        // The code span turns two source lines into one rendered line, so the marker after it is
        // found by reading the source; where that cannot be matched the file keeps its text.
        let joined = "Q: a `x\ny` b\nA: c\nQ: d\nA: e\n"
        let (held, loaded) = try bothWays(joined)
        XCTAssertEqual(held.map(\.source.line), [1, 4])
        assertSame(held, loaded)

        let escaped = "Q: first\nA: one\nQ\\: not a marker in the source\nA: two\n"
        let (heldEscaped, loadedEscaped) = try bothWays(escaped)
        XCTAssertFalse(loadedEscaped.contains(where: isDeferred))
        assertSame(heldEscaped, loadedEscaped)
    }

    func testACardEndingWhereTheNextOneStartsInTheSameParagraph() throws {
        // The answer's paragraph goes on into the next (here: broken) card; cut off before it, cmark
        // would trim the answer's last lines differently.
        for tail in [
            "\u{0B}\u{0B}\nC: a cloze with no gap\n", "trailing  \n\u{0B}\nQ: next\nA: x\n", "\u{0C}\nC: [gap]\n",
        ] {
            let (held, loaded) = try bothWays("Q: question\nA: answer *\n" + tail)
            XCTAssertTrue(loaded.allSatisfy(isDeferred))
            assertSame(held, loaded)
        }
    }

    func testAnUnmatchedBacktickRunEarlierInTheParagraph() throws {
        // libcmark reads the later `code` literally here when the paragraph starts above it, and as
        // code when parsing starts at its own line: such a file keeps its parsed text.
        let text = "Q: one\nA: ```sw `code`r\nQ: with `code` and\nA: two\n"
        let (held, loaded) = try bothWays(text)
        assertSame(held, loaded)
        let separated = "Q: one\nA: ```sw `code`r\n\nQ: with `code` and\nA: two\n"
        let (heldSeparated, loadedSeparated) = try bothWays(separated)
        XCTAssertTrue(loadedSeparated.allSatisfy(isDeferred), "a blank line makes the card a block of its own")
        assertSame(heldSeparated, loadedSeparated)
    }

    func testReferenceLinksKeepTheTextParsed() throws {
        let text = "Q: See [the docs][ref]\nA: yes\n\n[ref]: https://example.com\n"
        let (held, loaded) = try bothWays(text)
        XCTAssertFalse(loaded.contains(where: isDeferred))
        XCTAssertTrue(held[0].question.blocks[0].spans.contains { $0.style.contains(.link) })
        assertSame(held, loaded)
    }

    func testTheShippedDeckReadsTheSameDeferred() throws {
        let content = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Content")
        var problems: [Diagnostic] = []
        let files = ContentLoader.deckFiles(at: content.path, diagnostics: &problems)
        XCTAssertFalse(files.isEmpty)
        var deferred = 0
        for path in files {
            let bytes = try XCTUnwrap(FileManager.default.contents(atPath: path))
            let held = DeckParser.parse(bytes: Array(bytes), path: path).items.flatMap { item -> [Card] in
                if case let .cards(_, cards) = item { return cards }
                return []
            }
            let loaded = ContentLoader.parseFile(path).items.flatMap { item -> [Card] in
                if case let .cards(_, cards) = item { return cards }
                return []
            }
            deferred += loaded.filter(isDeferred).count
            assertSame(held, loaded)
        }
        XCTAssertGreaterThan(deferred, 200)
    }
}
