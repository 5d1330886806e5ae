import CardboxEngine
import XCTest

@testable import CardboxTUI

/// The study day's keys: study ahead, more new cards, suspend, leeches, card details, the tree toggle,
/// and the session fixes (search hits, ending early, browse's first and last card).
final class StudyDayUpdateTests: XCTestCase {
    /// Every card of the sample reviewed and not due: box 3, reviewed `daysAgo` days before `Fixtures.now`.
    private func reviewedStates(daysAgo: [Double]) -> [CardState?] {
        daysAgo.map {
            let time = Fixtures.now - Fixtures.hours(24 * $0)
            return CardState(box: 3, lastReview: time, missed: false, firstReview: time - Fixtures.hours(500))
        }
    }

    func testStudyAheadOffersAndStudiesCardsDueWithinTheWeekSoonestFirst() {
        // Box 3 waits 4 days: reviewed 3 days ago → due tomorrow; 1 day ago → in 3 days; today → in 4.
        // (Card 2, a cloze, was not answered today: a cloze answered today waits for tomorrow.)
        let states = reviewedStates(daysAgo: [1, 3, 1, 1, 3, 0, 1, 3])
        var state = Fixtures.state(states: states)
        state.press("<Enter>")
        guard let notice = state.mode.nothingDue else { return XCTFail("expected nothing due, got \(state.mode.name)") }
        XCTAssertEqual(notice.ahead, 8)
        XCTAssertTrue(state.screen().contains("a  study ahead: 8 cards due within"), state.screen())
        XCTAssertEqual(state.press("a"), [])
        guard let session = state.mode.session?.session else { return XCTFail("no session") }
        XCTAssertEqual(session.mode, .ahead)
        let dueDays = session.queue.map { Fixtures.scheduler.dueDate(of: states[$0]!) }
        XCTAssertEqual(dueDays, dueDays.sorted(), "soonest first")
        let effects = state.press("<Space>y")
        guard case .persist(let review, _) = effects.first else { return XCTFail("\(effects)") }
        XCTAssertEqual([review.mode, review.boxBefore, review.boxAfter] as [AnyHashable], [StudyMode.ahead, 3, 4])
        XCTAssertEqual(state.message?.text, "Got it: box 3 → 4")

        var none = Fixtures.state(states: reviewedStates(daysAgo: [0, 0, 0, 0, 0, 0, 0, 0]))
        none.rules.aheadDays = 2
        none.press("a")
        XCTAssertEqual(none.mode.name, "tree")
        XCTAssertEqual(none.message?.text, "Nothing in All decks falls due within 2 days")
    }

    func testMoreNewCardsAllowsAnotherDaysWorthAndSaysWhenTheyAreUsedUp() {
        let config = try! LeitnerConfig(newCardsPerDay: 2, timeZone: Fixtures.utc)
        var state = AppState(
            collection: Fixtures.sample, states: [], scheduler: LeitnerScheduler(config: config), now: Fixtures.now)
        state.press("<Enter>")
        XCTAssertEqual(state.mode.session?.session.queue.count, 2)
        state.press("<Space>y<Space>y")
        XCTAssertEqual(state.mode.name, "summary")
        state.press("x<Enter>")
        guard let notice = state.mode.nothingDue else { return XCTFail("expected nothing due") }
        XCTAssertEqual(notice.reason, .newLimitReached)
        let screen = state.screen()
        XCTAssertTrue(screen.contains("+ allows 2 more"), screen)
        XCTAssertTrue(screen.contains("+  2 more new cards today"), screen)
        XCTAssertTrue(screen.contains("2 of 2 new cards done today"), screen)
        let today = Fixtures.scheduler.studyDay(of: Fixtures.now)
        XCTAssertEqual(state.press("+"), [.addNewCards(2, studyDay: today)])
        XCTAssertEqual(state.newAllowance, 2)
        state.press("<Enter>")
        XCTAssertEqual(state.mode.session?.session.queue.count, 2, "two more new cards")
        // The allowance given back by a failed save.
        var failed = state
        failed.press("<Esc>+")
        _ = update(&failed, .effectFailed(.addNewCards(2, studyDay: today), reason: "the disk is full"))
        XCTAssertEqual(failed.newAllowance, 2)
        XCTAssertEqual(failed.message?.kind, .error)
    }

    func testWithNewCardsTurnedOffTheNoticeOffersNoMoreOfThem() {
        let config = try! LeitnerConfig(newCardsPerDay: 0, timeZone: Fixtures.utc)
        var state = AppState(
            collection: Fixtures.sample, states: [], scheduler: LeitnerScheduler(config: config), now: Fixtures.now,
            width: 100, height: 30)
        state.press("<Enter>")
        XCTAssertNotNil(state.mode.nothingDue)
        let screen = state.screen()
        XCTAssertTrue(screen.contains("new cards are off"), screen)
        XCTAssertTrue(screen.contains("is 0)."), screen)
        XCTAssertFalse(screen.contains("0 more"), screen)
        XCTAssertEqual(state.press("+"), [])
        XCTAssertEqual(state.message?.text, "The new-card limit is 0 a day; set new-per-day to study new cards")
    }

    func testSuspendTakesTheCardOutOfTheSessionAndEveryQueueUntilUnsuspended() {
        var state = Fixtures.state()
        state.press("<Enter>")
        let first = state.currentCard!
        let id = state.collection.cards[first].id
        let effects = state.press("!")
        XCTAssertEqual(effects, [.setSuspended(id, true, at: Fixtures.now)])
        XCTAssertTrue(state.isSuspended(first))
        XCTAssertNotEqual(state.currentCard, first, "the next card comes up")
        XCTAssertEqual(state.counts[0].suspended, 1)
        XCTAssertEqual(state.press("u"), [], "u undoes answers only")
        var tree = state
        tree.press("<Esc>")
        XCTAssertTrue(tree.screen().contains("1 suspended"), tree.screen())
        XCTAssertEqual(state.message?.text, "Nothing to undo")
        state.press("<Esc>")
        XCTAssertEqual(state.mode.name, "tree", "nothing answered: no summary")
        state.press("<Enter>")
        XCTAssertFalse(state.mode.session!.session.queue.contains(first), "suspended cards are in no queue")
        state.press("<Esc>c")
        XCTAssertFalse(state.mode.session!.session.queue.contains(first))
        // In browse, ! brings it back.
        state.press("<Esc>b")
        while state.currentCard != first { state.press("l") }
        XCTAssertTrue(state.screen().contains("suspended"), state.screen())
        XCTAssertEqual(state.press("!"), [.setSuspended(id, false, at: Fixtures.now)])
        XCTAssertFalse(state.isSuspended(first))
        XCTAssertEqual(state.currentCard, first, "browse stays on the card")
        XCTAssertEqual(state.counts[0].suspended, 0)
    }

    /// A suspended card leaves the count: it was not done, and it is no longer to do.
    func testSuspendingACardTakesItOutOfTheSessionsCountNotIntoItsDone() throws {
        var state = Fixtures.state()
        state.press("<Enter>")
        let total = try XCTUnwrap(state.mode.session?.session.queue.count)
        XCTAssertGreaterThan(total, 2)
        XCTAssertEqual(StatusBar.modeLabel(state), "STUDY 1/\(total)")
        state.press("<Space>y")
        XCTAssertEqual(StatusBar.modeLabel(state), "STUDY 2/\(total)")
        state.press("!")
        XCTAssertEqual(StatusBar.modeLabel(state), "STUDY 2/\(total - 1)", "the suspended card is not counted done")
        state.press("<Space>y")
        XCTAssertEqual(StatusBar.modeLabel(state), "STUDY 3/\(total - 1)")
    }

    func testASuspendedCardIsNotOfferedToMissedReviewOrCram() {
        var states = [CardState?](repeating: nil, count: Fixtures.sample.cards.count)
        let time = Fixtures.now - Fixtures.hours(2)
        states[0] = CardState(box: 1, lastReview: time, missed: true, firstReview: time, lapses: 1)
        var state = Fixtures.state(states: states, width: 100, height: 30)
        XCTAssertTrue(state.screen().contains("m      review 1 missed"), state.screen())
        state.press("b")
        while state.currentCard != 0 { state.press("l") }
        state.press("!<Esc>")
        XCTAssertTrue(state.isSuspended(0))
        let total = Fixtures.sample.cards.count
        let screen = state.screen()
        XCTAssertTrue(screen.contains("m      review missed: none"), screen)
        XCTAssertTrue(screen.contains("c      cram \(total - 1) cards (boxes stay)"), screen)
        XCTAssertEqual(state.counts[0].missed, 0, "the tree's missed column counts what m would ask")
        state.press("c")
        XCTAssertEqual(state.mode.session?.session.queue.count, total - 1)
        // Brought back, it is missed again, in the counts and in missed review.
        state.press("<Esc>b")
        while state.currentCard != 0 { state.press("l") }
        state.press("!<Esc>")
        XCTAssertEqual(state.counts[0].missed, 1)
        state.press("m")
        XCTAssertEqual(state.mode.session?.session.queue, [0])
    }

    func testAFailedSuspensionIsTakenBack() {
        var state = Fixtures.state()
        state.press("b")
        let card = state.currentCard!
        let effects = state.press("!")
        XCTAssertTrue(state.isSuspended(card))
        _ = update(&state, .effectFailed(effects[0], reason: "the disk is full"))
        XCTAssertFalse(state.isSuspended(card), "memory follows the file")
        XCTAssertEqual(state.counts[0].suspended, 0)
        XCTAssertEqual(state.message?.text, "Could not save the suspension: the disk is full")
    }

    func testALeechAfterOneMissIsToldInWords() {
        var states = Fixtures.sampleStates
        states[1]?.lapses = 0
        var state = Fixtures.state(states: states)
        state.rules.leech = LeechRule(threshold: 1, action: .flag)
        state.press("<Enter>")
        XCTAssertEqual(state.currentCard, 1)
        state.press("<Space>n")
        XCTAssertEqual(state.message?.text, "Leech: missed once; consider rewriting it (! suspends)")
    }

    func testALeechIsFlaggedOrSuspendedAtTheMissThatMakesIt() {
        var states = Fixtures.sampleStates
        states[1]?.lapses = 2
        for action in [LeechAction.flag, .suspend] {
            var state = Fixtures.state(states: states)
            state.rules.leech = LeechRule(threshold: 3, action: action)
            state.press("<Enter>")
            XCTAssertEqual(state.currentCard, 1)
            let effects = state.press("<Space>n")
            XCTAssertEqual(state.states[1]?.lapses, 3)
            XCTAssertEqual(state.counts[0].leeches, 1)
            if action == .suspend {
                XCTAssertEqual(effects.count, 2)
                XCTAssertEqual(effects.last, .setSuspended(state.collection.cards[1].id, true, at: Fixtures.now))
                XCTAssertTrue(state.isSuspended(1))
                XCTAssertTrue(state.message!.text.hasPrefix("Leech: missed 3 times, so it is suspended"))
                XCTAssertTrue(state.mode.session!.session.removed.contains(1), "not asked again")
                while state.mode.session != nil {
                    XCTAssertNotEqual(state.currentCard, 1)
                    state.press("<Space>y")
                }
            } else {
                XCTAssertEqual(effects.count, 1)
                XCTAssertFalse(state.isSuspended(1))
                XCTAssertTrue(state.message!.text.hasPrefix("Leech: missed 3 times; consider rewriting it"))
            }
        }
    }

    func testCardDetailsReadTheHistoryAndScrollAndClose() {
        var state = Fixtures.state(width: 80, height: 24)
        state.press("<Enter>")
        let card = state.currentCard!
        let id = state.collection.cards[card].id
        XCTAssertEqual(state.press("i"), [.loadHistory(id)])
        XCTAssertTrue(state.screen().contains("reading the history"), state.screen())
        var reviews: [Review] = []
        for day in 0..<30 {
            let missed = day % 3 == 0
            let time: Date = Fixtures.now - Fixtures.hours(Double(24 * (30 - day)))
            reviews.append(
                Review(
                    deck: id.deck, cardKey: id.key, time: time, answer: missed ? .missed : .gotIt, boxBefore: 1,
                    boxAfter: missed ? 1 : 2, mode: .study, isRepeat: false))
        }
        _ = update(&state, .historyLoaded(id, reviews))
        XCTAssertEqual(state.cardInfo?.history?.count, 30)
        let screen = state.screen()
        XCTAssertTrue(screen.contains("Seen      30 times · missed 10"), screen)
        XCTAssertTrue(screen.contains("AWS ML Specialty.md:"), screen)
        assertSnapshot(screen, named: "CardDetails80x24")
        state.press("<Down><Down><PgDn>")
        XCTAssertGreaterThan(state.cardInfo?.scroll ?? 0, 2)
        state.press("x")
        XCTAssertNil(state.cardInfo, "any other key closes")
        XCTAssertEqual(state.mode.name, "session", "and does nothing else")
    }

    /// A card's first answer moves it out of "new", as the rest of the app names a card never answered.
    func testCardDetailsNameTheFirstAnswersBoxNew() {
        var state = Fixtures.state(width: 80, height: 24)
        state.press("<Enter>")
        let id = state.collection.cards[state.currentCard!].id
        state.press("i")
        let reviews = [
            Review(
                deck: id.deck, cardKey: id.key, time: Fixtures.now - Fixtures.hours(48), answer: .gotIt, boxBefore: 0,
                boxAfter: 1, mode: .study, isRepeat: false),
            Review(
                deck: id.deck, cardKey: id.key, time: Fixtures.now - Fixtures.hours(24), answer: .gotIt, boxBefore: 1,
                boxAfter: 2, mode: .study, isRepeat: false),
        ]
        _ = update(&state, .historyLoaded(id, reviews))
        let screen = state.screen()
        XCTAssertTrue(screen.contains("study  new → box 1"), screen)
        XCTAssertTrue(screen.contains("study  box 1 → 2"), screen)
        XCTAssertFalse(screen.contains("box 0"), screen)
    }

    func testTheTreeIsHiddenBelowAHundredColumnsAndToggledWithT() {
        var narrow = Fixtures.state(width: 80, height: 24)
        narrow.press("<Enter>")
        XCTAssertTrue(narrow.treeHidden)
        XCTAssertFalse(narrow.screen().contains("Topics"))
        narrow.press("t")
        XCTAssertFalse(narrow.treeHidden)
        XCTAssertTrue(narrow.screen().contains("Topics"))
        var wide = Fixtures.state(width: 200, height: 60)
        wide.press("<Enter>")
        XCTAssertFalse(wide.treeHidden)
        wide.press("<Space>")
        assertSnapshot(wide.screen(), named: "FocusedSession200x60")
        wide.press("t")
        XCTAssertTrue(wide.treeHidden)
        assertSnapshot(wide.screen(), named: "FocusedSessionNoTree200x60")
        // Text stays within 100 columns: every row inside the panes, between their borders.
        for line in wide.screen().split(separator: "\n").dropLast() where !line.contains("─") && !line.contains("━") {
            let text = line.trimmingCharacters(in: CharacterSet(charactersIn: " │┃"))
            XCTAssertLessThanOrEqual(DisplayWidth.width(of: text), Layout.readableWidth, String(line))
        }
    }

    func testTheCardHeaderNamesItsOwnTopicInnermostFirst() {
        var state = Fixtures.state(width: 80, height: 24)
        state.press("<Enter>")
        while let card = state.currentCard, state.collection.cards[card].kind == .basic {
            state.press("<Space>y")
        }
        XCTAssertTrue(state.screen().contains("Inference pipelines · Deployment"), state.screen())
        assertSnapshot(state.screen(), named: "SessionOwnTopic80x24")
    }

    func testYAndNInCapitalsGradeLikeLowerCase() {
        var state = Fixtures.state()
        state.press("<Enter><Space>")
        guard case .persist(let review, _) = state.press("Y").first else { return XCTFail() }
        XCTAssertEqual(review.answer, .gotIt)
        state.press("<Space>")
        guard case .persist(let missed, _) = state.press("N").first else { return XCTFail() }
        XCTAssertEqual(missed.answer, .missed)
    }

    func testHomeAndEndGoToTheFirstAndLastCardInBrowse() {
        var state = Fixtures.state()
        state.press("b")
        let range = state.collection.nodes[0].cardRange
        state.press("<End>")
        XCTAssertEqual(state.currentCard, range.upperBound - 1)
        state.press("<Home>")
        XCTAssertEqual(state.currentCard, range.lowerBound)
        state.press("<Enter><Esc><Enter>")
        state.press("<End>")
        XCTAssertEqual(state.message?.text, "Only browsing moves between cards; y / n answer this one")
    }

    func testASearchHitOpenedFromASessionReturnsToItWithEsc() {
        var state = Fixtures.state()
        state.press("<Enter><Space>y")
        let session = state.mode.session!
        state.press("/neko<Enter>")
        XCTAssertEqual(state.mode.session?.session.mode, .browse)
        XCTAssertEqual(state.collection.cards[state.currentCard!].question.plainText, "What does 猫 mean?")
        state.press("<Esc>")
        XCTAssertEqual(state.mode.session?.session.mode, .study, "back in the session")
        XCTAssertEqual(state.mode.session?.session.position, session.session.position, "where it was")
        XCTAssertEqual(state.mode.session?.session.summary, session.session.summary)
    }

    func testTheSummaryShowsNoStaleGradingMessageAndTheNextWork() {
        var state = Fixtures.state()
        state.press("<Enter>")
        var guardCount = 0
        while state.mode.session != nil, guardCount < 40 {
            state.press("<Space>y")
            guardCount += 1
        }
        XCTAssertEqual(state.mode.name, "summary")
        XCTAssertNil(state.message, "no grading message on the summary")
        XCTAssertTrue(state.screen().contains("Tomorrow: "), state.screen())
    }

    func testTheHelpScrollsWhenItDoesNotFitAndAnyOtherKeyClosesIt() {
        var state = Fixtures.state(width: 80, height: 16)
        state.press("?")
        let top = state.screen()
        state.press("<Down><Down><PgDn>")
        XCTAssertTrue(state.showHelp)
        XCTAssertGreaterThan(state.helpScroll, 0)
        XCTAssertNotEqual(state.screen(), top, "scrolled")
        state.press("<PgUp><PgUp><PgUp><Up>")
        XCTAssertEqual(state.helpScroll, 0)
        state.press("j")
        XCTAssertFalse(state.showHelp)
    }

    func testTreeMemoryRestoresOpenTopicsAndSelectionByPath() {
        var state = Fixtures.state()
        state.press("jl")
        let memory = TreeMemory(state.tree, in: state.collection)
        let restored = AppState(
            collection: Fixtures.sample, states: Fixtures.sampleStates, scheduler: Fixtures.scheduler,
            now: Fixtures.now, treeMemory: memory)
        XCTAssertEqual(restored.tree.cursor, state.tree.cursor)
        XCTAssertEqual(restored.tree.expanded, state.tree.expanded)
        let gone = TreeMemory(expanded: [["No such deck"]], selected: ["No such deck", "x"])
        XCTAssertEqual(gone.apply(to: Fixtures.sample).cursor, 0, "what no longer exists is skipped")
    }

    func testARememberedPathFindsTheNodeATableOfEveryPathWould() {
        // Two sibling topics with one title (as only a collection not made by the builder has), each
        // with a child: a path names the last node that has it.
        let twins = Fixtures.collection([
            (
                "Deck",
                [
                    TopicSpec(title: "T", cards: [.basic("a", "1")], children: [TopicSpec(title: "U")]),
                    TopicSpec(title: "T", children: [TopicSpec(title: "V", cards: [.basic("b", "2")])]),
                    TopicSpec(title: "W", children: [TopicSpec(title: "T")]),
                ]
            ),
            ("Other", [TopicSpec(title: "T")]),
        ])
        for collection in [Fixtures.sample, twins] {
            var table: [[String]: Int] = [:]
            for node in collection.nodes { table[collection.path(of: node.id)] = node.id }
            for (path, node) in table { XCTAssertEqual(TreeMemory.node(at: path, in: collection), node, "\(path)") }
            for missing in [["No such deck"], ["Deck", "T", "X"], ["Deck", "U"], ["Deck", "T", "U", "V"]] {
                XCTAssertNil(TreeMemory.node(at: missing, in: collection), "\(missing)")
            }
        }
        XCTAssertEqual(TreeMemory.node(at: [], in: twins), 0)
    }
}
