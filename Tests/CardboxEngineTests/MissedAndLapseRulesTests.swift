import CardboxEngine
import Foundation
import XCTest

/// A card is missed until it is next answered right, in any mode; lapses count graded misses only;
/// "got it" moves a card up only when it was due, except in study ahead.
final class MissedAndLapseRulesTests: XCTestCase {
    private let scheduler = LeitnerScheduler(
        config: try! LeitnerConfig(intervals: [1, 2, 4, 8, 16], dayStartHour: 4, timeZone: Fixtures.utc()))
    private let day1 = Fixtures.date("2026-05-10 12:00")

    private func reviewed(box: Int, missed: Bool = false) -> CardState {
        CardState(box: box, lastReview: day1, missed: missed, firstReview: day1)
    }

    func testMissedStaysUntilAnsweredRightInAnyMode() {
        for mode in [StudyMode.study, .ahead, .cram, .missed] {
            let due = scheduler.dueDate(of: reviewed(box: 2))
            let missed = scheduler.apply(.missed, to: reviewed(box: 2), mode: mode, isRepeat: false, now: due)
            XCTAssertEqual(missed?.missed, true, "\(mode)")
            let repeatRight = scheduler.apply(.gotIt, to: missed, mode: mode, isRepeat: true, now: due)
            XCTAssertEqual(repeatRight?.missed, false, "\(mode): a right repeat clears it")
            let right = scheduler.apply(.gotIt, to: missed, mode: mode, isRepeat: false, now: due)
            XCTAssertEqual(right?.missed, false, "\(mode)")
        }
        XCTAssertEqual(
            scheduler.apply(.missed, to: reviewed(box: 2), mode: .browse, isRepeat: false, now: day1)?.missed, false)
        XCTAssertNil(scheduler.apply(.missed, to: nil, mode: .cram, isRepeat: false, now: day1), "a new card stays new")
    }

    func testLapsesCountMissesInStudyAndStudyAheadButNotRepeatsOrCram() {
        var state: CardState? = nil
        state = scheduler.apply(.missed, to: state, mode: .study, isRepeat: false, now: day1)
        XCTAssertEqual(state?.lapses, 1)
        state = scheduler.apply(.missed, to: state, mode: .study, isRepeat: true, now: day1)
        state = scheduler.apply(.missed, to: state, mode: .cram, isRepeat: false, now: day1)
        state = scheduler.apply(.missed, to: state, mode: .missed, isRepeat: false, now: day1)
        XCTAssertEqual(state?.lapses, 1)
        state = scheduler.apply(.missed, to: state, mode: .ahead, isRepeat: false, now: day1)
        XCTAssertEqual(state?.lapses, 2)
        XCTAssertEqual(state?.box, 1)
    }

    func testGotItMovesUpOnlyWhenDueExceptInStudyAhead() {
        let card = reviewed(box: 2)
        let early = day1.addingTimeInterval(3_600)
        let notDue = scheduler.apply(.gotIt, to: card, mode: .study, isRepeat: false, now: early)
        XCTAssertEqual(notDue?.box, 2, "a study answer before the due date does not move the card")
        XCTAssertEqual(notDue?.lastReview, day1, "nor its due date")
        let ahead = scheduler.apply(.gotIt, to: card, mode: .ahead, isRepeat: false, now: early)
        XCTAssertEqual(ahead?.box, 3)
        XCTAssertEqual(ahead?.lastReview, early, "the next interval counts from the early answer")
        let due = scheduler.apply(.gotIt, to: card, mode: .study, isRepeat: false, now: scheduler.dueDate(of: card))
        XCTAssertEqual(due?.box, 3)
    }

    func testTwoMachinesAnsweringTheSameDueCardMoveItOnce() {
        let card = reviewed(box: 2)
        let dueTime = scheduler.dueDate(of: card)
        let first = scheduler.apply(.gotIt, to: card, mode: .study, isRepeat: false, now: dueTime)
        let second = scheduler.apply(
            .gotIt, to: first, mode: .study, isRepeat: false, now: dueTime.addingTimeInterval(600))
        XCTAssertEqual(second?.box, 3)
    }
}
