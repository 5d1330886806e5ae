import CardboxEngine
import XCTest

@testable import CardboxTUI

/// Tables drawn as grids, links with their address, images as text.
final class TableAndLinkTests: XCTestCase {
    static let deck = """
        # Instances
        Q: Which instance family fits which job? See [the instance types](https://aws.amazon.com/ec2/instance-types/).
        A: By accelerator:

        | family | use | accelerator |
        | :--- | :---: | ---: |
        | P5 | training large models | NVIDIA H100 GPU |
        | Inf2 | inference | AWS Inferentia2 |
        | Trn1 | training | AWS Trainium |

        ![a bar chart](img/families.png)
        """

    static func state(width: Int = 80, height: Int = 24) -> AppState {
        let collection = CollectionBuilder.build(files: [DeckParser.parse(text: deck, path: "deck.md")])
        XCTAssertEqual(collection.diagnostics, [])
        return Fixtures.state(collection, states: [nil], width: width, height: height)
    }

    func testTableAndLinkAt80x24() {
        var state = Self.state()
        state.press("<Enter><Space>")
        let screen = state.screen()
        XCTAssertTrue(screen.contains("<https://aws.amazon.com/ec2/instance-types/>"), screen)
        XCTAssertTrue(screen.contains("[image: a bar chart — img/families.png]"), screen)
        XCTAssertTrue(screen.contains("┌"), screen)
        assertSnapshot(screen, named: "TableAndLink80x24")
    }

    func testTableInTheASCIITheme() {
        var state = Self.state()
        state.press("<Enter><Space>")
        let screen = state.screen(.ascii())
        XCTAssertFalse(screen.contains("┌"))
        XCTAssertTrue(screen.contains("+--"), screen)
        assertSnapshot(screen, named: "TableASCII80x24")
    }

    /// A table whose text is wider than the answer pane at 80×24 keeps its grid, each cell wrapped
    /// by display width within its column; nothing is cut.
    func testTableWiderThanThePaneAt80x24() {
        let wide = """
            # Services
            Q: Which service for which stage?
            A: By stage:

            | stage | service | what it does | when to pick it | cost model |
            | --- | --- | --- | --- | --- |
            | ingest | Kinesis Data Streams | ordered shards of records | many consumers, replay | per shard hour |
            | store | S3 Intelligent-Tiering | moves objects between tiers | unknown access pattern | per GB and object |
            """
        let collection = CollectionBuilder.build(files: [DeckParser.parse(text: wide, path: "wide.md")])
        XCTAssertEqual(collection.diagnostics, [])
        var state = Fixtures.state(collection, states: [nil], width: 80, height: 24)
        state.press("<Enter><Space>")
        let screen = state.screen()
        for cell in ["Kinesis Data", "Streams", "per GB and", "object", "unknown", "pattern", "replay"] {
            XCTAssertTrue(screen.contains(cell), "\(cell) in\n\(screen)")
        }
        assertSnapshot(screen, named: "TableWide80x24")
        let ascii = state.screen(.ascii())
        XCTAssertTrue(ascii.contains("| store  | S3 "), ascii)
        assertSnapshot(ascii, named: "TableWideASCII80x24")
    }

    private func table(_ markdown: String) -> StyledText {
        let file = DeckParser.parse(text: "Q: q\nA: a\n\n" + markdown, path: "t.md")
        return CollectionBuilder.build(files: [file]).cards[0].answer
    }

    func testNarrowTableWrapsCellsByDisplayWidthAndNeverCuts() {
        let text = table("| name | text |\n|---|---|\n| 東京 | a long cell that has to wrap |\n")
        let lines = TextWrapper().wrap(text, width: 24).map(\.plainText)
        for line in lines { XCTAssertLessThanOrEqual(DisplayWidth.width(of: line), 24, line) }
        let joined = lines.joined(separator: " ")
        for word in ["東京", "long", "cell", "wrap"] { XCTAssertTrue(joined.contains(word), "\(word) in \(lines)") }
        XCTAssertTrue(lines.contains { $0.hasPrefix("├") })
    }

    func testTableTooNarrowForAGridIsShownRowByRow() {
        let text = table("| a | b | c | d | e |\n|---|---|---|---|---|\n| one | two | three | four | five |\n")
        let lines = TextWrapper(asciiTables: true).wrap(text, width: 16).map(\.plainText)
        XCTAssertTrue(lines.contains("a: one"), "\(lines)")
        XCTAssertTrue(lines.contains("e: five"), "\(lines)")
        for line in lines { XCTAssertLessThanOrEqual(line.count, 16) }
    }

    func testAlignmentInsideColumns() {
        let text = table("| l | c | r |\n| :-- | :-: | --: |\n| a | b | c |\n| long | long | long |\n")
        let lines = TextWrapper(asciiTables: true).wrap(text, width: 80).map(\.plainText)
        XCTAssertTrue(lines.contains("| a    |  b   |    c |"), "\(lines)")
    }

    func testBareAddressIsNotRepeated() {
        let text = table("See https://example.com/x here.")
        let lines = TextWrapper().wrap(text, width: 80).map(\.plainText)
        XCTAssertTrue(lines.contains("See https://example.com/x here."), "\(lines)")
    }
}
