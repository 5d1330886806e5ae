import CardboxEngine
import XCTest

final class StudySessionTests: XCTestCase {
    private let deck = Fixtures.collection("Q: one\nA: 1\n\nQ: two\nA: 2\n\nQ: three\nA: 3")
    private let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))
    private let now = Fixtures.date("2026-05-01 10:00")

    func testMissedCardComesBackUntilRightWithoutMovingAgain() {
        var states = [CardState?](repeating: nil, count: 3)
        states[1] = CardState(
            box: 4, lastReview: Fixtures.date("2026-04-01 10:00"), missed: false,
            firstReview: Fixtures.date("2026-03-01 10:00"))
        var session = StudySession(mode: .study, topic: 0, queue: [1, 0])
        let first = session.answer(.missed, collection: deck, states: &states, scheduler: scheduler, now: now)!
        XCTAssertEqual([first.boxBefore, first.boxAfter], [4, 1])
        XCTAssertEqual(session.queue, [1, 0, 1])
        _ = session.answer(.gotIt, collection: deck, states: &states, scheduler: scheduler, now: now)
        XCTAssertEqual(session.current, 1)
        XCTAssertTrue(session.currentIsRepeat)
        let again = session.answer(.missed, collection: deck, states: &states, scheduler: scheduler, now: now)!
        XCTAssertTrue(again.isRepeat)
        XCTAssertEqual(states[1]?.box, 1)
        let right = session.answer(.gotIt, collection: deck, states: &states, scheduler: scheduler, now: now)!
        XCTAssertTrue(right.isRepeat)
        XCTAssertEqual(states[1]?.box, 1, "repeats do not move the card again")
        XCTAssertEqual(states[1]?.missed, false, "a right repeat takes the card off the missed list")
        XCTAssertEqual(states[1]?.lapses, 1, "only the graded miss counts as a lapse")
        XCTAssertTrue(session.isFinished)
        XCTAssertEqual(session.summary.seen, 2)
        XCTAssertEqual(session.summary.right, 1)
        XCTAssertEqual(session.summary.missed, 1)
        XCTAssertEqual(session.summary.repeats, 2)
        XCTAssertEqual(session.summary.movedDown, 1)
    }

    func testMissedReviewDrillsUntilRightAndKeepsBoxes() {
        var states = [CardState?](repeating: nil, count: 3)
        for i in 0..<3 { states[i] = CardState(box: 2, lastReview: now, missed: i != 1, firstReview: now) }
        let queue = Fixtures.queues(scheduler, states, now: now, deck: deck).missed(range: 0..<3)
        XCTAssertEqual(Set(queue), [0, 2])
        var session = StudySession(mode: .missed, topic: 0, queue: queue)
        _ = session.answer(.missed, collection: deck, states: &states, scheduler: scheduler, now: now)
        _ = session.answer(.gotIt, collection: deck, states: &states, scheduler: scheduler, now: now)
        XCTAssertEqual(session.current, queue[0], "the missed card comes back")
        _ = session.answer(.gotIt, collection: deck, states: &states, scheduler: scheduler, now: now)
        XCTAssertTrue(session.isFinished)
        XCTAssertEqual(Fixtures.queues(scheduler, states, now: now, deck: deck).missed(range: 0..<3), [])
        XCTAssertEqual(states.map { $0?.box }, [2, 2, 2])
    }

    func testUndoRestoresStateQueueAndSummary() {
        var states = [CardState?](repeating: nil, count: 3)
        var session = StudySession(mode: .study, topic: 0, queue: [0, 1])
        _ = session.answer(.gotIt, collection: deck, states: &states, scheduler: scheduler, now: now)
        let missed = session.answer(.missed, collection: deck, states: &states, scheduler: scheduler, now: now)
        XCTAssertEqual(session.queue, [0, 1, 1])
        let undone = session.undo(states: &states)
        XCTAssertEqual(undone, missed)
        XCTAssertNil(states[1])
        XCTAssertEqual(session.queue, [0, 1])
        XCTAssertEqual(session.current, 1)
        XCTAssertEqual(session.summary.seen, 1)
        XCTAssertFalse(session.currentIsRepeat)
        _ = session.undo(states: &states)
        XCTAssertNil(states[0])
        XCTAssertEqual(session.current, 0)
        XCTAssertNil(session.undo(states: &states))
    }

    func testCramKeepsBoxesAndBrowseDoesNotGrade() {
        var states = [CardState?](repeating: nil, count: 3)
        states[2] = CardState(box: 5, lastReview: now, missed: false, firstReview: now)
        var cram = StudySession(mode: .cram, topic: 0, queue: Array(0..<3))
        for _ in 0..<3 { _ = cram.answer(.missed, collection: deck, states: &states, scheduler: scheduler, now: now) }
        XCTAssertEqual(states[2]?.box, 5)
        XCTAssertEqual(states[2]?.missed, true)
        XCTAssertNil(states[0])
        var browse = StudySession(mode: .browse, topic: 0, queue: [0, 1, 2])
        XCTAssertNil(browse.answer(.gotIt, collection: deck, states: &states, scheduler: scheduler, now: now))
        browse.next()
        browse.next()
        browse.next()
        XCTAssertEqual(browse.current, 2)
        browse.previous()
        XCTAssertEqual(browse.current, 1)
    }
}
