import CardboxEngine
import CardboxTestSupport
import XCTest

@testable import CardboxTUI

/// `update` in the search overlay: typing filters, arrows select, Enter opens in browse, Esc cancels.
final class SearchUpdateTests: XCTestCase {
    /// Cards whose question or answer contains `text`, computed independently of the app.
    func expectedHits(_ text: String, in collection: CardCollection = Fixtures.sample) -> SearchHits {
        SearchHits(
            collection.cards.indices.filter {
                (collection.cards[$0].question.plainText + " " + collection.cards[$0].answer.plainText).lowercased()
                    .contains(text.lowercased())
            })
    }

    func testSlashOpensSearchWithEveryCard() {
        var state = Fixtures.state()
        state.press("/")
        XCTAssertEqual(state.mode.search?.query, "")
        XCTAssertEqual(state.mode.search?.hits, SearchHits(Array(0..<8)))
    }

    func testEachHitNamesItsOwnTopicFirst() {
        // The deck's title is the same on every row of a one-deck collection: the innermost heading
        // comes first, as in the card pane, so a narrow column cuts off the general end.
        var state = Fixtures.state(width: 100, height: 24)
        state.press("/HTTP")
        XCTAssertEqual(state.mode.search?.hits.count, 1)
        let row = state.screen().split(separator: "\n").first { $0.contains("Within an inference") } ?? ""
        XCTAssertTrue(row.contains("┃ Inference pipelines · Deplo"), String(row))
    }

    func testTheFirstSlashAsksForTheIndexOnceAndQueriesAgreeBeforeAndAfterItArrives() throws {
        var state = Fixtures.state()
        XCTAssertEqual(update(&state, .key(.char("/"))), [.indexSearch(decksVersion: 0)])
        XCTAssertNil(state.searchIndex, "the index is built off the UI thread, not by the key")
        state.press("sage")
        let scanned = try XCTUnwrap(state.mode.search?.hits)
        XCTAssertEqual(scanned, expectedHits("sage"))
        state.press("<Esc>")
        XCTAssertEqual(update(&state, .key(.char("/"))), [], "asked for once")
        _ = update(&state, .searchIndexed(BuiltSearchIndex(collection: state.collection, decksVersion: 0)))
        XCTAssertEqual(state.searchIndex?.count, 8)
        state.press("sage")
        XCTAssertEqual(state.mode.search?.hits, scanned)
        state.press("maker<Space>note")
        XCTAssertEqual(state.mode.search?.hits, SearchHits([3]))
    }

    func testAnIndexOfDecksReplacedSinceIsDropped() {
        var state = Fixtures.state()
        _ = update(&state, .key(.char("/")))
        state.press("<Esc>")
        let stale = BuiltSearchIndex(collection: state.collection, decksVersion: state.decksVersion)
        _ = update(
            &state,
            .decksChanged(
                DeckReload(
                    collection: Fixtures.sample, states: Array(repeating: nil, count: Fixtures.sample.cards.count))))
        _ = update(&state, .searchIndexed(stale))
        XCTAssertNil(state.searchIndex, "built from the decks before the reload")
        XCTAssertEqual(
            update(&state, .key(.char("/"))), [.indexSearch(decksVersion: state.decksVersion)],
            "the new decks' index is asked for")
        state.press("sage")
        XCTAssertEqual(state.mode.search?.hits, expectedHits("sage"))
    }

    func testTypingFiltersCaseInsensitively() {
        var state = Fixtures.state()
        state.press("/SAGE")
        XCTAssertEqual(state.mode.search?.query, "SAGE")
        XCTAssertEqual(state.mode.search?.hits, expectedHits("sage"))
        XCTAssertEqual(state.mode.search?.hits, SearchHits([0, 1, 3]))
        state.press("maker<Space>note")
        XCTAssertEqual(state.mode.search?.hits, SearchHits([3]), "every word must match")
        state.press("<BS><BS><BS><BS><BS>")
        XCTAssertEqual(state.mode.search?.query, "SAGEmaker")
        XCTAssertEqual(state.mode.search?.hits, SearchHits([0, 1, 3]))
    }

    func testDeletingLettersGivesTheHitsOfTheShorterQuery() {
        var state = Fixtures.state()
        state.press("/sagemaker<Space>notebook")
        for _ in 0..<30 {
            state.press("<BS>")
            let query = state.mode.search?.query ?? ""
            XCTAssertEqual(state.mode.search?.hits, state.matches(for: query), query)
        }
        // An accent typed after its letter joins it, and is deleted with it: searched again.
        state.press("<Esc>/cafe")
        _ = update(&state, .key(.char("\u{301}")))
        XCTAssertEqual(state.mode.search?.query, "caf\u{E9}")
        state.press("<BS>")
        XCTAssertEqual(state.mode.search?.query, "caf")
        XCTAssertEqual(state.mode.search?.hits, state.matches(for: "caf"))
        state.press("<BS>")
        XCTAssertEqual(state.mode.search?.hits, state.matches(for: "ca"))
    }

    func testSearchFindsAnswersAndWideText() {
        var state = Fixtures.state()
        state.press("/ねこ")
        XCTAssertEqual(state.mode.search?.hits, SearchHits([5]))
        state.press("<Esc>/http")
        XCTAssertEqual(state.mode.search?.hits, expectedHits("http"))
        XCTAssertEqual(state.mode.search?.hits, SearchHits([2]), "the cloze's answer holds the gap text")
    }

    func testKeysThatAreCommandsElsewhereAreTypedInSearch() {
        var state = Fixtures.state()
        XCTAssertEqual(state.press("/q?s/jk"), [.indexSearch(decksVersion: 0)], "no quit, no other command")
        XCTAssertEqual(state.mode.search?.query, "q?s/jk")
        XCTAssertFalse(state.showHelp)
    }

    func testArrowsMoveTheSelectionWithinTheHits() {
        var state = Fixtures.state()
        state.press("/sage<Down>")
        XCTAssertEqual(state.mode.search?.selection, 1)
        state.press("<Down><Down><Down>")
        XCTAssertEqual(state.mode.search?.selection, 2, "stops at the last hit")
        state.press("<Up><Up><Up>")
        XCTAssertEqual(state.mode.search?.selection, 0)
        state.press("<End>")
        XCTAssertEqual(state.mode.search?.selection, 2)
        state.press("x")
        XCTAssertEqual(state.mode.search?.selection, 0, "typing resets the selection")
    }

    func testEnterOpensTheHitInBrowseOnItsTopic() {
        var state = Fixtures.state()
        state.press("/sage<Down><Down><Enter>")
        guard let session = state.mode.session else { return XCTFail("expected browse, got \(state.mode.name)") }
        XCTAssertEqual(session.session.mode, .browse)
        XCTAssertEqual(session.session.current, 3)
        XCTAssertEqual(session.session.topic, 4, "the card's own topic, Security")
        XCTAssertEqual(session.session.queue, [3, 4])
        XCTAssertEqual(state.tree.cursor, 4, "the tree shows where the card lives")
        XCTAssertTrue(state.tree.expanded.contains(1))
        XCTAssertEqual(state.focus, .card)
    }

    func testEnterWithoutHitsStaysInSearch() {
        var state = Fixtures.state()
        state.press("/zzzz<Enter>")
        XCTAssertEqual(state.mode.search?.hits, SearchHits([]))
        XCTAssertEqual(state.message?.text, "No card matches “zzzz”")
        XCTAssertTrue(state.screen().contains("No card matches."))
    }

    func testEscRestoresWhatWasThere() {
        var state = Fixtures.state()
        state.press("j/abc<Esc>")
        XCTAssertEqual(state.mode.name, "tree")
        XCTAssertEqual(state.tree.cursor, 1)
        state.press("<Enter><Space>/x<Esc>")
        XCTAssertEqual(state.mode.session?.revealed, true, "the session continues where it was")
    }

    func testHighlightingASCIIAgreesWithFoundation() {
        // The byte comparison used for ASCII rows marks what Foundation's case- and accent-blind search marks.
        var random = CardboxTestSupport.SplitMix(seed: 7)
        let alphabet = Array("aAbBcC xX-1^`~")
        func text(_ length: ClosedRange<Int>) -> String {
            String((0..<Int.random(in: length, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
        }
        for _ in 0..<2_000 {
            let shown = text(0...30)
            let terms = (0..<Int.random(in: 1...3, using: &random)).map { _ in text(1...3) }
            let fast = SearchPane.asciiHighlight(shown, terms: terms)
            let slow = SearchPane.foundationHighlight(shown, terms: terms)
            XCTAssertEqual(fast?.map(\.0), slow.map(\.0), "\(shown) / \(terms)")
            XCTAssertEqual(fast?.map(\.1), slow.map(\.1), "\(shown) / \(terms)")
        }
        XCTAssertNil(SearchPane.asciiHighlight("café", terms: ["cafe"]), "accents go to Foundation")
        XCTAssertNil(SearchPane.asciiHighlight("cafe", terms: ["café"]))
        XCTAssertEqual(SearchPane.oneLine("a\nb\r\nc"), "a b\r c")
    }
}
