import CardboxEngine
import Foundation
import XCTest

/// The hand-written ISO 8601 reader agrees with Foundation's formatter and refuses what it should.
final class ZonedTimeTests: XCTestCase {
    func testAgreesWithTheFormatterOnManyTimes() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let instant = Date(
                timeIntervalSince1970: Double(Int64.random(in: -2_000_000_000...4_000_000_000, using: &random)))
            let offsetMinutes = [0, 60, -300, 330, 570, -570, 765, -720].randomElement(using: &random)!
            formatter.timeZone = TimeZone(secondsFromGMT: offsetMinutes * 60)
            let text = formatter.string(from: instant)
            XCTAssertEqual(ZonedTime.parse(text), instant, text)
        }
    }

    func testFractionsOffsetsAndLeapDays() {
        XCTAssertEqual(ZonedTime.parse("1970-01-01T00:00:00Z"), Date(timeIntervalSince1970: 0))
        XCTAssertEqual(ZonedTime.parse("1970-01-01T00:00:00.250Z")!.timeIntervalSince1970, 0.25, accuracy: 1e-9)
        XCTAssertEqual(ZonedTime.parse("1970-01-01T09:30:00+09:30"), Date(timeIntervalSince1970: 0))
        XCTAssertEqual(ZonedTime.parse("1969-12-31T19:00:00-05:00"), Date(timeIntervalSince1970: 0))
        XCTAssertEqual(ZonedTime.parse("2024-02-29T12:00:00Z"), Date(timeIntervalSince1970: 1_709_208_000))
    }

    func testOtherFormsAreLeftToTheFormatters() {
        for text in [
            "2026-03-01", "2026-03-01T09:00", "2026-03-01T09:00:00", "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z", "2026-03-01T24:00:00Z", "2026-03-01T09:00:00+0900", "2026-03-01T09:00:00Zjunk",
            "2026-03-01T09:00:00.Z", "", "tomorrow", "2026-03-01T09:00:00+09:60",
        ] {
            XCTAssertNil(ZonedTime.parse(text), text)
        }
    }
}
