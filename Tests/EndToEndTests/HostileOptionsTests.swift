import Foundation
import XCTest

/// Numbers and times given on the command line are checked before anything uses them: a value out
/// of range is one clear line and exit status 64, never a trap.
final class HostileOptionsTests: XCTestCase {
    private var folder: URL!
    private var deck: String!
    private var progress: String!

    override func setUpWithError() throws {
        folder = try BinaryRunner.temporaryFolder(self)
        deck = folder.appendingPathComponent("d.md").path
        progress = folder.appendingPathComponent("p.sqlite").path
        try "# T\nQ: one\nA: 1\n".write(toFile: deck, atomically: true, encoding: .utf8)
    }

    private func run(_ arguments: [String]) throws -> BinaryRunner.Result {
        try BinaryRunner.run(arguments + ["--content", deck, "--progress", progress])
    }

    func testHugeIntervalsAreRefusedByEveryCommand() throws {
        for command in [["stats"], ["render"], ["check"], []] {
            for intervals in ["9223372036854775807,2,4", "100000000000000000,2,4", "1,2,3651"] {
                let result = try run(command + ["--intervals", intervals, "--now", "2026-03-01T09:00:00Z"])
                XCTAssertEqual(result.status, 64, "\(command) \(intervals): \(result.stderr)")
                XCTAssertTrue(
                    result.stderr.contains("is not from 1 to 3650 days"), "\(command) \(intervals): \(result.stderr)")
            }
        }
    }

    func testOtherSchedulerOptionsAreBounded() throws {
        let cases: [([String], String)] = [
            (["--new-per-day", "10001"], "--new-per-day 10001 is not from 0 to 10000"),
            (["--new-per-day=-1"], "--new-per-day -1 is not from 0 to 10000"),
            // A negative number after a space is the option's value, not an option of its own.
            (["--new-per-day", "-1"], "--new-per-day -1 is not from 0 to 10000"),
            (["--day-start", "-3"], "--day-start -3 is not from 0 to 23"),
            (["--intervals", "-1,2,3"], "is not from 1 to 3650 days"),
            (["--day-start", "24"], "--day-start 24 is not from 0 to 23"),
            (["--day-start", "99999999999999999999"], "is not a whole number from 0 to 23"),
            (["--intervals", "1,2"], "must list 3 to 9 boxes"),
        ]
        for (options, message) in cases {
            let result = try run(["stats"] + options)
            XCTAssertEqual(result.status, 64, "\(options): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(message), "\(options): \(result.stderr)")
        }
        XCTAssertEqual(try run(["stats", "--new-per-day", "10000", "--day-start", "23"]).status, 0)
    }

    func testRenderRefusesBadKeysAndSizesWithItsOwnUsage() throws {
        for (options, message) in [
            (["--keys", "<Foo>"], "unknown key name <Foo>"), (["--size", "99999x99999"], "each 1 to 1000"),
            (["--size", "abc"], "--size 'abc' must be WIDTHxHEIGHT"),
            // A screen without a row or a column has nothing to print: refused, not an empty line.
            (["--size", "0x0"], "--size '0x0' must be WIDTHxHEIGHT, each 1 to 1000"),
            (["--size", "0x30"], "each 1 to 1000"), (["--size", "100x0"], "each 1 to 1000"),
        ] {
            let result = try run(["render"] + options)
            XCTAssertEqual(result.status, 64, "\(options): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(message), "\(options): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("Usage: cardbox render"), "\(options): \(result.stderr)")
        }
    }

    func testImpossibleClockTimesAreRefused() throws {
        for now in [
            "2026-03-01T24:00:00Z", "2026-03-01T12:00:00+25:00", "2026-02-30", "2026-03-01T24:00",
            "2026-03-01T10:60:00", "2026-13-01",
        ] {
            let result = try run(["stats", "--now", now])
            XCTAssertEqual(result.status, 64, "\(now): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("is not an ISO 8601 time"), "\(now): \(result.stderr)")
        }
        for now in ["2026-03-01T23:59:59+23:59", "2026-03-01T09:00:00.5Z", "2026-03-01T09:00", "2026-03-01"] {
            XCTAssertEqual(try run(["stats", "--now", now]).status, 0, now)
        }
    }

    /// A date alone is that study day, not its midnight, which belongs to the day before when study
    /// days begin at 04:00.
    func testADateAloneIsThatStudyDay() throws {
        for (options, zone) in [([], "UTC"), (["--day-start", "23"], "Asia/Tokyo"), (["--day-start", "0"], "UTC")] {
            let result = try BinaryRunner.run(
                [
                    "stats", "--json", "--content", BinaryRunner.shippedContent, "--progress", "/nonexistent/p.sqlite",
                    "--now", "2026-03-01",
                ] + options, environment: ["TZ": zone])
            XCTAssertEqual(result.status, 0, result.stderr)
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let forecast = try XCTUnwrap(object["forecast"] as? [[String: Any]])
            XCTAssertEqual(forecast.first?["date"] as? String, "2026-03-01", "\(options) in \(zone)")
        }
    }
}
