import CardboxEngine
import XCTest

final class TopicCountsTests: XCTestCase {
    /// Adjusting one card at a time gives exactly what a full recount gives, through answers and undos.
    func testIncrementalAdjustEqualsFullRecount() {
        let deck = Fixtures.collection(
            """
            # A
            ## A1
            Q: a1
            A: 1

            Q: a2
            A: 2
            ## A2
            C: [x] and [y] and [z]
            # B
            Q: b1
            A: 1

            Q: b2
            A: 2
            """)
        let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))
        let start = Fixtures.date("2026-01-01 10:00")
        var states = [CardState?](repeating: nil, count: deck.cards.count)
        var generator = SystemRandomNumberGenerator()
        for day in 0..<30 {
            let now = start.addingTimeInterval(Double(day) * 86_400)
            var counts = TopicCounts.all(collection: deck, states: states, scheduler: scheduler, now: now)
            let queue = Fixtures.queues(scheduler, states, now: now, deck: deck)
                .study(range: 0..<deck.cards.count, newAllowance: scheduler.config.newCardsPerDay)
            var session = StudySession(mode: day % 5 == 4 ? .cram : .study, topic: 0, queue: queue)
            var steps = 0
            while let card = session.current, steps < 20 {
                let before = states[card]
                let answer: Answer = Bool.random(using: &generator) ? .gotIt : .missed
                _ = session.answer(answer, collection: deck, states: &states, scheduler: scheduler, now: now)
                TopicCounts.adjust(
                    &counts, collection: deck, states: states, card: card, from: before, scheduler: scheduler, now: now)
                XCTAssertEqual(
                    counts, TopicCounts.all(collection: deck, states: states, scheduler: scheduler, now: now))
                if Int.random(in: 0..<4, using: &generator) == 0, let undone = session.lastAnsweredCard {
                    let undoBefore = states[undone]
                    _ = session.undo(states: &states)
                    TopicCounts.adjust(
                        &counts, collection: deck, states: states, card: undone, from: undoBefore,
                        scheduler: scheduler, now: now)
                    XCTAssertEqual(
                        counts, TopicCounts.all(collection: deck, states: states, scheduler: scheduler, now: now))
                }
                steps += 1
            }
        }
    }

    /// Counting with the due days gives the same counts, and the days `DueForecast.dueDays` counts in
    /// a pass of its own: suspended and new cards left out, in zones with daylight-saving changes.
    func testDueDaysCountedWithTheCountsAreTheForecastsDays() throws {
        let deck = Fixtures.collection(
            (0..<60).map { "# T\($0 % 4)\nQ: question \($0)\nA: \($0)\n" }.joined(separator: "\n"))
        let start = Fixtures.date("2026-03-01 10:00")
        for zone in ["UTC", "America/New_York", "Australia/Lord_Howe"] {
            let scheduler = LeitnerScheduler(config: .standard(timeZone: try XCTUnwrap(TimeZone(identifier: zone))))
            let states: [CardState?] = deck.cards.indices.map { index in
                index % 7 == 0
                    ? nil
                    : CardState(
                        box: index % 5 + 1, lastReview: start.addingTimeInterval(Double(index) * 37_000),
                        missed: index % 3 == 0, firstReview: start)
            }
            let suspended = deck.cards.indices.map { $0 % 11 == 0 }
            let now = start.addingTimeInterval(40 * 86_400)
            let rules = CountingRules(suspended: suspended)
            var dueDays: [Int: Int] = [:]
            let counts = TopicCounts.all(
                collection: deck, states: states, scheduler: scheduler, now: now, rules: rules, dueDays: &dueDays)
            XCTAssertEqual(
                counts, TopicCounts.all(collection: deck, states: states, scheduler: scheduler, now: now, rules: rules))
            XCTAssertEqual(
                dueDays, DueForecast.dueDays(scheduler: scheduler, states: states, suspended: suspended), zone)
            XCTAssertGreaterThan(dueDays.count, 5)
        }
    }

    func testNextDueIsTheEarliestFutureDueDate() {
        let deck = Fixtures.collection("Q: a\nA: 1\n\nQ: b\nA: 2\n\nQ: c\nA: 3")
        let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))
        let now = Fixtures.date("2026-01-10 12:00")
        let states: [CardState?] = [
            CardState(box: 3, lastReview: Fixtures.date("2026-01-09 12:00"), missed: false, firstReview: now),
            CardState(box: 1, lastReview: Fixtures.date("2026-01-10 11:00"), missed: false, firstReview: now),
            CardState(box: 1, lastReview: Fixtures.date("2026-01-01 11:00"), missed: false, firstReview: now),
        ]
        let counts = TopicCounts.all(collection: deck, states: states, scheduler: scheduler, now: now)
        XCTAssertEqual(counts[0].nextDue, Fixtures.date("2026-01-11 04:00"))
        XCTAssertEqual(counts[0].due, 1)
    }
}
