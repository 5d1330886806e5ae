import CardboxEngine
import XCTest

/// The deck `cardbox init` writes is clean and shows every part of the format.
final class SampleDeckTests: XCTestCase {
    func testSampleDeckIsCleanAndShowsEveryForm() {
        let c = Fixtures.collection(SampleDeck.text, path: SampleDeck.fileName)
        XCTAssertEqual(c.diagnostics.map(\.description), [])
        XCTAssertEqual(c.decks.map(\.title), ["Sample deck"])
        XCTAssertGreaterThanOrEqual(c.topicCount, 3)
        XCTAssertTrue(c.cards.contains { $0.kind == .reversed })
        XCTAssertTrue(c.cards.contains { if case .cloze = $0.kind { true } else { false } })
        XCTAssertTrue(c.cards.contains { $0.question.plainText.contains("[... ") }, "a hint")
        let blocks = c.cards.flatMap { $0.answer.blocks }
        XCTAssertTrue(blocks.contains { $0.kind == .code })
        XCTAssertTrue(blocks.contains { if case .tableCell = $0.kind { true } else { false } })
        XCTAssertTrue(blocks.contains { $0.spans.contains { $0.style.contains(.link) && $0.url != nil } })
    }
}

/// `cardbox check` warns of what the app cannot show.
final class UnshownMarkdownTests: XCTestCase {
    func testRawHTMLInACardAndFootnotesAreWarnings() {
        let c = Fixtures.collection(
            """
            Q: A question
            A: An answer[^1]

            <div>raw</div>

            [^1]: the note

            <!-- a comment is fine -->
            """)
        XCTAssertEqual(
            c.diagnostics.map(\.description),
            [
                "deck.md:4: warning: raw HTML is not shown in the app (write it as Markdown)",
                "deck.md:6: warning: footnotes are not shown in the app (write the note into the card)",
            ])
        XCTAssertFalse(c.hasErrors)
    }
}
