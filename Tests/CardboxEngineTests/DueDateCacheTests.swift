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
                        XCTAssertEqual(
                            cache.dueStudyDay(of: state), scheduler.studyDay(of: scheduler.dueDate(of: state)),
                            "\(zone.identifier) \(date.timeIntervalSince1970) box \(box)")
                    }
                }
            }
        }
    }

    /// The offsets kept as spans between transitions are the zone's own, whatever order the instants
    /// come in: shuffled, ascending and descending, and from a cache that has seen other years first.
    func testOffsetsEqualTheZonesInAnyOrder() throws {
        var random = SplitMix(seed: 11)
        let zones = Self.zones + [TimeZone(secondsFromGMT: 19_800)!, TimeZone(identifier: "Europe/Moscow")!]
        for zone in zones {
            let scheduler = LeitnerScheduler(config: try LeitnerConfig(timeZone: zone))
            var dates = instants(in: zone)
            // Moscow's changes of standard time (2011, 2014) and an old one (1991), outside daylight saving.
            for base in [1_301_180_400.0, 1_414_274_400, 670_374_000] {
                for delta in stride(from: -7_200.0, through: 7_200, by: 599.5) {
                    dates.append(Date(timeIntervalSince1970: base + delta))
                }
            }
            var shuffled = dates
            for i in shuffled.indices.reversed() where i > 0 {
                shuffled.swapAt(i, Int(random.next() % UInt64(i + 1)))
            }
            for order in [shuffled, dates.sorted(), dates.sorted(by: >)] {
                var cache = DueDateCache(scheduler: scheduler, expectedStates: 64)
                for date in order {
                    XCTAssertEqual(
                        cache.offset(at: date), zone.secondsFromGMT(for: date),
                        "\(zone.identifier) \(date.timeIntervalSince1970)")
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

    /// Counted in several runs of cards on as many threads, the counts and due days are those of one run.
    func testCountsInPartsEqualCountsInOne() throws {
        let text = (0..<5).map { topic in
            "# Topic \(topic)\n"
                + (0..<3).map { sub in
                    "## Sub \(topic).\(sub)\n" + (0..<9).map { "Q: q \(topic) \(sub) \($0)\nA: a\n\n" }.joined()
                }.joined()
        }.joined()
        let deck = Fixtures.collection([("a.md", text), ("b.md", "# B\nQ: x\nA: y\n\nC: [a] [b] [c]")])
        var random = SplitMix(seed: 5)
        for zone in Self.zones {
            let scheduler = LeitnerScheduler(config: .standard(timeZone: zone))
            let now = Date(timeIntervalSince1970: 1_741_500_000 + Double(random.next() % 86_400))
            let states: [CardState?] = deck.cards.indices.map { _ in
                guard random.next() % 4 != 0 else { return nil }
                let last = now.addingTimeInterval(-Double(random.next() % (86_400 * 40)))
                return CardState(
                    box: Int(random.next() % 6), lastReview: last, missed: random.next() % 3 == 0, firstReview: last,
                    lapses: Int(random.next() % 12))
            }
            let rules = CountingRules(suspended: deck.cards.indices.map { _ in random.next() % 7 == 0 })
            var oneDays: [Int: Int]? = [:]
            let one = TopicCounts.all(
                collection: deck, states: states, scheduler: scheduler, now: now, rules: rules, dueDays: &oneDays,
                parts: 1)
            for parts in [2, 3, 7, deck.cards.count, deck.cards.count + 5] {
                var days: [Int: Int]? = [:]
                let counts = TopicCounts.all(
                    collection: deck, states: states, scheduler: scheduler, now: now, rules: rules, dueDays: &days,
                    parts: parts)
                XCTAssertEqual(counts, one, "\(zone.identifier) in \(parts) parts")
                XCTAssertEqual(days, oneDays, "\(zone.identifier) in \(parts) parts")
            }
            XCTAssertEqual(one[0].total, deck.cards.count)
        }
    }
}
