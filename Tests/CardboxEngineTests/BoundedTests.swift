import CardboxEngine
import Foundation
import XCTest

/// Numbers from flags and files are checked by one constructor before any arithmetic sees them.
final class BoundedTests: XCTestCase {
    func testSchedulerSettingsAreBounded() {
        XCTAssertThrowsError(try LeitnerConfig(intervals: [Int.max, 2, 4])) {
            XCTAssertEqual($0 as? LeitnerConfig.ValidationError, .interval(Int.max))
        }
        XCTAssertThrowsError(try LeitnerConfig(intervals: [1, 2, 3651]))
        XCTAssertThrowsError(try LeitnerConfig(newCardsPerDay: 10_001))
        XCTAssertThrowsError(try LeitnerConfig(dayStartHour: 24))
        XCTAssertNoThrow(try LeitnerConfig(intervals: [1, 3650, 3650], dayStartHour: 23, newCardsPerDay: 10_000))
    }

    func testLargestIntervalsDoNotOverflowTheScheduler() throws {
        let config = try LeitnerConfig(intervals: [3650, 3650, 3650], timeZone: TimeZone(identifier: "UTC")!)
        let scheduler = LeitnerScheduler(config: config)
        let state = CardState(
            box: 3, lastReview: Date(timeIntervalSince1970: 253_000_000_000), missed: false,
            firstReview: Date(timeIntervalSince1970: 0))
        XCTAssertGreaterThan(scheduler.dueDate(of: state), state.lastReview)
    }

    func testIntegersFromText() throws {
        XCTAssertEqual(try Bounded.integer(" 42 ", named: "n", in: 0...100), 42)
        XCTAssertThrowsError(try Bounded.integer("9223372036854775807", named: "--intervals: interval", in: 1...3650)) {
            XCTAssertEqual("\($0)", "--intervals: interval 9223372036854775807 is not from 1 to 3650")
        }
        XCTAssertThrowsError(try Bounded.integer("100000000000000000000", named: "n", in: 0...1)) {
            XCTAssertEqual("\($0)", "n '100000000000000000000' is not a whole number from 0 to 1")
        }
    }

    func testDoublesNeverTrap() {
        for value in [Double.infinity, -.infinity, .nan, 1e300, 9.3e18, 2.5] {
            XCTAssertThrowsError(try Bounded.integer(value, named: "box", in: 1...9), "\(value)")
        }
        XCTAssertEqual(try Bounded.integer(3.0, named: "box", in: 1...9), 3)
        for value in [Double.infinity, .nan, 1e300, -1e300] {
            XCTAssertThrowsError(try Bounded.instant(value, named: "last_review"), "\(value)")
        }
        XCTAssertEqual(try Bounded.instant(0, named: "t"), Date(timeIntervalSince1970: 0))
    }
}
