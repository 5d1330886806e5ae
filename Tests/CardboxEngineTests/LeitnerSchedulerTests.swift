import CardboxEngine
import XCTest

final class LeitnerSchedulerTests: XCTestCase {
    private struct Step {
        var at: String
        var answer: Answer
        var box: Int
        var due: String
    }

    /// A card walked through every box and back, over simulated days, with local-time dates.
    private let walk: [Step] = [
        Step(at: "2026-03-01 10:00", answer: .gotIt, box: 1, due: "2026-03-02 04:00"),  // new card enters box 1
        Step(at: "2026-03-02 04:00", answer: .gotIt, box: 2, due: "2026-03-04 04:00"),
        Step(at: "2026-03-04 23:30", answer: .gotIt, box: 3, due: "2026-03-08 04:00"),
        Step(at: "2026-03-09 02:00", answer: .gotIt, box: 4, due: "2026-03-16 04:00"),  // 02:00 still counts as March 8
        Step(at: "2026-03-16 09:00", answer: .gotIt, box: 5, due: "2026-04-01 04:00"),
        Step(at: "2026-04-01 09:00", answer: .gotIt, box: 5, due: "2026-04-17 04:00"),  // the last box stays last
        Step(at: "2026-04-17 09:00", answer: .missed, box: 1, due: "2026-04-18 04:00"),  // a miss goes back to box 1
        Step(at: "2026-04-18 05:00", answer: .gotIt, box: 2, due: "2026-04-20 04:00"),
    ]

    private func runWalk(in zone: TimeZone) {
        let scheduler = LeitnerScheduler(config: .standard(timeZone: zone))
        var state: CardState?
        for step in walk {
            let now = Fixtures.date(step.at, zone)
            if let state {
                XCTAssertTrue(scheduler.isDue(state, now: now), "due at \(step.at) in \(zone.identifier)")
            }
            state = scheduler.apply(step.answer, to: state, mode: .study, isRepeat: false, now: now)
            XCTAssertEqual(state?.box, step.box, "box after \(step.at) in \(zone.identifier)")
            let due = Fixtures.date(step.due, zone)
            XCTAssertEqual(scheduler.dueDate(of: state!), due, "due date after \(step.at) in \(zone.identifier)")
            XCTAssertFalse(scheduler.isDue(state!, now: due.addingTimeInterval(-60)), "not due a minute early")
            XCTAssertTrue(scheduler.isDue(state!, now: due))
        }
    }

    func testWalkThroughEveryBoxInUTC() { runWalk(in: Fixtures.utc()) }

    /// New York changes to daylight time on 2026-03-08, inside the walk.
    func testWalkThroughEveryBoxInNewYork() { runWalk(in: TimeZone(identifier: "America/New_York")!) }

    func testWalkThroughEveryBoxInTokyo() { runWalk(in: TimeZone(identifier: "Asia/Tokyo")!) }

    func testDayRollsOverAtFourInTheMorning() {
        let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))
        XCTAssertEqual(
            scheduler.studyDayStart(containing: Fixtures.date("2026-01-02 03:59")), Fixtures.date("2026-01-01 04:00"))
        XCTAssertEqual(
            scheduler.studyDayStart(containing: Fixtures.date("2026-01-02 04:00")), Fixtures.date("2026-01-02 04:00"))
        let late = scheduler.apply(
            .gotIt, to: nil, mode: .study, isRepeat: false, now: Fixtures.date("2026-01-02 03:00"))!
        XCTAssertEqual(scheduler.dueDate(of: late), Fixtures.date("2026-01-02 04:00"))
        let early = scheduler.apply(
            .gotIt, to: nil, mode: .study, isRepeat: false, now: Fixtures.date("2026-01-02 04:30"))!
        XCTAssertEqual(scheduler.dueDate(of: early), Fixtures.date("2026-01-03 04:00"))
    }

    func testConfigurableBoxesIntervalsAndRollOver() throws {
        let three = try LeitnerConfig(intervals: [1, 3, 7], dayStartHour: 0, timeZone: Fixtures.utc())
        let scheduler = LeitnerScheduler(config: three)
        var state = scheduler.apply(
            .gotIt, to: nil, mode: .study, isRepeat: false, now: Fixtures.date("2026-01-01 12:00"))
        for _ in 0..<5 {
            state = scheduler.apply(
                .gotIt, to: state, mode: .study, isRepeat: false, now: scheduler.dueDate(of: state!))
        }
        XCTAssertEqual(state?.box, 3, "the last box stays the last")
        // Answered on each due date: 2 January (to box 2), 5 January (to box 3), then 12, 19 and 26 January.
        XCTAssertEqual(state?.lastReview, Fixtures.date("2026-01-26 00:00"))
        XCTAssertEqual(scheduler.dueDate(of: state!), Fixtures.date("2026-02-02 00:00"))
        XCTAssertEqual(try LeitnerConfig.doubling(boxCount: 9, timeZone: Fixtures.utc()).intervals.last, 256)
        XCTAssertThrowsError(try LeitnerConfig.doubling(boxCount: 2))
        XCTAssertThrowsError(try LeitnerConfig(intervals: Array(repeating: 1, count: 10)))
        XCTAssertThrowsError(try LeitnerConfig(intervals: [1, 0, 2]))
        XCTAssertThrowsError(try LeitnerConfig(dayStartHour: 24))
        XCTAssertThrowsError(try LeitnerConfig(newCardsPerDay: -1))
    }

    func testStudyQueueOrderAndNewCardLimit() throws {
        let config = try LeitnerConfig(newCardsPerDay: 3, timeZone: Fixtures.utc())
        let scheduler = LeitnerScheduler(config: config)
        let now = Fixtures.date("2026-02-10 12:00")
        func reviewed(box: Int, _ at: String) -> CardState {
            CardState(
                box: box, lastReview: Fixtures.date(at), missed: false, firstReview: Fixtures.date("2026-01-01 12:00"))
        }
        let states: [CardState?] = [
            nil,  // 0 new
            reviewed(box: 2, "2026-02-01 12:00"),  // 1 due, box 2, due 02-03
            reviewed(box: 1, "2026-02-08 12:00"),  // 2 due, box 1, due 02-09
            reviewed(box: 1, "2026-02-05 12:00"),  // 3 due, box 1, due 02-06 (longer overdue)
            reviewed(box: 5, "2026-02-09 12:00"),  // 4 not due
            nil, nil, nil, nil,  // 5...8 new
        ]
        let queues = Fixtures.queues(scheduler, states, now: now)
        XCTAssertEqual(queues.study(range: 0..<9, newAllowance: 3), [3, 2, 1, 0, 5, 6])
        XCTAssertEqual(queues.study(range: 0..<9, newAllowance: 1), [3, 2, 1, 0])
        XCTAssertEqual(queues.study(range: 0..<9, newAllowance: 0), [3, 2, 1])
        XCTAssertEqual(queues.study(range: 4..<6, newAllowance: 3), [5])
        XCTAssertEqual(scheduler.nextDue(range: 0..<9, states: states, now: now), Fixtures.date("2026-02-25 04:00"))
    }

    func testNewCardsIntroducedCountsTodayOnly() {
        let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))
        let today = Fixtures.date("2026-02-10 05:00")
        let yesterday = Fixtures.date("2026-02-10 03:00")
        let states: [CardState?] = [
            CardState(box: 1, lastReview: today, missed: false, firstReview: today),
            CardState(box: 1, lastReview: yesterday, missed: false, firstReview: yesterday),
            nil,
        ]
        XCTAssertEqual(scheduler.newCardsIntroduced(states: states, now: Fixtures.date("2026-02-10 20:00")), 1)
    }

    func testCramAndMissedModesKeepBoxes() {
        let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))
        let t0 = Fixtures.date("2026-01-01 10:00")
        let t1 = Fixtures.date("2026-01-01 11:00")
        let state = CardState(box: 3, lastReview: t0, missed: false, firstReview: t0)
        let crammed = scheduler.apply(.missed, to: state, mode: .cram, isRepeat: false, now: t1)
        XCTAssertEqual(crammed?.box, 3)
        XCTAssertEqual(crammed?.lastReview, t0)
        XCTAssertEqual(crammed?.missed, true)
        XCTAssertNil(
            scheduler.apply(.gotIt, to: nil, mode: .cram, isRepeat: false, now: t1), "cram leaves new cards new")
        let stillMissed = scheduler.apply(.missed, to: crammed, mode: .missed, isRepeat: false, now: t1)
        XCTAssertEqual(stillMissed, crammed)
        let cleared = scheduler.apply(.gotIt, to: crammed, mode: .missed, isRepeat: true, now: t1)
        XCTAssertEqual(cleared?.missed, false)
        XCTAssertEqual(cleared?.box, 3)
        XCTAssertEqual(cleared?.lastReview, t0)
    }

    func testReplayOfLogEqualsAppliedState() {
        let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))
        var state: CardState?
        var log: [Review] = []
        let steps: [(Answer, StudyMode, Bool)] = [
            (.gotIt, .study, false), (.missed, .study, false), (.gotIt, .study, true),
            (.missed, .cram, false), (.gotIt, .missed, false), (.gotIt, .study, false),
        ]
        for (offset, step) in steps.enumerated() {
            let now = Fixtures.date("2026-01-0\(offset + 1) 10:00")
            let result = scheduler.review(
                deck: "d", key: "k", state: state, answer: step.0, mode: step.1, isRepeat: step.2, now: now)
            log.append(result.review)
            state = result.state
        }
        XCTAssertEqual(scheduler.replay(log), state)
        XCTAssertEqual(log.map(\.boxAfter), [1, 1, 1, 1, 1, 2])
    }
}
