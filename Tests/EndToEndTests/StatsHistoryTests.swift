import Foundation
import XCTest

/// Studying in the real app on three `--now` days, then `stats --json`: the history, forecast,
/// streak and retention must be what those answers make, with study days following the 04:00
/// roll-over across a daylight-saving change.
final class StatsHistoryTests: XCTestCase {
    private var folder: URL!
    private var deck: String!
    /// Berlin: clocks went forward on 2026-03-29.
    private let zone = ["TZ": "Europe/Berlin"]

    override func setUpWithError() throws {
        folder = try BinaryRunner.tmuxTestFolder(self)
        deck = folder.appendingPathComponent("mini.md").path
        try """
        ---
        title: Mini
        ---
        # Kinesis
        Q: Which Kinesis service keeps records for replay?
        A: Kinesis Data Streams.

        Q: Which Kinesis service delivers to S3 without code?
        A: Kinesis Data Firehose.

        C: Firehose buffers for at least [60] seconds.
        # Glue
        Q: What does a Glue crawler fill?
        A: The Data Catalog.
        """.write(toFile: deck, atomically: true, encoding: .utf8)
    }

    /// Studies every due card at `now`, answering with `answers` in turn ("y" or "n"); a missed card
    /// comes back at the end of the session and is answered from the same list.
    private func study(at now: String, answers: [String]) throws {
        let app = try TmuxSession(
            folder: folder, arguments: ["--content", deck, "--now", now], environment: zone)
        try app.waitFor("All decks")
        try app.send("Enter")
        var queue = 4
        for (index, answer) in answers.enumerated() {
            try app.waitFor("STUDY \(index + 1)/\(queue)")
            try app.send("Space")
            try app.waitFor("got it")
            try app.send(answer)
            if answer == "n" { queue += 1 }
        }
        try app.waitFor("Session summary")
        try app.send("Enter")
        try app.waitFor("TOPICS")
        try app.send("q")
        XCTAssertEqual(try app.waitForExit(), 0)
    }

    private func stats(now: String, topic: String? = nil) throws -> [String: Any] {
        let result = try BinaryRunner.run(
            [
                "stats", "--json", "--content", deck, "--now", now, "--progress",
                folder.appendingPathComponent("progress.sqlite").path,
            ]
                + (topic.map { ["--topic", $0] } ?? []), environment: zone)
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    func testThreeStudyDaysShowInHistoryForecastStreakAndRetention() throws {
        // 23:30 on 28 March: four new cards, one missed and asked again.
        try study(at: "2026-03-28T22:30:00Z", answers: ["y", "y", "n", "y", "y"])
        // 03:30 on 30 March, summer time: still the study day of 29 March; all four are due (box 1).
        try study(at: "2026-03-30T01:30:00Z", answers: ["y", "y", "y", "y"])
        // 10:00 on 2 April: all four due again (box 2); one missed and asked again.
        try study(at: "2026-04-02T08:00:00Z", answers: ["y", "n", "y", "y", "y"])

        let numbers = try stats(now: "2026-04-02T09:00:00Z")
        let history = try XCTUnwrap(numbers["history"] as? [[String: Any]])
        XCTAssertEqual(history.map { $0["date"] as? String }, ["2026-03-28", "2026-03-29", "2026-04-02"])
        XCTAssertEqual(history.map { $0["reviews"] as? Int }, [5, 4, 5])
        XCTAssertEqual(history.map { $0["got"] as? Int }, [4, 4, 4])
        XCTAssertEqual(history.map { $0["missed"] as? Int }, [1, 0, 1])
        XCTAssertEqual(history.map { $0["seconds"] as? Int }, [0, 0, 0], "the clock is fixed: no time passes")
        XCTAssertEqual(numbers["reviews"] as? Int, 14)

        // Three cards went to box 3 on 2 April (due in 4 days), the missed one back to box 1 (due tomorrow).
        let forecast = try XCTUnwrap(numbers["forecast"] as? [[String: Any]])
        XCTAssertEqual(forecast.count, 30)
        XCTAssertEqual(forecast.first?["date"] as? String, "2026-04-02")
        XCTAssertEqual(forecast.last?["date"] as? String, "2026-05-01")
        var due = [Int](repeating: 0, count: 30)
        due[1] = 1
        due[4] = 3
        XCTAssertEqual(forecast.map { $0["due"] as? Int }, due)

        XCTAssertEqual(numbers["streak"] as? [String: Int], ["current": 1, "longest": 2])
        // Recall: the four box-1 answers of 29 March, the four first box-2 answers of 2 April (one
        // missed); first answers of new cards and the repeats do not count.
        let retention = try XCTUnwrap(numbers["retention"] as? [[String: Int]])
        XCTAssertEqual(retention.map { [$0["box"], $0["reviews"], $0["got"]] }.prefix(2), [[1, 4, 4], [2, 4, 3]])

        // The next morning before 04:00 is still 2 April: the streak holds; after 04:00 with no answers
        // yet it counts up to yesterday.
        XCTAssertEqual(
            try stats(now: "2026-04-03T01:00:00Z")["streak"] as? [String: Int], ["current": 1, "longest": 2])
        let nextDay = try stats(now: "2026-04-03T09:00:00Z")
        XCTAssertEqual(nextDay["streak"] as? [String: Int], ["current": 1, "longest": 2])
        XCTAssertEqual((nextDay["forecast"] as? [[String: Any]])?.first?["due"] as? Int, 1)

        // One topic: only its cards' answers.
        let glue = try stats(now: "2026-04-02T09:00:00Z", topic: "Mini / Glue")
        XCTAssertEqual(glue["cards"] as? Int, 1)
        let glueHistory = try XCTUnwrap(glue["history"] as? [[String: Any]])
        XCTAssertEqual(glueHistory.map { $0["date"] as? String }, ["2026-03-28", "2026-03-29", "2026-04-02"])
        XCTAssertEqual(glueHistory.map { $0["reviews"] as! Int }.reduce(0, +), glue["reviews"] as? Int)
    }

    func testAnUnknownTopicIsOneLineWithWhatToDo() throws {
        let result = try BinaryRunner.run(
            [
                "stats", "--json", "--content", deck, "--topic", "Mini / Nothing", "--progress",
                folder.appendingPathComponent("progress.sqlite").path,
            ])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("no topic \"Mini / Nothing\""), result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
    }

    func testTheTextShowsTheHeatmapAndTheForecast() throws {
        try study(at: "2026-03-28T22:30:00Z", answers: ["y", "y", "y", "y"])
        let result = try BinaryRunner.run(
            [
                "stats", "--content", deck, "--now", "2026-03-29T09:00:00Z", "--progress",
                folder.appendingPathComponent("progress.sqlite").path,
            ], environment: zone.merging(["LC_ALL": "C"]) { $1 })
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("Activity, last 52 weeks"), result.stdout)
        XCTAssertTrue(
            result.stdout.contains("Today 0, Streak 1 day (longest 1 day), Busiest 28 Mar 2026 (4)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Due, next 30 days"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Today 4, tomorrow 0, next 7 days 0"), result.stdout)
        XCTAssertFalse(result.stdout.contains("█"), "ASCII outside a UTF-8 locale")
    }
}
