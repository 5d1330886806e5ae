import CardboxEngine
import XCTest

@testable import CardboxTUI

/// Other devices' answers arriving while the app runs: states, counts and suspensions follow them.
final class MergeUpdateTests: XCTestCase {
    func testMergedStatesAndSuspensionsMoveTheCounts() {
        var state = Fixtures.state()
        let first = state.collection.cards[0].id
        let second = state.collection.cards[1].id
        let reviewed = CardState(box: 3, lastReview: Fixtures.now, missed: false, firstReview: Fixtures.now)
        let unknown = CardID(deck: "Not loaded here", key: "q-1")
        let imported = Review(
            deck: first.deck, cardKey: first.key, time: Fixtures.now, answer: .gotIt, boxBefore: 2, boxAfter: 3,
            mode: .study, isRepeat: false, seconds: 4)
        let activity = ActivityHistory(reviews: [imported], scheduler: state.scheduler)
        _ = update(
            &state,
            .merged(states: [first: reviewed, unknown: reviewed], suspensions: [second: true], activity: activity))
        XCTAssertEqual(state.states[0], reviewed)
        XCTAssertEqual(state.activity, activity, "imported answers count in the history")
        XCTAssertTrue(state.isSuspended(1))
        XCTAssertEqual(state.counts[0].boxes[2], 1)
        XCTAssertEqual(state.counts[0].suspended, 1)
        // What merging gives is what counting from scratch gives.
        var fresh = state
        fresh.refreshCounts()
        XCTAssertEqual(fresh.counts, state.counts)
    }

    func testAMergeRunningBesideTheKeysIsShownUntilItEnds() {
        var state = Fixtures.state()
        _ = update(&state, .merging(lines: 12_000))
        XCTAssertTrue(state.screen().contains("merging 12000 lines…"), state.screen())
        // Keys go on meanwhile: a session starts and shows its tally beside the merge.
        state.press("<Enter>")
        let study = state.screen()
        XCTAssertTrue(study.contains("merging 12000 lines…") && study.contains("STUDY 1/"), study)
        _ = update(&state, .merged(states: [:], suspensions: [:], activity: nil))
        XCTAssertFalse(state.screen().contains("merging"), "a finished merge leaves the status line")
        _ = update(&state, .merging(lines: 3_000))
        _ = update(&state, .merging(lines: 0))
        XCTAssertFalse(state.screen().contains("merging"), "a merge that changed nothing ends too")
    }
}
