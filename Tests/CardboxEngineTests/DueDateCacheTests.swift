import CardboxTestSupport
import Foundation
import XCTest

@testable import CardboxEngine

/// The cached due dates are the scheduler's own, in zones with daylight saving, half-hour shifts and a
/// skipped day, right at and around the instants the offset changes; and the counts built from them
/// equal a plain recount.
final class DueDateCacheTests: XCTestCase {
    static let zones = [
        "UTC", "America/New_York", "Asia/Tokyo", "Australia/Lord_Howe", "Pacific/Apia", "Asia/Kathmandu",
        "Europe/Berlin", "Pacific/Chatham",
    ].compactMap(TimeZone.init(identifier:))

    /// Instants spread over years, bunched into the same hours (as study sessions are), and on and
    /// next to every offset change of 2010 to 2030.
    private func instants(in zone: TimeZone) -> [Date] {
        var random = SplitMix(seed: 7)
        var dates: [Date] = []
        for _ in 0..<3_000 {
            let hour = Double(random.next() % (24 * 365 * 20)) * 3_600 + 1_262_304_000  // from 2010
            dates.append(Date(timeIntervalSince1970: hour + Double(random.next() % 3_600_000) / 1_000))
        }
        var transition = zone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: 1_262_304_000))
        while let change = transition, change.timeIntervalSince1970 < 1_893_456_000 {
            for delta in [-3_600.0, -1, -0.001, 0, 0.001, 1, 1_799, 3_599.999, 3_600] {
                dates.append(change.addingTimeInterval(delta))
            }
            transition = zone.nextDaylightSavingTimeTransition(after: change)
        }
        // Samoa skipped 30 December 2011.
        for minute in stride(from: -3_000.0, to: 3_000, by: 7) {
            dates.append(Date(timeIntervalSince1970: 1_325_239_200 + minute * 60))
        }
        return dates
    }

    func testCachedDueDatesEqualTheSchedulersInEveryZone() throws {
        for zone in Self.zones {
            for dayStartHour in [0, 4] {
                let scheduler = LeitnerScheduler(config: try LeitnerConfig(dayStartHour: dayStartHour, timeZone: zone))
                // A small cache, so slots are reused as well as hit.
                var cache = DueDateCache(scheduler: scheduler, expectedStates: 64)
                for date in instants(in: zone) {
                    for box in 1...5 {
                        let state = CardState(box: box, lastReview: date, missed: false, firstReview: date)
                        XCTAssertEqual(
                            cache.dueDate(of: state), scheduler.dueDate(of: state),
                            "\(zone.identifier) \(date.timeIntervalSince1970) box \(box)")
                    }
                }
            }
        }
    }

    func testCountsEqualAPlainRecount() throws {
        let text = (0..<6).map { topic in
            "# Topic \(topic)\n"
                + (0..<4).map { sub in
                    "## Sub \(topic).\(sub)\n" + (0..<8).map { "Q: q \(topic) \(sub) \($0)\nA: a\n\n" }.joined()
                }.joined()
        }.joined()
        let deck = Fixtures.collection([("a.md", text), ("b.md", "---\ntitle: Other\n---\nQ: x\nA: y\n\nC: [a] [b]")])
        var random = SplitMix(seed: 3)
        for zone in Self.zones {
            let scheduler = LeitnerScheduler(config: .standard(timeZone: zone))
            // around a DST change
            let now = Date(timeIntervalSince1970: 1_741_500_000 + Double(random.next() % 86_400))
            let states: [CardState?] = deck.cards.indices.map { _ in
                guard random.next() % 4 != 0 else { return nil }
                let last = now.addingTimeInterval(-Double(random.next() % (86_400 * 20)))
                return CardState(
                    box: Int(random.next() % 6), lastReview: last, missed: random.next() % 3 == 0, firstReview: last)
            }
            let counts = TopicCounts.all(collection: deck, states: states, scheduler: scheduler, now: now)
            XCTAssertEqual(counts.count, deck.nodes.count)
            for node in deck.nodes {
                var expected = TopicCounts(boxCount: scheduler.config.boxCount)
                for index in node.cardRange {
                    expected.count(states[index], suspended: false, leechThreshold: 8, scheduler: scheduler, now: now)
                }
                XCTAssertEqual(counts[node.id], expected, "\(zone.identifier) node \(node.id)")
                XCTAssertEqual(expected.nextDue, scheduler.nextDue(range: node.cardRange, states: states, now: now))
            }
        }
    }
}
