import CardboxEngine
import Foundation
import Synchronization
import XCTest

@testable import CardboxTUI

/// The first state's counts taken on another thread (`AppContext.countAhead`): the same counts as the
/// state counts itself, made at the time they were counted, and dropped when what they count changes.
final class StartCountsTests: XCTestCase {
    /// A clock that moves an hour at each reading, so that a state made at a later reading shows.
    private final class StepClock: Sendable {
        private let readings = Mutex(0)

        func now() -> Date {
            readings.withLock {
                $0 += 1
                return Fixtures.now + Fixtures.hours(Double($0))
            }
        }
    }

    /// Reviewed, new, due, missed, a leech and cards introduced today, two of them suspended.
    private func mixedContext(clock: StepClock) -> AppContext {
        let cards = Fixtures.sample.cards.count
        let states: [CardState?] = (0..<cards).map { index in
            let time = Fixtures.now - Fixtures.hours(Double(index * 20))
            switch index % 4 {
            case 0: return nil
            case 1: return CardState(box: 1 + index % 5, lastReview: time, missed: false, firstReview: time)
            case 2: return CardState(box: 2, lastReview: time, missed: true, firstReview: time - 9_000, lapses: 9)
            default: return CardState(box: 5, lastReview: time, missed: false, firstReview: time - 90_000)
            }
        }
        let suspended = (0..<cards).map { $0 == 1 || $0 == 4 }
        return AppContext(
            collection: Fixtures.sample, states: states, scheduler: Fixtures.scheduler, now: { clock.now() },
            suspended: suspended)
    }

    private func assertSameCounts(
        _ state: AppState, _ expected: AppState, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(state.counts, expected.counts, file: file, line: line)
        XCTAssertEqual(state.dueDays, expected.dueDays, file: file, line: line)
        XCTAssertEqual(state.newIntroducedToday, expected.newIntroducedToday, file: file, line: line)
        XCTAssertEqual(state.countsTime, expected.countsTime, file: file, line: line)
    }

    func testCountedAheadTheFirstStateHasTheCountsItWouldCountAtTheTimeTheyWereCounted() throws {
        let clock = StepClock()
        var context = mixedContext(clock: clock)
        context.countAhead()
        let counted = try XCTUnwrap(context.startCounts)
        // The clock moves on meanwhile: the state is made at the counts' time, not at a later reading.
        _ = clock.now()
        let state = context.initialState(width: 100, height: 30)
        XCTAssertEqual(state.now, counted.now)
        let expected = AppState(
            collection: context.collection, states: context.states, scheduler: context.scheduler, now: counted.now,
            width: 100, height: 30, suspended: context.suspended)
        assertSameCounts(state, expected)
        XCTAssertGreaterThan(state.counts[0].due, 0)
        XCTAssertGreaterThan(state.counts[0].suspended, 0)
        XCTAssertGreaterThan(state.counts[0].leeches, 0)
        XCTAssertFalse(state.dueDays.isEmpty)

        // From a few thousand cards they are counted in two halves: the same counts.
        let rules = CountingRules(suspended: context.suspended, leechThreshold: context.rules.leech.threshold)
        for parts in [2, 3] {
            let halves = AppState.count(
                collection: context.collection, states: context.states, scheduler: context.scheduler,
                now: counted.now, rules: rules, parts: parts)
            XCTAssertEqual(halves.counts, state.counts)
            XCTAssertEqual(halves.dueDays, state.dueDays)
            XCTAssertEqual(halves.newIntroducedToday, state.newIntroducedToday)
        }
    }

    func testChangingWhatIsCountedDropsTheCountsAndTheStateCountsItself() {
        let clock = StepClock()
        var context = mixedContext(clock: clock)
        context.countAhead()
        context.states = Array(repeating: nil, count: context.collection.cards.count)
        XCTAssertNil(context.startCounts)
        let state = context.initialState(width: 100, height: 30)
        XCTAssertEqual(state.counts[0].new, context.collection.cards.count - 2, "all new but the suspended two")
        XCTAssertEqual(state.counts[0].due, 0)

        for change in [
            { (context: inout AppContext) in context.suspended = [] },
            { (context: inout AppContext) in context.rules.leech = LeechRule(threshold: 1, action: .flag) },
            { (context: inout AppContext) in context.collection = Fixtures.sample },
        ] {
            var changed = mixedContext(clock: clock)
            changed.countAhead()
            change(&changed)
            XCTAssertNil(changed.startCounts)
            let state = changed.initialState(width: 100, height: 30)
            let expected = AppState(
                collection: changed.collection, states: changed.states, scheduler: changed.scheduler,
                now: state.now, width: 100, height: 30, suspended: changed.suspended, rules: changed.rules)
            assertSameCounts(state, expected)
        }
    }

    func testCountsForOtherCardsOrAnotherTimeAreNotTaken() {
        let clock = StepClock()
        var context = mixedContext(clock: clock)
        context.countAhead()
        guard let counts = context.startCounts else { return XCTFail("nothing counted") }
        let states = context.states
        let suspended = context.suspended
        XCTAssertNotNil(
            counts.counted(
                collection: Fixtures.sample, states: states, suspended: suspended, leechThreshold: 8, now: counts.now))
        XCTAssertNil(
            counts.counted(
                collection: Fixtures.sample, states: states, suspended: suspended, leechThreshold: 8,
                now: counts.now + 1))
        XCTAssertNil(
            counts.counted(
                collection: Fixtures.sample, states: states, suspended: [], leechThreshold: 8, now: counts.now))
        XCTAssertNil(
            counts.counted(
                collection: Fixtures.sample, states: Array(states.dropLast()), suspended: suspended,
                leechThreshold: 8, now: counts.now))
        XCTAssertNil(
            counts.counted(
                collection: Fixtures.sample, states: states, suspended: suspended, leechThreshold: 3, now: counts.now))
    }
}
