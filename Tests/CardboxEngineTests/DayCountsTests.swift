import XCTest

@testable import CardboxEngine

/// The due days' counter gives what counting in a dictionary gives, inside its window and outside it.
final class DayCountsTests: XCTestCase {
    func testCountsEqualADictionarysOnBothSidesOfTheWindow() {
        let reach = DayCounts.reach
        let start = 20_000
        // The first day sets the window; then days inside it, at its edges, past them, and negative ones.
        var days = [start, start - reach, start - reach - 1, start + reach - 1, start + reach, -5, 0, start]
        for step in 0..<2_000 { days.append(start - 3 * reach + (step * 7_919) % (6 * reach)) }
        var counter = DayCounts()
        var expected: [Int: Int] = [:]
        for day in days {
            counter.add(day)
            expected[day, default: 0] += 1
        }
        XCTAssertEqual(counter.byDay, expected)
        XCTAssertEqual(DayCounts().byDay, [:])
    }
}
