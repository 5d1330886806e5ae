import CardboxEngine
import Foundation
import XCTest

final class StatsReportTests: XCTestCase {
    func testJSONShapeForEmptyAndUsedProgress() throws {
        let deck = Fixtures.collection("# A\n## A1\nQ: one\nA: 1\n\nQ: two\nA: 2\n# B\nC: [x] y")
        let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))
        let now = Fixtures.date("2026-01-05 10:00")
        let empty = try decode(
            StatsReport(collection: deck, states: [nil, nil, nil], scheduler: scheduler, reviews: 0, now: now).json())
        XCTAssertEqual(empty["cards"] as? Int, 3)
        XCTAssertEqual(empty["new"] as? Int, 3)
        XCTAssertEqual(empty["boxes"] as? [Int], [0, 0, 0, 0, 0])
        XCTAssertEqual(empty["due"] as? Int, 0)
        XCTAssertEqual(empty["reviews"] as? Int, 0)

        let old = Fixtures.date("2026-01-01 10:00")
        let states: [CardState?] = [
            CardState(box: 1, lastReview: old, missed: true, firstReview: old),
            CardState(box: 3, lastReview: now, missed: false, firstReview: old),
            nil,
        ]
        let used = try decode(
            StatsReport(collection: deck, states: states, scheduler: scheduler, reviews: 7, now: now).json())
        XCTAssertEqual(used["boxes"] as? [Int], [1, 0, 1, 0, 0])
        XCTAssertEqual(used["due"] as? Int, 1)
        XCTAssertEqual(used["missed"] as? Int, 1)
        XCTAssertEqual(used["reviews"] as? Int, 7)
        let topics = try XCTUnwrap(used["topics"] as? [[String: Any]])
        XCTAssertEqual(
            topics.map { $0["path"] as? [String] ?? [] },
            [["deck"], ["deck", "A"], ["deck", "A", "A1"], ["deck", "B"]])
        XCTAssertEqual(topics[2]["cards"] as? Int, 2)
        XCTAssertEqual(topics[2]["due"] as? Int, 1)
        XCTAssertEqual(topics[3]["new"] as? Int, 1)
        XCTAssertEqual(
            Set(topics[0].keys), ["path", "cards", "new", "boxes", "due", "missed", "suspended", "leeches"])
        XCTAssertEqual(used["suspended"] as? Int, 0)
        XCTAssertEqual(used["leeches"] as? Int, 0)
        var leech = states
        leech[0]?.lapses = 8
        let flagged = try decode(
            StatsReport(
                collection: deck, states: leech, scheduler: scheduler, reviews: 7, now: now,
                rules: CountingRules(suspended: [false, true, true], leechThreshold: 8)
            ).json())
        XCTAssertEqual(flagged["suspended"] as? Int, 2)
        XCTAssertEqual(flagged["leeches"] as? Int, 1)
        XCTAssertEqual(flagged["new"] as? Int, 0, "a suspended new card is not new work")
        XCTAssertEqual(flagged["due"] as? Int, 1, "the leech is still due; the suspended card is not")
    }

    private func decode(_ json: String) throws -> [String: Any] {
        XCTAssertFalse(json.contains("\n"), "one line")
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }
}
