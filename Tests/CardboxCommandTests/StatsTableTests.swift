import CardboxEngine
import Foundation
import XCTest

@testable import cardbox

/// The text table `cardbox stats` prints under its topics.
final class StatsTableTests: XCTestCase {
    func testTheReviewCountUnderTheTableAgreesInNumber() {
        let deck = CollectionBuilder.build(files: [DeckParser.parse(text: "# A\nQ: one\nA: 1\n", path: "d.md")])
        let scheduler = LeitnerScheduler(config: .standard(timeZone: TimeZone(identifier: "UTC")!))
        let now = Date(timeIntervalSince1970: 1_772_000_000)
        func lastLine(reviews: Int) -> String? {
            StatsReport(collection: deck, states: [nil], scheduler: scheduler, reviews: reviews, now: now)
                .table(scopeName: nil).split(separator: "\n").last.map(String.init)
        }
        XCTAssertEqual(lastLine(reviews: 0), "0 reviews logged")
        XCTAssertEqual(lastLine(reviews: 1), "1 review logged")
        XCTAssertEqual(lastLine(reviews: 2), "2 reviews logged")
    }
}
