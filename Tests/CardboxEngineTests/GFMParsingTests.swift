import CardboxEngine
import XCTest

/// GitHub-flavoured Markdown in card text: tables, strikethrough, autolinks; task lists stay off.
final class GFMParsingTests: XCTestCase {
    private func cells(_ text: StyledText) -> [(TableCell, String)] {
        text.blocks.compactMap { block in
            if case let .tableCell(cell) = block.kind { return (cell, block.plainText) }
            return nil
        }
    }

    func testTableInAnswerBecomesCellsWithAlignment() {
        let c = Fixtures.collection(
            """
            Q: Which instance families suit which work?
            A: In short:

            | family | use | note |
            | :--- | :---: | ---: |
            | P | training | GPU |
            | Inf | inference |
            """)
        XCTAssertEqual(c.diagnostics, [])
        XCTAssertEqual(c.cards.count, 1)
        let found = cells(c.cards[0].answer)
        XCTAssertEqual(found.count, 9, "three rows of three columns, the short row filled")
        XCTAssertEqual(found.map(\.1), ["family", "use", "note", "P", "training", "GPU", "Inf", "inference", ""])
        XCTAssertEqual(found[0].0, TableCell(row: 0, column: 0, columns: 3, alignment: .left))
        XCTAssertEqual(found[4].0, TableCell(row: 1, column: 1, columns: 3, alignment: .center))
        XCTAssertEqual(found[8].0, TableCell(row: 2, column: 2, columns: 3, alignment: .right))
        XCTAssertTrue(found[0].0.isHeader)
        XCTAssertEqual(c.cards[0].answer.blocks.first?.kind, .paragraph)
    }

    func testMarkerLineEndsTableThatWouldTakeItAsARow() {
        let c = Fixtures.collection(
            """
            Q: First
            A: A table:

            | a | b |
            | - | - |
            | 1 | 2 |
            Q: Second question
            A: Second answer
            | not | a table row |
            C: A [gap] after it
            """)
        XCTAssertEqual(c.diagnostics, [])
        XCTAssertEqual(c.cards.map(\.question.plainText), ["First", "Second question", "A [...] after it"])
        XCTAssertEqual(cells(c.cards[0].answer).map(\.1), ["a", "b", "1", "2"])
        XCTAssertEqual(c.cards[1].source.line, 7)
        XCTAssertEqual(c.cards[1].answer.plainText, "Second answer | not | a table row |")
        XCTAssertEqual(c.cards[2].source.line, 10)
    }

    func testAnswerMarkerDirectlyUnderTableInQuestionEndsIt() {
        let c = Fixtures.collection(
            """
            Q: What does this table show?

            | x | y |
            |---|---|
            | 1 | 1 |
            A: The identity.
            """)
        XCTAssertEqual(c.diagnostics, [])
        XCTAssertEqual(c.cards.count, 1)
        XCTAssertEqual(cells(c.cards[0].question).map(\.1), ["x", "y", "1", "1"])
        XCTAssertEqual(c.cards[0].answer.plainText, "The identity.")
    }

    func testHeadingEndsTable() {
        let c = Fixtures.collection(
            """
            # One
            Q: Table
            A: Here:

            | a | b |
            |---|---|
            | 1 | 2 |
            # Two
            Q: Next
            A: Card
            """)
        XCTAssertEqual(c.diagnostics, [])
        XCTAssertEqual(c.nodes.filter { $0.kind == .heading }.map(\.title), ["One", "Two"])
        XCTAssertEqual(cells(c.cards[0].answer).count, 4)
        XCTAssertEqual(c.cards[1].source.line, 9)
    }

    func testStrikethroughNeedsTwoTildes() {
        let c = Fixtures.collection("Q: Takes ~5 minutes, ~~not an hour~~\nA: ok")
        XCTAssertEqual(
            c.cards[0].question.blocks[0].spans,
            [TextSpan("Takes ~5 minutes, "), TextSpan("not an hour", style: .strikethrough)])
    }

    func testBareAddressesBecomeLinks() {
        let c = Fixtures.collection("Q: See https://docs.aws.amazon.com/sagemaker/ or www.example.com.\nA: ok")
        let spans = c.cards[0].question.blocks[0].spans
        XCTAssertEqual(
            spans[1],
            TextSpan(
                "https://docs.aws.amazon.com/sagemaker/", style: .link, url: "https://docs.aws.amazon.com/sagemaker/"))
        XCTAssertEqual(spans[3], TextSpan("www.example.com", style: .link, url: "http://www.example.com"))
        XCTAssertEqual(c.cards[0].question.plainText, "See https://docs.aws.amazon.com/sagemaker/ or www.example.com.")
    }

    func testTaskListsStayOffSoClozeGapsSurvive() {
        let c = Fixtures.collection("C: Steps:\n\n- [x] first\n- [ ] second\n")
        // `[ ]` is an empty gap, which is reported, not read as a check box.
        XCTAssertEqual(c.diagnostics.map(\.message), ["empty cloze gap []"])
        let d = Fixtures.collection("C: Steps:\n\n- [x] first\n- [y] second\n")
        XCTAssertEqual(d.diagnostics, [])
        XCTAssertEqual(d.cards.count, 2)
        XCTAssertEqual(d.cards[0].question.plainText, "Steps:\n[...] first\ny second")
    }

    func testImageKeepsAltTextAndPath() {
        let c = Fixtures.collection("Q: What is shown? ![a confusion matrix](img/cm.png)\nA: ok")
        XCTAssertEqual(
            c.cards[0].question.blocks[0].spans.last,
            TextSpan("a confusion matrix", style: .image, url: "img/cm.png"))
    }

    func testControlCharactersAreStrippedFromLinkDestinations() {
        let c = Fixtures.collection("Q: [x](<https://e.com/\u{1B}]8;;evil\u{07}>)\nA: ok")
        let url = c.cards[0].question.blocks[0].spans.first { $0.style.contains(.link) }?.url
        XCTAssertNotNil(url)
        XCTAssertFalse(url!.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
    }

    func testClozeGapInsideTableCell() {
        let c = Fixtures.collection(
            """
            C: Instance families:

            | family | use |
            |---|---|
            | P | [training] |
            """)
        XCTAssertEqual(c.diagnostics, [])
        XCTAssertEqual(c.cards.count, 1)
        XCTAssertEqual(cells(c.cards[0].question).map(\.1), ["family", "use", "P", "[...]"])
        XCTAssertEqual(cells(c.cards[0].answer).map(\.1), ["family", "use", "P", "training"])
    }
}
