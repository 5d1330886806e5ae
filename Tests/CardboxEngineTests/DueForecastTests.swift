import CardboxEngine
import Foundation
import XCTest

/// The due forecast: overdue counted today, study days by the roll-over, suspended and new cards left out.
final class DueForecastTests: XCTestCase {
    func testCountsPerStudyDayWithOverdueOnToday() throws {
        let scheduler = LeitnerScheduler(
            config: try LeitnerConfig(intervals: [1, 2, 4, 8, 16], dayStartHour: 4, timeZone: Fixtures.utc()))
        let now = Fixtures.date("2026-05-10 12:00")
        func reviewed(_ text: String, box: Int) -> CardState {
            CardState(box: box, lastReview: Fixtures.date(text), missed: false, firstReview: Fixtures.date(text))
        }
        let states: [CardState?] = [
            reviewed("2026-05-01 10:00", box: 1),  // due 2 May: overdue, today
            reviewed("2026-05-09 10:00", box: 1),  // due 10 May 04:00: today
            reviewed("2026-05-10 10:00", box: 1),  // due tomorrow
            reviewed("2026-05-11 03:00", box: 1),  // 03:00 belongs to the 10th's study day: tomorrow
            reviewed("2026-05-10 10:00", box: 3),  // in 4 days
            reviewed("2026-05-10 10:00", box: 5),  // in 16 days
            nil,  // new
            reviewed("2026-05-10 10:00", box: 1),  // suspended
        ]
        let suspended = [false, false, false, false, false, false, false, true]
        let forecast = DueForecast(
            scheduler: scheduler, states: states, suspended: suspended, range: 0..<8, now: now, days: 30)
        XCTAssertEqual(forecast.due.count, 30)
        XCTAssertEqual(forecast.due[0], 2)
        XCTAssertEqual(forecast.tomorrow, 2)
        XCTAssertEqual(forecast.due[4], 1)
        XCTAssertEqual(forecast.due[16], 1)
        XCTAssertEqual(forecast.nextSevenDays, 3)
        XCTAssertEqual(forecast.due.reduce(0, +), 6)
        XCTAssertEqual(
            DueForecast(scheduler: scheduler, states: states, suspended: [], range: 0..<8, now: now, days: 7).due,
            [2, 3, 0, 0, 1, 0, 0], "beyond the last day nothing is counted")
    }
}
