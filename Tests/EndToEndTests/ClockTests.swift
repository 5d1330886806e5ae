import CardboxTestSupport
import Foundation
import XCTest

/// The real binary with a misbehaving clock: progress written in Tokyo and read in Los Angeles, the
/// clock set back after answering, and dates in 9999 and 1970.
final class ClockTests: XCTestCase {
    private var folder: URL!
    private var deck: String!
    private var progress: String!

    override func setUpWithError() throws {
        folder = try BinaryRunner.tmuxTestFolder(self)
        deck = folder.appendingPathComponent("clock.md").path
        progress = folder.appendingPathComponent("progress.sqlite").path
        try CrashSafetyTests.deckText(cards: 4).write(toFile: deck, atomically: true, encoding: .utf8)
    }

    /// Answers `keys` (y/n) in the first study session at `now` in `zone`, then quits.
    private func answer(_ keys: [String], now: String, zone: String) throws {
        let app = try TmuxSession(
            folder: folder, arguments: ["--content", deck, "--now", now], progress: progress,
            environment: ["TZ": zone])
        try app.waitFor("All decks")
        try app.send("Enter")
        try app.waitFor("STUDY 1/")
        for (index, key) in keys.enumerated() {
            try app.send("Space", key)
            let (screen, ok) = try app.poll { TmuxSession.tally(in: $0).map { $0.right + $0.missed } == index + 1 }
            XCTAssertTrue(ok, "answer \(index + 1) at \(now) in \(zone):\n\(screen)")
        }
        try app.send("Escape", "Enter", "q")
        XCTAssertEqual(try app.waitForExit(), 0, app.standardError)
    }

    private func stats(
        now: String, zone: String, file: StaticString = #filePath, line: UInt = #line
    ) throws -> [String: Any] {
        let result = try BinaryRunner.run(
            ["stats", "--json", "--content", deck, "--progress", progress, "--now", now],
            environment: ["TZ": zone])
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        let object = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], file: file, line: line)
        XCTAssertTrue(
            Self.allNumbers(object).allSatisfy { $0 >= 0 }, "a negative count: \(result.stdout)", file: file, line: line
        )
        return object
    }

    /// Every integer anywhere in a JSON value.
    static func allNumbers(_ value: Any) -> [Int] {
        switch value {
        case let number as Int: [number]
        case let array as [Any]: array.flatMap(allNumbers)
        case let object as [String: Any]: object.values.flatMap(allNumbers)
        default: []
        }
    }

    func testProgressWrittenInTokyoIsDueAtFourInTheMorningWhereverItIsRead() throws {
        // 09:00 UTC is 18:00 in Tokyo and 01:00 in Los Angeles.
        try answer(["y"], now: "2026-03-01T09:00:00Z", zone: "Asia/Tokyo")
        XCTAssertEqual(try stats(now: "2026-03-01T18:59:00Z", zone: "Asia/Tokyo")["due"] as? Int, 0)
        XCTAssertEqual(
            try stats(now: "2026-03-01T19:00:00Z", zone: "Asia/Tokyo")["due"] as? Int, 1, "04:00 on 2 March in Tokyo")
        // In Los Angeles 01:00 still belongs to 28 February's study day, so the card is due at 04:00 on 1 March.
        XCTAssertEqual(try stats(now: "2026-03-01T11:59:00Z", zone: "America/Los_Angeles")["due"] as? Int, 0)
        XCTAssertEqual(try stats(now: "2026-03-01T12:00:00Z", zone: "America/Los_Angeles")["due"] as? Int, 1)
        // Answering it in Los Angeles next day keeps one log.
        try answer(["y"], now: "2026-03-02T18:00:00Z", zone: "America/Los_Angeles")
        let numbers = try stats(now: "2026-03-02T18:00:00Z", zone: "Asia/Tokyo")
        XCTAssertEqual(numbers["reviews"] as? Int, 2)
        XCTAssertEqual(numbers["boxes"] as? [Int], [0, 1, 0, 0, 0])
    }

    func testClockGoingBackwardsShowsNothingDueEarlyAndNothingNegative() throws {
        try answer(["y", "n"], now: "2026-03-10T09:00:00Z", zone: "UTC")
        for earlier in ["2026-03-10T08:59:59Z", "2026-03-01T00:00:00Z", "1999-01-01T00:00:00Z"] {
            let numbers = try stats(now: earlier, zone: "UTC")
            XCTAssertEqual(numbers["due"] as? Int, 0, "due at \(earlier), before the answers")
            XCTAssertEqual(numbers["reviews"] as? Int, 2)
            let screen = try BinaryRunner.run([
                "render", "--size", "100x30", "--keys", "s", "--content", deck,
                "--progress", progress, "--now", earlier,
            ])
            XCTAssertEqual(screen.status, 0, screen.stderr)
            XCTAssertFalse(screen.stdout.contains("-1") || screen.stdout.contains("in -"), screen.stdout)
        }
        // Studying with the clock set back offers only new cards and records answers at that time.
        let app = try TmuxSession(
            folder: folder, arguments: ["--content", deck, "--now", "2026-03-01T00:00:00Z"], progress: progress)
        try app.waitFor("All decks")
        try app.send("Enter")
        let screen = try app.waitFor("STUDY 1/2")
        XCTAssertTrue(screen.contains(" new"), screen)
        try app.send("Space", "y")
        try app.waitFor("✓ 1  ✗ 0")
        try app.send("Escape", "Enter", "q")
        XCTAssertEqual(try app.waitForExit(), 0)
        XCTAssertEqual(try stats(now: "2026-03-01T00:00:00Z", zone: "UTC")["reviews"] as? Int, 3)
    }

    func testFarFutureAndFarPast() throws {
        for (now, later) in [
            ("9999-12-31T00:00:00Z", "9999-12-31T23:59:59Z"), ("1970-01-02T00:00:00Z", "1970-01-20T00:00:00Z"),
        ] {
            try? FileManager.default.removeItem(atPath: progress)
            try answer(["y", "n", "y"], now: now, zone: "Pacific/Kiritimati")
            for zone in ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"] {
                let numbers = try stats(now: now, zone: zone)
                XCTAssertEqual(numbers["reviews"] as? Int, 3, "\(now) \(zone)")
                XCTAssertEqual(numbers["due"] as? Int, 0, "\(now) \(zone): nothing is due the moment it is answered")
                XCTAssertEqual(numbers["missed"] as? Int, 1, "\(now) \(zone)")
                _ = try stats(now: later, zone: zone)
            }
            // The app starts and draws its statistics screen with those dates.
            let app = try TmuxSession(
                folder: folder, arguments: ["--content", deck, "--now", later], progress: progress)
            try app.waitFor("All decks")
            try app.send("s")
            try app.waitFor("STATS")
            try app.send("q", "q")
            XCTAssertEqual(try app.waitForExit(), 0, "\(now): \(app.standardError)")
        }
    }
}
