import CardboxEngine
import Foundation
import XCTest

/// Queue order, shuffles seeded by the study day, siblings, study ahead and suspended cards.
final class StudyQueueTests: XCTestCase {
    private let scheduler = LeitnerScheduler(
        config: try! LeitnerConfig(intervals: [1, 2, 4, 8, 16], dayStartHour: 4, timeZone: Fixtures.utc()))
    private let now = Fixtures.date("2026-05-10 12:00")

    /// `count` basic cards, then one cloze with three gaps (the last three cards).
    private func deck(basic count: Int) -> CardCollection {
        var text = "# T\n"
        for index in 0..<count { text += "Q: question \(index)?\nA: answer\n\n" }
        text += "C: [one] then [two] then [three]\n"
        return Fixtures.collection(text)
    }

    /// A state last reviewed `daysAgo` study days ago in `box`.
    private func state(box: Int, daysAgo: Int, missed: Bool = false) -> CardState {
        let time = now.addingTimeInterval(-Double(daysAgo) * 86_400)
        return CardState(box: box, lastReview: time, missed: missed, firstReview: time)
    }

    private func queue(
        _ collection: CardCollection, _ states: [CardState?], suspended: [Bool] = [], at time: Date? = nil
    )
        -> StudyQueue
    {
        StudyQueue(
            scheduler: scheduler, cards: collection.cards, states: states, suspended: suspended, now: time ?? now)
    }

    func testDueCardsLowestBoxFirstThenMostOverdueThenTheDaysShuffle() {
        let collection = deck(basic: 40)
        var states = [CardState?](repeating: nil, count: collection.cards.count)
        states[0] = state(box: 3, daysAgo: 4)  // due today
        states[1] = state(box: 1, daysAgo: 1)  // due today
        states[2] = state(box: 1, daysAgo: 5)  // 4 days overdue
        for index in 3..<40 { states[index] = state(box: 2, daysAgo: 3) }  // 1 day overdue, all tied
        let order = queue(collection, states).study(range: 0..<40, newAllowance: 0)
        XCTAssertEqual(Array(order.prefix(2)), [2, 1], "box 1 first, the more overdue before the other")
        XCTAssertEqual(order.last, 0, "box 3 after every box-2 card")
        let ties = Array(order[2..<39])
        XCTAssertEqual(Set(ties), Set(3..<40))
        XCTAssertNotEqual(ties, Array(3..<40), "ties are shuffled, not left in deck order")
        XCTAssertEqual(
            queue(collection, states, at: now.addingTimeInterval(3_600)).study(range: 0..<40, newAllowance: 0), order,
            "the same study day gives the same order")
        let tomorrow = queue(collection, states, at: now.addingTimeInterval(86_400)).study(
            range: 0..<40, newAllowance: 0)
        XCTAssertNotEqual(Array(tomorrow[2..<39]), ties, "another day, another shuffle")
    }

    func testNewCardsInDeckOrderOrShuffledWithinTheAllowance() {
        let collection = deck(basic: 30)
        let states = [CardState?](repeating: nil, count: collection.cards.count)
        let study = queue(collection, states)
        XCTAssertEqual(study.study(range: 0..<30, newAllowance: 5), [0, 1, 2, 3, 4])
        let random = study.study(range: 0..<30, newAllowance: 30, newOrder: .random)
        XCTAssertEqual(Set(random), Set(0..<30))
        XCTAssertNotEqual(random, Array(0..<30))
        XCTAssertEqual(study.study(range: 0..<30, newAllowance: 30, newOrder: .random), random)
        XCTAssertEqual(study.study(range: 0..<30, newAllowance: 0), [])
    }

    func testClozeSiblingsAreNotAskedOnTheSameDay() {
        let collection = deck(basic: 2)
        let gaps = 2..<5
        XCTAssertEqual(collection.cards.count, 5)
        var states = [CardState?](repeating: nil, count: 5)
        let fresh = queue(collection, states).study(range: 0..<5, newAllowance: 20)
        XCTAssertEqual(fresh, [0, 1, 2], "one gap of a new cloze a day")
        // The first gap answered today: the other two wait for tomorrow.
        states[2] = CardState(box: 1, lastReview: now, missed: false, firstReview: now)
        XCTAssertEqual(queue(collection, states).study(range: gaps, newAllowance: 20), [])
        let tomorrow = now.addingTimeInterval(86_400)
        XCTAssertEqual(
            queue(collection, states, at: tomorrow).study(range: gaps, newAllowance: 20), [2],
            "tomorrow the due gap comes first and still holds its siblings back")
        XCTAssertEqual(queue(collection, states, at: tomorrow).study(range: gaps, newAllowance: 0), [2])
        // Two gaps due on the same day: one of them.
        states[3] = states[2]
        XCTAssertEqual(queue(collection, states, at: tomorrow).study(range: gaps, newAllowance: 0).count, 1)
        // Cram ignores siblings and dates.
        XCTAssertEqual(Set(queue(collection, states).cram(range: gaps)), Set(gaps))
    }

    func testTheTwoDirectionsOfAReverseCardAreNotAskedOnTheSameDay() {
        let collection = Fixtures.collection("# T\nR: one\nA: uno\n\nR: two\nA: dos\n\nQ: three\nA: tres\n")
        XCTAssertEqual(collection.cards.count, 5)
        var states = [CardState?](repeating: nil, count: 5)
        let fresh = queue(collection, states).study(range: 0..<5, newAllowance: 20)
        XCTAssertEqual(fresh.count, 3, "one direction of each reverse card, and the plain card")
        XCTAssertEqual(Set(fresh.map { collection.cards[$0].family }).count, 3)
        // One direction answered today: the other waits for tomorrow.
        let first = fresh[0]
        states[first] = CardState(box: 1, lastReview: now, missed: false, firstReview: now)
        let sibling = (0..<5).first { $0 != first && collection.cards[$0].family == collection.cards[first].family }!
        XCTAssertFalse(queue(collection, states).study(range: 0..<5, newAllowance: 20).contains(sibling))
        // Tomorrow the answered direction is due and still holds its sibling back: one card a family.
        let tomorrow = queue(collection, states, at: now.addingTimeInterval(86_400)).study(
            range: 0..<5, newAllowance: 20)
        XCTAssertTrue(tomorrow.contains(first))
        XCTAssertFalse(tomorrow.contains(sibling))
    }

    func testStudyAheadTakesCardsDueWithinTheDaysSoonestFirst() {
        let collection = deck(basic: 6)
        var states = [CardState?](repeating: nil, count: collection.cards.count)
        states[0] = state(box: 5, daysAgo: 0)  // due in 16 days: beyond 7
        states[1] = state(box: 3, daysAgo: 0)  // due in 4 days
        states[2] = state(box: 1, daysAgo: 0)  // due tomorrow
        states[3] = state(box: 1, daysAgo: 2)  // due now: study, not ahead
        states[4] = state(box: 4, daysAgo: 1)  // due in 7 days
        let ahead = queue(collection, states)
        XCTAssertEqual(ahead.ahead(range: 0..<6, days: 7), [2, 1, 4])
        XCTAssertEqual(ahead.ahead(range: 0..<6, days: 3), [2])
        XCTAssertEqual(ahead.ahead(range: 0..<6, days: 0), [])
    }

    func testSuspendedCardsAreInNoQueue() {
        let collection = deck(basic: 4)
        var states = [CardState?](repeating: nil, count: collection.cards.count)
        states[0] = state(box: 1, daysAgo: 3, missed: true)
        states[1] = state(box: 1, daysAgo: 0)
        var suspended = [Bool](repeating: false, count: collection.cards.count)
        suspended[0] = true
        suspended[1] = true
        suspended[2] = true
        let all = 0..<collection.cards.count
        let study = queue(collection, states, suspended: suspended)
        XCTAssertEqual(study.study(range: all, newAllowance: 20), [3, 4])
        XCTAssertEqual(study.ahead(range: all, days: 7), [])
        XCTAssertEqual(study.missed(range: all), [])
        XCTAssertEqual(Set(study.cram(range: all)), [3, 4, 5, 6])
        XCTAssertEqual(queue(collection, states).missed(range: all), [0])
    }

    func testMissedReviewAndCramAreShuffledWithTheDaysSeed() {
        let collection = deck(basic: 30)
        let states = (0..<collection.cards.count).map { _ in state(box: 2, daysAgo: 0, missed: true) as CardState? }
        let study = queue(collection, states)
        let missed = study.missed(range: 0..<30)
        XCTAssertEqual(Set(missed), Set(0..<30))
        XCTAssertNotEqual(missed, Array(0..<30))
        XCTAssertEqual(study.missed(range: 0..<30), missed)
        XCTAssertNotEqual(study.cram(range: 0..<30), Array(0..<30))
    }
}
