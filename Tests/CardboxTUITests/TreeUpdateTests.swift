import CardboxEngine
import XCTest

@testable import CardboxTUI

/// `update` in the topic tree: movement, folding, starting sessions, statistics, focus, help, quit.
final class TreeUpdateTests: XCTestCase {
    // Node ids of Fixtures.sample.
    let root = 0, aws = 1, deployment = 2, pipelines = 3, security = 4, languages = 5, japanese = 6, emoji = 7

    func testStartsOnTheCollectionWithDecksVisible() {
        let state = Fixtures.state()
        XCTAssertEqual(state.tree.cursor, root)
        XCTAssertEqual(state.tree.visibleRows(in: state.collection), [root, aws, languages])
        XCTAssertEqual(state.mode.name, "tree")
        XCTAssertEqual(state.focus, .tree)
    }

    func testSingleDeckIsExpandedAtStart() {
        let collection = Fixtures.collection([("Only", [TopicSpec(title: "A", cards: [.basic("q", "a")])])])
        let state = Fixtures.state(collection, states: [nil])
        XCTAssertEqual(state.tree.visibleRows(in: collection), [0, 1, 2])
    }

    func testUpDownAndVimKeysMove() {
        var state = Fixtures.state()
        XCTAssertEqual(state.press("j"), [])
        XCTAssertEqual(state.tree.cursor, aws)
        state.press("<Down>")
        XCTAssertEqual(state.tree.cursor, languages)
        state.press("j")
        XCTAssertEqual(state.tree.cursor, languages, "stays on the last row")
        state.press("k")
        XCTAssertEqual(state.tree.cursor, aws)
        state.press("<Up><Up>")
        XCTAssertEqual(state.tree.cursor, root, "stays on the first row")
    }

    func testHomeEndAndPaging() {
        var state = Fixtures.state(height: 12)
        state.tree.expanded = Set(state.collection.nodes.map(\.id))
        state.press("<End>")
        XCTAssertEqual(state.tree.cursor, emoji)
        state.press("<Home>")
        XCTAssertEqual(state.tree.cursor, root)
        // 12 rows: the tree shows 8 topic rows, a page moves 7.
        XCTAssertEqual(state.layout.treeRows, 8)
        state.press("<PgDn>")
        XCTAssertEqual(state.tree.visibleRows(in: state.collection).firstIndex(of: state.tree.cursor), 7)
        state.press("<PgUp>")
        XCTAssertEqual(state.tree.cursor, root)
    }

    func testRightExpandsThenEntersAndLeftCollapsesOrGoesToParent() {
        var state = Fixtures.state()
        state.press("jl")
        XCTAssertTrue(state.tree.expanded.contains(aws))
        XCTAssertEqual(state.tree.visibleRows(in: state.collection), [root, aws, deployment, security, languages])
        XCTAssertEqual(state.tree.cursor, aws, "expanding keeps the cursor")
        state.press("<Right>")
        XCTAssertEqual(state.tree.cursor, deployment, "right on an expanded node goes to its first child")
        state.press("h")
        XCTAssertEqual(state.tree.cursor, aws, "left on a collapsed node goes to the parent")
        state.press("<Left>")
        XCTAssertFalse(state.tree.expanded.contains(aws), "left on an expanded node collapses it")
        XCTAssertEqual(state.tree.cursor, aws)
        state.press("h")
        XCTAssertEqual(state.tree.cursor, root)
    }

    func testSpaceTogglesFolding() {
        var state = Fixtures.state()
        state.press("j<Space>")
        XCTAssertTrue(state.tree.expanded.contains(aws))
        state.press("<Space>")
        XCTAssertFalse(state.tree.expanded.contains(aws))
    }

    func testScrollKeepsTheCursorVisible() {
        var state = Fixtures.state(Fixtures.manyTopics(12), states: nil, height: 12)
        let shown = state.layout.treeRows
        XCTAssertEqual(shown, 8)
        state.press("<End>")
        let rows = state.tree.visibleRows(in: state.collection)
        XCTAssertEqual(rows.count, 14)
        XCTAssertEqual(state.tree.scroll, 14 - 8)
        XCTAssertTrue(state.screen().contains("▲ 6"), state.screen())
        state.press("<Home>")
        XCTAssertEqual(state.tree.scroll, 0)
        state.press(String(repeating: "j", count: 9))
        XCTAssertEqual(state.tree.scroll, 2, "row 9 is the last of rows 2...9")
        XCTAssertTrue(state.screen().contains("▼ 4 more"), state.screen())
    }

    func testEnterStudiesDueThenNewCardsOfTheSelectedTopic() {
        var state = Fixtures.state()
        XCTAssertEqual(state.press("<Enter>"), [])
        guard let session = state.mode.session?.session else { return XCTFail("no session: \(state.mode.name)") }
        XCTAssertEqual(session.mode, .study)
        XCTAssertEqual(session.topic, root)
        // Card 1 is due in box 1, card 0 in box 2, card 3 is not due; then the new cards in deck order.
        XCTAssertEqual(session.queue, [1, 0, 2, 4, 5, 6, 7])
        let expected = StudyQueue(
            scheduler: Fixtures.scheduler, cards: state.collection.cards, states: Fixtures.sampleStates, suspended: [],
            now: Fixtures.now
        ).study(range: 0..<8, newAllowance: 20)
        XCTAssertEqual(session.queue, expected)
        XCTAssertEqual(state.focus, .card)
        XCTAssertEqual(state.mode.session?.revealed, false)
    }

    func testEnterOnASubtopicUsesItsCardsOnly() {
        var state = Fixtures.state()
        state.press("jlj<Enter>")  // AWS › Deployment
        XCTAssertEqual(state.mode.session?.session.topic, deployment)
        XCTAssertEqual(state.mode.session?.session.queue, [1, 0, 2])
    }

    func testStudyRespectsTheNewCardLimitAndCardsIntroducedToday() throws {
        let config = try LeitnerConfig(newCardsPerDay: 3, timeZone: Fixtures.utc)
        var states = Fixtures.sampleStates
        // One new card was introduced earlier today (after the 04:00 roll-over).
        states[2] = CardState(box: 1, lastReview: Fixtures.now - 3600, missed: false, firstReview: Fixtures.now - 3600)
        var state = AppState(
            collection: Fixtures.sample, states: states, scheduler: LeitnerScheduler(config: config),
            now: Fixtures.now)
        state.press("<Enter>")
        XCTAssertEqual(state.mode.session?.session.queue, [1, 0, 4, 5], "two new cards left of three")
    }

    func testNothingDueShowsWhenTheNextCardIsDueAndOffersCramAndMissed() {
        var states = Fixtures.sampleStates
        // Languages: all reviewed yesterday, box 3 (due in 4 days), one of them missed.
        for index in 5...7 {
            states[index] = CardState(
                box: 3, lastReview: Fixtures.now - 86400, missed: index == 6,
                firstReview: Fixtures.now - 86400 * 10)
        }
        var state = Fixtures.state(states: states, width: 100)
        state.press("jj<Enter>")
        guard let notice = state.mode.nothingDue else { return XCTFail("expected nothing-due, got \(state.mode.name)") }
        XCTAssertEqual(notice.topic, languages)
        XCTAssertEqual(notice.nextDue, Fixtures.scheduler.nextDue(range: 5..<8, states: states, now: Fixtures.now))
        XCTAssertEqual(notice.missed, 1)
        let screen = state.screen()
        XCTAssertTrue(screen.contains("Nothing to study in Languages right now."), screen)
        XCTAssertTrue(screen.contains("The next card is due in 3 days (Sat 18 Jan 04:00)."), screen)
        XCTAssertTrue(screen.contains("c  cram all 3 cards"), screen)
        XCTAssertTrue(screen.contains("m  review 1 missed card"), screen)
        assertSnapshot(screen, named: "NothingDue")

        var cram = state
        cram.press("c")
        XCTAssertEqual(cram.mode.session?.session.mode, .cram)
        XCTAssertEqual(cram.mode.session?.session.queue.sorted(), [5, 6, 7])
        var missed = state
        missed.press("m")
        XCTAssertEqual(missed.mode.session?.session.queue, [6])
        var moved = state
        moved.press("k")
        XCTAssertEqual(moved.mode.name, "tree", "moving the cursor clears the notice")
    }

    func testMissedReviewsOnlyMissedCards() {
        var state = Fixtures.state()
        state.press("m")
        XCTAssertEqual(state.mode.session?.session.mode, .missed)
        XCTAssertEqual(state.mode.session?.session.queue, [1])
    }

    func testMissedWithNoneMissedStaysInTheTreeWithAMessage() {
        var state = Fixtures.state()
        state.press("jjm")
        XCTAssertEqual(state.mode.name, "tree")
        XCTAssertEqual(state.message?.text, "No missed cards in Languages")
    }

    func testCramHoldsEveryCardOfTheTopic() {
        var state = Fixtures.state()
        state.press("jc")
        XCTAssertEqual(state.mode.session?.session.mode, .cram)
        let queue = state.mode.session?.session.queue ?? []
        XCTAssertEqual(queue.sorted(), Array(0..<5))
        XCTAssertNotEqual(queue, Array(0..<5), "cram is shuffled")
        var again = Fixtures.state()
        again.press("jc")
        XCTAssertEqual(again.mode.session?.session.queue, queue, "the same shuffle all study day")
    }

    func testBrowseHoldsEveryCardOfTheTopic() {
        var state = Fixtures.state()
        state.press("b")
        XCTAssertEqual(state.mode.session?.session.mode, .browse)
        XCTAssertEqual(state.mode.session?.session.queue, Array(0..<8))
    }

    func testEmptyTopicSaysSo() {
        let collection = Fixtures.collection([
            ("Empty", []), ("Full", [TopicSpec(title: "T", cards: [.basic("q", "a")])]),
        ])
        var state = Fixtures.state(collection, states: [nil])
        for key in ["<Enter>", "c", "b"] {
            state.press("<Home>j" + key)
            XCTAssertEqual(state.mode.name, "tree")
            XCTAssertEqual(state.message?.text, "Empty has no cards", key)
        }
    }

    func testStatisticsScreenScrollsAndGoesBack() {
        var state = Fixtures.state(Fixtures.manyTopics(12), states: nil, height: 12)
        state.press("s")
        XCTAssertTrue(state.mode.isStats)
        // 14 topic rows (collection, deck, 12 headings), 8 visible: up to 6 rows of scrolling.
        XCTAssertEqual(state.layout.statsRows, 8)
        state.press("j")
        guard case .stats(let one) = state.mode else { return XCTFail() }
        XCTAssertEqual(one, 1)
        state.press("jj<PgDn>")
        guard case .stats(let clamped) = state.mode else { return XCTFail() }
        XCTAssertEqual(clamped, 6, "never scrolls past the last row")
        state.press("k")
        guard case .stats(let back) = state.mode else { return XCTFail() }
        XCTAssertEqual(back, 5)
        state.press("<Home>")
        guard case .stats(let top) = state.mode else { return XCTFail() }
        XCTAssertEqual(top, 0)
        state.press("<Esc>")
        XCTAssertEqual(state.mode.name, "tree")
        state.press("sq")
        XCTAssertEqual(state.mode.name, "tree", "q leaves statistics without quitting")
        state.press("ss")
        XCTAssertEqual(state.mode.name, "tree")
    }

    func testTabCyclesFocusAndBackTabReverses() {
        var state = Fixtures.state()
        state.press("<Tab>")
        XCTAssertEqual(state.focus, .card)
        state.press("<Tab>")
        XCTAssertEqual(state.focus, .answer)
        state.press("<Tab>")
        XCTAssertEqual(state.focus, .tree)
        state.press("<S-Tab>")
        XCTAssertEqual(state.focus, .answer)
    }

    func testArrowsScrollTheFocusedPaneInsteadOfMovingTheCursor() {
        var state = Fixtures.state(height: 16)
        state.press("<Tab>")  // card pane: the collection summary does not fit in 16 rows
        XCTAssertGreaterThan(state.maxScroll(answer: false), 0)
        state.press("j")
        XCTAssertEqual(state.tree.cursor, root)
        XCTAssertEqual(state.cardScroll, 1)
        state.press("<End>")
        XCTAssertEqual(state.cardScroll, state.maxScroll(answer: false))
        state.press("<Home>")
        XCTAssertEqual(state.cardScroll, 0)
    }

    func testHelpOverlayOpensAnywhereAndAnyKeyClosesIt() {
        var state = Fixtures.state()
        state.press("?")
        XCTAssertTrue(state.showHelp)
        XCTAssertEqual(state.press("j"), [])
        XCTAssertFalse(state.showHelp)
        XCTAssertEqual(state.tree.cursor, root, "the closing key does nothing else")
        state.press("<Enter>?")
        XCTAssertTrue(state.showHelp)
        XCTAssertEqual(state.mode.name, "session")
        state.press("q")
        XCTAssertFalse(state.showHelp)
        XCTAssertEqual(state.mode.name, "session", "q only closed the help")
    }

    func testQuitFromTheTreeAndCtrlCAnywhere() {
        var state = Fixtures.state()
        XCTAssertEqual(state.press("q"), [.quit])
        var session = Fixtures.state()
        session.press("<Enter>")
        XCTAssertEqual(session.press("<C-c>"), [.quit])
    }

    func testUnknownKeySaysHowToGetHelp() {
        var state = Fixtures.state()
        state.press("Z")
        XCTAssertEqual(state.message?.text, "“Z” does nothing here; ? lists the keys")
        state.press("j")
        XCTAssertNil(state.message, "the next key clears the message")
    }

    func testResizeBelowTheMinimumAndBack() {
        var state = Fixtures.state()
        state.press("jl")
        _ = update(&state, .resize(width: 30, height: 10))
        XCTAssertTrue(state.screen().contains("Terminal too small"))
        state.press("j")
        _ = update(&state, .resize(width: 80, height: 24))
        XCTAssertEqual(state.tree.cursor, deployment, "keys still work while too small; state survives")
        XCTAssertTrue(state.screen().contains("Topics"))
    }

    func testTickMovesTheClockAndRecountsDueCards() {
        var state = Fixtures.state()
        XCTAssertEqual(state.counts[root].due, 2)
        _ = update(&state, .tick(now: Fixtures.now + 30))
        XCTAssertEqual(state.now, Fixtures.now + 30)
        _ = update(&state, .tick(now: Fixtures.now + 86400 * 10))
        XCTAssertEqual(state.counts[root].due, 3, "card 3 (box 4) is due after ten days")
    }

    func testWarningsShowInTheStatusLineAndOnTheCollection() {
        let state = Fixtures.state(warnings: ["2 deck problems; run `cardbox check`"])
        XCTAssertEqual(state.message, StatusMessage("2 deck problems; run `cardbox check`", kind: .warning))
        var wide = state
        _ = update(&wide, .resize(width: 100, height: 30))
        XCTAssertTrue(wide.screen().contains("! 2 deck problems; run `cardbox check`"), wide.screen())
    }
}
