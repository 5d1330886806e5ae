import CardboxEngine
import XCTest

@testable import CardboxTUI

/// The charts of the statistics screen, line by line: shades, bars, labels and their limits.
final class ChartTests: XCTestCase {
    private let scheduler = LeitnerScheduler(config: .standard(timeZone: TimeZone(identifier: "UTC")!))

    private func text(_ lines: [[TextRun]]) -> [String] {
        lines.map { line in String(line.map(\.text).joined().reversed().drop { $0 == " " }.reversed()) }
    }

    private func review(day: Int, hour: Double = 12, _ answer: Answer = .gotIt) -> Review {
        Review(
            deck: "d", cardKey: "k", time: Date(timeIntervalSince1970: Double(day) * 86_400 + hour * 3_600),
            answer: answer, boxBefore: 1, boxAfter: 2, mode: .study, isRepeat: false)
    }

    func testShadesFollowQuantilesAndNeverGetLighterForMoreAnswers() {
        let level = HeatmapChart.levels([0, 1, 2, 3, 4, 5, 6, 7, 8, 100])
        XCTAssertEqual(level(0), 0)
        let levels = [1, 2, 3, 4, 5, 6, 7, 8, 100].map(level)
        XCTAssertEqual(levels, levels.sorted())
        XCTAssertEqual(levels.first, 1)
        XCTAssertEqual(levels.last, 4)
        XCTAssertEqual(Set(levels), [1, 2, 3, 4])
        XCTAssertEqual(HeatmapChart.levels([7, 7, 7])(7), 4, "equal days are all the busiest")
        XCTAssertEqual(HeatmapChart.levels([])(3), 0)
    }

    func testTheCalendarPutsEachStudyDayUnderItsWeekdayAndLeavesTheFutureBlank() {
        // 2025-01-15 is a Wednesday.
        let today = scheduler.studyDay(of: Date(timeIntervalSince1970: 1_736_935_200))
        var history = ActivityHistory()
        history.add(review(day: today), scheduler: scheduler)
        history.add(review(day: today - 2), scheduler: scheduler)
        history.add(review(day: today - 2, hour: 13), scheduler: scheduler)
        let lines = text(HeatmapChart.calendar(history, today: today, width: 80, theme: .unicode(color: false)))
        XCTAssertEqual(lines.count, 8)
        XCTAssertTrue(lines[1].hasPrefix("Mon "))
        XCTAssertTrue(lines[1].hasSuffix("█"), "Monday two days ago, the busiest: darkest")
        XCTAssertTrue(lines[3].hasSuffix("░") || lines[3].hasSuffix("▒"), lines[3])
        XCTAssertTrue(lines[4].hasSuffix("·"), "Thursday of the last week is shown empty")
        XCTAssertEqual(lines[5].count, lines[1].count - 1, "Friday this week is still to come")
        XCTAssertEqual(lines[1].count, 4 + 53, "a year in one column per week at 80 columns")
        let wide = text(HeatmapChart.calendar(history, today: today, width: 200, theme: .unicode(color: false)))
        XCTAssertEqual(wide[1].count, 4 + 53 * 2 - 1, "two columns per week when there is room")
        let ascii = text(HeatmapChart.calendar(history, today: today, width: 80, theme: .ascii()))
        XCTAssertTrue(ascii[1].hasSuffix("#"))
        XCTAssertTrue(ascii.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
        XCTAssertEqual(HeatmapChart.calendar(history, today: today, width: 4, theme: .ascii()).count, 0)
    }

    func testMonthNamesStandAboveTheWeekHoldingTheFirst() {
        let today = scheduler.studyDay(of: Date(timeIntervalSince1970: 1_736_935_200))
        let months = text(HeatmapChart.calendar(ActivityHistory(), today: today, width: 80, theme: .ascii()))[0]
        XCTAssertTrue(months.contains("Jan"))
        XCTAssertTrue(months.contains("Feb"))
        XCTAssertEqual(months.components(separatedBy: " ").filter { !$0.isEmpty }.count, 12)
    }

    func testAMonthNameThatWouldRunPastTheLastWeekIsLeftOutNotCut() {
        // 2026-11-30 is a Monday: its week ends on 6 December, so the last week holds December's first day.
        let today = scheduler.studyDay(of: Date(timeIntervalSince1970: 1_796_040_000))
        let names = Set(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])
        for width in [4 + 53 * 2, 4 + 53 * 2 + 1, 4 + 53, 4 + 53 + 1, 80] {
            let lines = text(HeatmapChart.calendar(ActivityHistory(), today: today, width: width, theme: .ascii()))
            let words = lines[0].components(separatedBy: " ").filter { !$0.isEmpty }
            XCTAssertTrue(words.allSatisfy(names.contains), "width \(width): \(lines[0])")
            XCTAssertLessThanOrEqual(lines[0].count, width)
        }
    }

    func testTheTopicTableFitsItsWidthWithWholeColumnTitles() throws {
        let collection = Fixtures.sample
        let titles: Set = ["Topic", "New", "Due", "Missed", "Mis", "Total", "All", "Known"]
        for boxes in [3, 5, 9] {
            let config = try LeitnerConfig(intervals: Array(1...boxes), timeZone: Fixtures.utc)
            let scheduler = LeitnerScheduler(config: config)
            let states = [CardState?](repeating: nil, count: collection.cards.count)
            let counts = TopicCounts.all(
                collection: collection, states: states, scheduler: scheduler, now: Fixtures.now)
            for width in 38...120 {
                let table = TopicTable.layout(
                    collection: collection, counts: counts, scope: 0, boxCount: boxes, width: width,
                    theme: .ascii())
                let header = table.header.map(\.text).joined()
                XCTAssertLessThanOrEqual(DisplayWidth.width(of: header), width, "\(boxes) boxes: \(header)")
                let words = header.split(separator: " ").map(String.init)
                XCTAssertTrue(
                    words.allSatisfy { titles.contains($0) || $0.hasPrefix("B") && Int($0.dropFirst()) != nil },
                    "\(boxes) boxes, \(width) columns: \(header)")
                XCTAssertTrue(words.contains { $0 == "Total" || $0 == "All" }, header)
                for id in table.ids {
                    let line = table.line(id).map(\.text).joined()
                    XCTAssertLessThanOrEqual(DisplayWidth.width(of: line), width, "\(boxes) boxes: \(line)")
                }
            }
        }
    }

    func testForecastBarsScaleToTheLargestDayAndLabelEveryWeek() {
        let forecast = DueForecast(due: [8, 4, 0, 1] + Array(repeating: 0, count: 26), firstDay: 20_000)
        let lines = text(ForecastChart.bars(forecast, width: 80, height: 4, theme: .unicode(color: false)))
        XCTAssertEqual(lines.count, 5)
        XCTAssertTrue(lines[0].hasPrefix("8 █"), lines[0])
        XCTAssertTrue(lines[3].hasPrefix("0 █ █"), lines[3])
        XCTAssertEqual(lines[3].count, 2 + 4 * 2 - 1, "day 3's single card still shows")
        XCTAssertTrue(lines[4].contains("today"))
        XCTAssertEqual(StudyDate.iso(20_000), "2024-10-04")
        XCTAssertTrue(lines[4].contains("Oct 11"), lines[4])
        XCTAssertEqual(
            text(ForecastChart.summary(forecast, theme: .ascii()).map { $0 }).joined(separator: "|"),
            "Today 8|tomorrow 4|next 7 days 5")
        let empty = text(
            ForecastChart.bars(
                DueForecast(due: Array(repeating: 0, count: 30), firstDay: 0), width: 40, height: 3, theme: .ascii()))
        XCTAssertEqual(empty[0], "0", "nothing due: an empty chart")
    }

    func testRetentionAndTimeLines() {
        let lines = text(
            RetentionChart.lines(
                [.init(box: 1, reviews: 50, got: 36), .init(box: 2, reviews: 0, got: 0)], width: 60,
                theme: .ascii()))
        XCTAssertTrue(lines[0].hasPrefix("Box 1 "))
        XCTAssertTrue(lines[0].hasSuffix("72%  36 of 50"), lines[0])
        XCTAssertTrue(lines[1].hasSuffix("-"), lines[1])
        XCTAssertEqual(TimeChart.duration(45), "45s")
        XCTAssertEqual(TimeChart.duration(750), "12m 30s")
        XCTAssertEqual(TimeChart.duration(3_900), "1h 05m")
    }
}
