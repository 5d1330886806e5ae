import CardboxEngine
import XCTest

@testable import CardboxTUI

/// `update` during sessions: reveal, grading and its effects, undo, ending, browse, failures.
final class SessionUpdateTests: XCTestCase {
    func testSpaceRevealsAndMovesFocusToTheAnswer() {
        var state = Fixtures.state()
        state.press("<Enter>")
        XCTAssertEqual(state.press("<Space>"), [])
        XCTAssertEqual(state.mode.session?.revealed, true)
        XCTAssertEqual(state.focus, .answer)
        state.press("<Space>")
        XCTAssertEqual(state.mode.session?.revealed, true, "Space does not hide the answer while grading")
    }

    func testGradingNeedsTheAnswerShown() {
        var state = Fixtures.state()
        state.press("<Enter>")
        XCTAssertEqual(state.press("y"), [])
        XCTAssertEqual(state.press("n"), [])
        XCTAssertEqual(state.message?.text, "Reveal the answer first (Space)")
        XCTAssertEqual(state.mode.session?.session.position, 0)
        XCTAssertEqual(state.states, Fixtures.sampleStates)
    }

    func testGotItPersistsTheReviewAndMovesTheBoxUp() throws {
        var state = Fixtures.state()
        state.press("<Enter><Space>")
        let effects = state.press("y")
        XCTAssertEqual(effects.count, 1)
        guard case .persist(let review, _) = try XCTUnwrap(effects.first) else { return XCTFail("\(effects)") }
        let card = state.collection.cards[1]
        XCTAssertEqual(review.cardKey, card.key)
        XCTAssertEqual(review.deck, card.deck)
        XCTAssertEqual(review.answer, .gotIt)
        XCTAssertEqual(review.boxBefore, 1)
        XCTAssertEqual(review.boxAfter, 2)
        XCTAssertEqual(review.mode, .study)
        XCTAssertEqual(review.time, Fixtures.now)
        XCTAssertFalse(review.isRepeat)
        XCTAssertEqual(state.states[1]?.box, 2)
        XCTAssertEqual(state.states[1]?.missed, false)
        XCTAssertEqual(state.counts[0].missed, 0, "counts follow the answer")
        XCTAssertEqual(state.counts[0].boxes[1], 2)
        XCTAssertEqual(state.mode.session?.session.current, 0, "the next card is asked")
        XCTAssertEqual(state.mode.session?.revealed, false)
        XCTAssertEqual(state.focus, .card)
        XCTAssertEqual(state.message?.text, "Got it: box 1 → 2")
    }

    func testMissedSendsTheCardToBoxOneAndAsksItAgainLater() throws {
        var state = Fixtures.state()
        state.press("<Enter><Space>y<Space>")  // now on card 0, box 2
        let effects = state.press("n")
        guard case .persist(let review, _) = try XCTUnwrap(effects.first) else { return XCTFail("\(effects)") }
        XCTAssertEqual(review.cardKey, state.collection.cards[0].key)
        XCTAssertEqual(review.answer, .missed)
        XCTAssertEqual(review.boxBefore, 2)
        XCTAssertEqual(review.boxAfter, 1)
        XCTAssertEqual(state.states[0]?.missed, true)
        XCTAssertEqual(state.mode.session?.session.queue, [1, 0, 2, 4, 5, 6, 7, 0])
    }

    func testNewCardEntersBoxOne() throws {
        var state = Fixtures.state()
        state.press("<Enter><Space>y<Space>y<Space>")  // card 2 is new
        guard case .persist(let review, _) = try XCTUnwrap(state.press("y").first) else { return XCTFail() }
        XCTAssertEqual(review.cardKey, state.collection.cards[2].key)
        XCTAssertEqual(review.boxBefore, 0)
        XCTAssertEqual(review.boxAfter, 1)
        XCTAssertEqual(state.states[2]?.box, 1)
        XCTAssertEqual(state.counts[0].new, 4)
    }

    func testUndoRemovesTheReviewAndRestoresTheCard() throws {
        var state = Fixtures.state()
        state.press("<Enter><Space>")
        guard case .persist(let review, _) = try XCTUnwrap(state.press("y").first) else { return XCTFail() }
        let effects = state.press("u")
        XCTAssertEqual(effects, [.removeReview(review)])
        XCTAssertEqual(state.states, Fixtures.sampleStates)
        XCTAssertEqual(
            state.counts,
            TopicCounts.all(
                collection: state.collection, states: Fixtures.sampleStates,
                scheduler: Fixtures.scheduler, now: Fixtures.now))
        XCTAssertEqual(state.mode.session?.session.current, 1, "the undone card is asked again")
        XCTAssertEqual(state.mode.session?.revealed, false)
        XCTAssertEqual(state.press("u"), [], "nothing left to undo")
        XCTAssertEqual(state.message?.text, "Nothing to undo")
    }

    func testEscEndsWithASummaryAndAnyKeyReturnsToTheTree() {
        var state = Fixtures.state()
        state.press("<Enter><Space>y<Space>n")
        XCTAssertEqual(state.press("<Esc>"), [])
        guard let summary = state.mode.summary else { return XCTFail("expected summary, got \(state.mode.name)") }
        XCTAssertFalse(summary.completed)
        XCTAssertEqual(summary.session.summary.seen, 2)
        XCTAssertEqual(summary.session.summary.right, 1)
        XCTAssertEqual(summary.session.summary.missed, 1)
        XCTAssertEqual(summary.session.summary.movedUp, 1)
        XCTAssertEqual(summary.session.summary.movedDown, 1)
        XCTAssertEqual(state.press("x"), [])
        XCTAssertEqual(state.mode.name, "tree")
        XCTAssertEqual(state.focus, .tree)
    }

    func testQEndsTheSessionInsteadOfQuitting() {
        var state = Fixtures.state()
        state.press("<Enter><Space>y")
        XCTAssertEqual(state.press("q"), [])
        XCTAssertEqual(state.mode.name, "summary")
    }

    func testEndingASessionWithNothingAnsweredGoesStraightBackToTheTree() {
        var state = Fixtures.state()
        state.press("<Enter><Space>")
        XCTAssertEqual(state.press("<Esc>"), [])
        XCTAssertEqual(state.mode.name, "tree")
        XCTAssertEqual(state.focus, .tree)
    }

    func testFinishingTheQueueShowsTheSummary() throws {
        var state = Fixtures.state()
        state.press("jjl<End>c")  // cram Languages › Emoji: one new card
        XCTAssertEqual(state.mode.session?.session.queue, [7])
        state.press("<Space>")
        guard case .persist(let review, _) = try XCTUnwrap(state.press("y").first) else { return XCTFail() }
        XCTAssertEqual(review.mode, .cram)
        XCTAssertEqual(review.boxBefore, 0)
        XCTAssertEqual(review.boxAfter, 0, "cram does not move boxes")
        XCTAssertEqual(state.mode.summary?.completed, true)
        XCTAssertTrue(state.screen().contains("Finished: all 1 card answered right."), state.screen())
    }

    func testUndoFromTheSummaryReturnsToTheSession() throws {
        var state = Fixtures.state()
        state.press("jjl<End>c<Space>")
        guard case .persist(let review, _) = try XCTUnwrap(state.press("y").first) else { return XCTFail() }
        XCTAssertEqual(state.press("u"), [.removeReview(review)])
        XCTAssertEqual(state.mode.session?.session.current, 7)
        XCTAssertNil(state.states[7])
    }

    func testMissedReviewClearsTheMissedFlagWithoutMovingTheBox() throws {
        var state = Fixtures.state()
        state.press("m<Space>")
        guard case .persist(let review, _) = try XCTUnwrap(state.press("y").first) else { return XCTFail() }
        XCTAssertEqual(review.mode, .missed)
        XCTAssertEqual(review.boxBefore, 1)
        XCTAssertEqual(review.boxAfter, 1)
        XCTAssertEqual(state.states[1]?.missed, false)
        XCTAssertEqual(state.mode.summary?.completed, true)
    }

    func testBrowseMovesWithArrowsTogglesTheAnswerAndNeverGrades() {
        var state = Fixtures.state()
        state.press("b")
        XCTAssertEqual(state.mode.session?.session.current, 0)
        state.press("<Right>")
        XCTAssertEqual(state.mode.session?.session.current, 1)
        state.press("l")
        XCTAssertEqual(state.mode.session?.session.current, 2)
        state.press("<Left>h")
        XCTAssertEqual(state.mode.session?.session.current, 0)
        state.press("<Left>")
        XCTAssertEqual(state.message?.text, "First card")
        state.press("<Space>")
        XCTAssertEqual(state.mode.session?.revealed, true)
        XCTAssertEqual(state.press("y"), [], "browse never grades")
        XCTAssertEqual(state.states, Fixtures.sampleStates)
        state.press("<Space>")
        XCTAssertEqual(state.mode.session?.revealed, false)
        state.press("<End>")
        state.press(String(repeating: "l", count: 10))
        XCTAssertEqual(state.mode.session?.session.current, 7)
        XCTAssertEqual(state.message?.text, "Last card")
        XCTAssertEqual(state.press("<Esc>"), [])
        XCTAssertEqual(state.mode.name, "tree", "browse ends straight back in the tree")
    }

    func testALongAnswerShownInBrowseScrollsWithTheArrowsAsInStudy() {
        var state = Fixtures.state(Fixtures.longAnswer, states: [nil], width: 60, height: 16)
        state.press("b<Space>")
        XCTAssertGreaterThan(state.maxScroll(answer: true), 2)
        XCTAssertEqual(state.focus, .answer, "the answer just shown has the focus")
        state.press("j")
        XCTAssertEqual(state.answerScroll, 1)
        state.press("<Space>")
        XCTAssertEqual(state.mode.session?.revealed, false)
        XCTAssertEqual(state.focus, .card, "a hidden answer gives the focus back to the question")
    }

    func testArrowsAreIgnoredOutsideBrowse() {
        var state = Fixtures.state()
        state.press("<Enter><Right>")
        XCTAssertEqual(state.mode.session?.session.position, 0)
    }

    func testLongAnswerScrolls() {
        var state = Fixtures.state(Fixtures.longAnswer, states: [nil], width: 60, height: 16)
        state.press("<Enter><Space>")
        let maximum = state.maxScroll(answer: true)
        XCTAssertGreaterThan(maximum, 2)
        state.press("j")
        XCTAssertEqual(state.answerScroll, 1)
        state.press("<PgDn><PgDn><PgDn><PgDn>")
        XCTAssertEqual(state.answerScroll, maximum)
        state.press("k")
        XCTAssertEqual(state.answerScroll, maximum - 1)
        state.press("g")
        XCTAssertEqual(state.answerScroll, 0)
        state.press("G")
        XCTAssertEqual(state.answerScroll, maximum)
    }

    func testAFailedSaveTakesTheAnswerBackAndSaysSo() {
        var state = Fixtures.state()
        let effects = state.press("<Enter><Space>y")
        XCTAssertEqual(state.states[1]?.box, 2)
        XCTAssertEqual(update(&state, .effectFailed(effects[0], reason: "disk full")), [])
        XCTAssertEqual(state.states, Fixtures.sampleStates, "the unsaved answer is not kept")
        XCTAssertEqual(state.mode.session?.session.current, 1)
        XCTAssertEqual(state.mode.session?.revealed, true, "the answer stays shown to grade again")
        XCTAssertEqual(state.message?.kind, .error)
        XCTAssertEqual(state.message?.text, "Could not save “got it”: disk full. Not recorded; answer again")
    }

    func testAFailedSaveOfTheLastAnswerLeavesTheSummary() {
        var state = Fixtures.state()
        let effects = state.press("jjl<End>c<Space>y")
        XCTAssertEqual(state.mode.name, "summary")
        _ = update(&state, .effectFailed(effects[0], reason: "read-only"))
        XCTAssertEqual(state.mode.session?.session.current, 7)
        XCTAssertNil(state.states[7])
    }

    func testAFailedRemovalIsReported() {
        var state = Fixtures.state()
        state.press("<Enter><Space>")
        let answered = state.press("y")
        let afterAnswer = state.states
        let undo = state.press("u")
        XCTAssertEqual(state.states, Fixtures.sampleStates)
        _ = update(&state, .effectFailed(undo[0], reason: "locked"))
        XCTAssertEqual(state.message, StatusMessage("Could not save: locked", kind: .error))
        XCTAssertEqual(state.states, afterAnswer, "the answer is still in the file, so it stays in memory")
        XCTAssertEqual(state.mode.session?.session.current, 0, "the session goes on after the kept answer")
        guard case .persist(let review, _) = answered.first else { return XCTFail("\(answered)") }
        XCTAssertEqual(state.mode.session?.session.lastReview, review, "u takes back the same answer again")
        XCTAssertEqual(
            state.counts,
            TopicCounts.all(
                collection: state.collection, states: afterAnswer, scheduler: Fixtures.scheduler, now: Fixtures.now))
    }

    /// Carries out effects against a real store whose removals fail, as the app's loop does: memory
    /// and file agree after every step.
    func testMemoryAndFileAgreeWhenAnUndoCannotBeSaved() throws {
        // Every card new, so that the store (which starts empty) and memory start alike.
        var state = Fixtures.state(states: [])
        let store = try ProgressStore()
        func run(_ keys: String) throws {
            for effect in state.press(keys) {
                do {
                    switch effect {
                    case .persist(let review, let question):
                        try store.record(review, question: question, scheduler: Fixtures.scheduler)
                    case .removeReview:
                        throw ProgressError.writeFailed(reason: "the disk is full")
                    default:
                        break
                    }
                } catch {
                    _ = update(&state, .effectFailed(effect, reason: "\(error)"))
                }
            }
        }
        try run("<Enter><Space>y<Space>n")
        try run("u")
        let stored = try store.storedStates()
        XCTAssertEqual(try store.reviewCount(), 2)
        XCTAssertEqual(stored.count, 2)
        for row in stored {
            let index = try XCTUnwrap(state.collection.cards.firstIndex { $0.id == row.id })
            XCTAssertEqual(state.states[index]?.box, row.state.box, row.key)
            XCTAssertEqual(state.states[index]?.missed, row.state.missed, row.key)
        }
        XCTAssertEqual(state.message?.kind, .error)
    }
}

extension SessionUpdateTests {
    func testKeysDoNothingOnTheTooSmallScreen() {
        var state = Fixtures.state()
        state.press("<Enter><Space>")
        let before = state
        _ = update(&state, .resize(width: 20, height: 5))
        for key: Key in [.char("y"), .char("n"), .space, .enter, .char("u"), .char("j"), .down, .escape, .char("c")] {
            XCTAssertEqual(update(&state, .key(key)), [], "\(key)")
        }
        _ = update(&state, .resize(width: before.width, height: before.height))
        XCTAssertEqual(state.mode.session?.session.position, before.mode.session?.session.position)
        XCTAssertEqual(state.mode.session?.revealed, true)
        XCTAssertEqual(state.states, before.states)
        _ = update(&state, .resize(width: 20, height: 5))
        XCTAssertEqual(update(&state, .key(.char("q"))), [.quit])
    }
}
