import CardboxEngine
import XCTest

final class DeckParserTests: XCTestCase {
    func testQuestionAndAnswerOnConsecutiveLines() {
        let c = Fixtures.collection(
            """
            # Topic
            Q: How many containers can one inference pipeline chain?
            A: Two to fifteen.
            """)
        XCTAssertEqual(c.diagnostics, [])
        XCTAssertEqual(c.cards.count, 1)
        XCTAssertEqual(c.cards[0].question.plainText, "How many containers can one inference pipeline chain?")
        XCTAssertEqual(c.cards[0].answer.plainText, "Two to fifteen.")
        XCTAssertEqual(c.cards[0].source.line, 2)
    }

    func testSidesSpanLinesListsAndCode() {
        let c = Fixtures.collection(
            """
            Q: A question may span lines
            and hold `code`.
            A: So may the answer:

            - one
            - **two**

            ```
            let x = [1]
            ```

            Q: Next
            A: Card
            """)
        XCTAssertEqual(c.diagnostics, [])
        XCTAssertEqual(c.cards.count, 2)
        let first = c.cards[0]
        XCTAssertEqual(first.question.plainText, "A question may span lines and hold code.")
        XCTAssertTrue(first.question.blocks[0].spans.contains(TextSpan("code", style: .code)))
        XCTAssertEqual(
            first.answer.blocks.map(\.kind),
            [
                .paragraph, .listItem(depth: 0, marker: "•"), .listItem(depth: 0, marker: "•"), .code,
            ])
        XCTAssertEqual(first.answer.blocks[2].spans, [TextSpan("two", style: .bold)])
        XCTAssertEqual(first.answer.blocks[3].plainText, "let x = [1]")
    }

    func testInlineStyles() {
        let c = Fixtures.collection("Q: *Emph* and [a link](https://example.com)\nA: ok")
        XCTAssertEqual(
            c.cards[0].question.blocks[0].spans,
            [
                TextSpan("Emph", style: .emphasis), TextSpan(" and "),
                TextSpan("a link", style: .link, url: "https://example.com"),
            ])
    }

    func testClozeGivesOneCardPerGap() {
        let c = Fixtures.collection("C: Each invocation is a sequence of [HTTP] requests on port [8080].")
        XCTAssertEqual(c.diagnostics, [])
        XCTAssertEqual(c.cards.count, 2)
        XCTAssertEqual(c.cards[0].question.plainText, "Each invocation is a sequence of [...] requests on port 8080.")
        XCTAssertEqual(c.cards[0].answer.plainText, "Each invocation is a sequence of HTTP requests on port 8080.")
        XCTAssertTrue(c.cards[0].answer.blocks[0].spans.contains(TextSpan("HTTP", style: .gap)))
        XCTAssertEqual(c.cards[1].question.plainText, "Each invocation is a sequence of HTTP requests on port [...].")
        XCTAssertEqual(c.cards[1].kind, .cloze(gap: 1, gapCount: 2))
        XCTAssertNotEqual(c.cards[0].key, c.cards[1].key)
    }

    func testEscapedBracketIsLiteralInCloze() {
        let c = Fixtures.collection(#"C: Arrays are written \[1, 2\] in [JSON]."#)
        XCTAssertEqual(c.diagnostics, [])
        XCTAssertEqual(c.cards.count, 1)
        XCTAssertEqual(c.cards[0].question.plainText, "Arrays are written [1, 2] in [...].")
    }

    func testFrontMatterTitleAndFileNameTitle() {
        let c = Fixtures.collection([
            ("a/first.md", "---\ntitle: \"Shared deck\"\n---\n# One\nQ: q1\nA: a1\n"),
            ("b/second.md", "---\ntitle: Shared deck\n---\n# Two\nQ: q2\nA: a2\n"),
            ("c/other-name.md", "# Three\nQ: q3\nA: a3\n"),
        ])
        XCTAssertEqual(c.decks.map(\.title), ["Shared deck", "other-name"])
        XCTAssertEqual(c.decks[0].children.map { c.nodes[$0].title }, ["One", "Two"])
        XCTAssertEqual(c.cards.first?.source, SourceLocation(path: "a/first.md", line: 5))
    }

    func testHeadingsFormTreeAndRangesAreContiguous() {
        let c = Fixtures.collection(
            """
            # A
            ## A1
            Q: a1
            A: x
            ### A1a
            Q: a1a
            A: x
            ## A2
            Q: a2
            A: x
            # B
            Q: b
            A: x
            ##### Deep
            Q: deep
            A: x
            """)
        XCTAssertEqual(c.diagnostics, [])
        let deck = c.decks[0]
        let a = c.nodes[deck.children[0]]
        XCTAssertEqual(a.title, "A")
        XCTAssertEqual(a.children.map { c.nodes[$0].title }, ["A1", "A2"])
        XCTAssertEqual(c.path(of: c.nodes[a.children[0]].children[0]), ["deck", "A", "A1", "A1a"])
        XCTAssertEqual(a.cardRange.count, 3)
        XCTAssertEqual(c.root.cardRange, 0..<5)
        let b = c.nodes[deck.children[1]]
        XCTAssertEqual(b.children.map { c.nodes[$0].title }, ["Deep"], "levels past 4 fold into level 4")
        for node in c.nodes {
            for index in node.cardRange {
                var topic: Int? = c.cards[index].topic
                while let t = topic, t != node.id { topic = c.nodes[t].parent }
                XCTAssertEqual(topic, node.id, "card \(index) lies in the range of node \(node.title)")
            }
        }
    }

    func testMergingSameHeadingAcrossFiles() {
        let c = Fixtures.collection([
            ("1.md", "---\ntitle: D\n---\n# Same\nQ: one\nA: 1\n"),
            ("2.md", "---\ntitle: D\n---\n# Same\nQ: two\nA: 2\n"),
        ])
        XCTAssertEqual(c.decks[0].children.count, 1)
        XCTAssertEqual(c.nodes[c.decks[0].children[0]].cardRange.count, 2)
    }
}
