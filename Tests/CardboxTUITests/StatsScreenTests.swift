import CardboxEngine
import CardboxTestSupport
import Foundation
import XCTest

@testable import CardboxTUI

/// The statistics screen as golden text: an empty log and a year of generated history, at 80×24 and
/// 200×60, in colour and in monochrome (each cell's style written under the text); and the activity
/// kept up to date as answers arrive.
final class StatsScreenTests: XCTestCase {
    /// A year of answers before `Fixtures.now`: busier on some weekdays, a few days off, a run of
    /// study days up to yesterday, times from 2 to 60 seconds.
    static let yearOfHistory: ActivityHistory = {
        var history = ActivityHistory()
        var random = SplitMix(seed: 14)
        let scheduler = Fixtures.scheduler
        let today = scheduler.studyDay(of: Fixtures.now)
        for day in (today - 364)..<today {
            let skip = random.next() % 5 == 0 && day < today - 6
            if skip { continue }
            let count = Int(random.next() % 30) + (StudyDate.weekday(day) < 5 ? 10 : 0)
            for index in 0..<count {
                let box = Int(random.next() % 6)
                history.add(
                    Review(
                        deck: "AWS ML Specialty", cardKey: "k\(index)",
                        time: Date(timeIntervalSince1970: Double(day) * 86_400 + 5 * 3_600 + Double(index) * 60),
                        answer: random.next() % 5 == 0 ? .missed : .gotIt, boxBefore: box, boxAfter: box,
                        mode: .study, isRepeat: false, seconds: Double(random.next() % 59 + 2)),
                    scheduler: scheduler)
            }
        }
        return history
    }()

    /// The screen's text, then a map of each cell's style: a colour's letter (capital when bold),
    /// otherwise B bold, d dim, u underline, r reverse, . plain.
    private func styled(_ state: AppState, _ theme: Theme) -> String {
        let surface = Screen.render(state, theme: theme)
        var map: [String] = []
        for y in 0..<surface.height {
            var row = ""
            for x in 0..<surface.width {
                let style = surface.cell(x: x, y: y).style
                let letters: [TerminalColor: Character] = [
                    .black: "k", .red: "r", .green: "g", .yellow: "y", .blue: "b", .magenta: "m", .cyan: "c",
                    .white: "w",
                ]
                if let letter = letters[style.foreground] {
                    row.append(style.bold ? Character(letter.uppercased()) : letter)
                } else if style.reverse {
                    row.append("r")
                } else if style.bold {
                    row.append("B")
                } else if style.underline {
                    row.append("u")
                } else if style.dim {
                    row.append("d")
                } else {
                    row.append(".")
                }
            }
            map.append(String(row.reversed().drop { $0 == "." }.reversed()))
        }
        return surface.text() + "\n--- styles ---\n" + map.joined(separator: "\n")
    }

    /// Every page of the screen from the top, as the learner scrolls with PgDn.
    private func pages(_ state: AppState, _ theme: Theme) -> String {
        var state = state
        var result = [styled(state, theme)]
        while let stats = state.mode.stats, stats.scroll < state.viewport.maxStatsScroll {
            state.press("<PgDn>")
            result.append(styled(state, theme))
        }
        return result.joined(separator: "\n=== next page ===\n")
    }

    private func screen(width: Int, height: Int, history: ActivityHistory) -> AppState {
        var state = Fixtures.state(width: width, height: height, activity: history)
        state.press("s")
        return state
    }

    func testEmptyLogAt80x24() {
        let state = screen(width: 80, height: 24, history: ActivityHistory())
        assertSnapshot(pages(state, .unicode(color: true)), named: "StatsEmpty80x24Colour")
        assertSnapshot(pages(state, .unicode(color: false)), named: "StatsEmpty80x24Mono")
    }

    func testEmptyLogAt200x60() {
        let state = screen(width: 200, height: 60, history: ActivityHistory())
        assertSnapshot(styled(state, .unicode(color: true)), named: "StatsEmpty200x60Colour")
        assertSnapshot(styled(state, .unicode(color: false)), named: "StatsEmpty200x60Mono")
    }

    func testAYearOfHistoryAt80x24() {
        let state = screen(width: 80, height: 24, history: Self.yearOfHistory)
        assertSnapshot(pages(state, .unicode(color: true)), named: "StatsYear80x24Colour")
        assertSnapshot(pages(state, .unicode(color: false)), named: "StatsYear80x24Mono")
    }

    func testAYearOfHistoryAt200x60() {
        let state = screen(width: 200, height: 60, history: Self.yearOfHistory)
        assertSnapshot(styled(state, .unicode(color: true)), named: "StatsYear200x60Colour")
        assertSnapshot(styled(state, .unicode(color: false)), named: "StatsYear200x60Mono")
    }

    func testAYearOfHistoryInASCII() {
        let state = screen(width: 80, height: 24, history: Self.yearOfHistory)
        let text = Screen.render(state, theme: .ascii()).text()
        assertSnapshot(text, named: "StatsYear80x24ASCII")
        XCTAssertTrue(text.unicodeScalars.allSatisfy(\.isASCII))
    }

    func testTheYearsFiguresAreTheHistorysOwn() {
        let history = Self.yearOfHistory
        let today = Fixtures.scheduler.studyDay(of: Fixtures.now)
        let streak = history.streak(today: today)
        XCTAssertGreaterThanOrEqual(streak.current, 6, "the last six days were all studied")
        XCTAssertEqual(history.reviews(on: today), 0)
        let text = screen(width: 200, height: 60, history: history).screen()
        XCTAssertTrue(text.contains("Streak \(streak.current) days (longest \(streak.longest) days)"), text)
        let busiest = history.busiestDay!
        XCTAssertTrue(text.contains("Busiest \(StudyDate.display(busiest.day)) (\(busiest.totals.reviews))"), text)
    }

    func testAnswersAndUndoMoveTodaysActivityAndTheSummaryShowsIt() {
        var state = Fixtures.state(activity: Self.yearOfHistory)
        let today = Fixtures.scheduler.studyDay(of: Fixtures.now)
        let before = state.activity.streak(today: today).current
        state.press("<Enter><Space>")
        _ = update(&state, .tick(now: Fixtures.now.addingTimeInterval(12)))
        let effects = state.press("y")
        guard case .persist(let review, _) = effects.first else { return XCTFail("\(effects)") }
        XCTAssertEqual(review.seconds, 12, "from the card shown to the grade")
        XCTAssertEqual(state.activity.reviews(on: today), 1)
        XCTAssertEqual(state.activity.streak(today: today).current, before + 1)
        state.press("u")
        XCTAssertEqual(state.activity.reviews(on: today), 0, "undo takes it back")
        _ = update(&state, .tick(now: Fixtures.now.addingTimeInterval(20 * 60)))
        let slow = state.press("<Space>n")
        guard case .persist(let capped, _) = slow.first else { return XCTFail("\(slow)") }
        XCTAssertEqual(capped.seconds, Review.longestAnswer, "a card left on screen counts five minutes")
        _ = update(&state, .effectFailed(slow[0], reason: "disk full"))
        XCTAssertEqual(state.activity.reviews(on: today), 0, "an answer not saved does not count")
        state.press("n<Esc>")
        XCTAssertEqual(state.activity.reviews(on: today), 1)
        XCTAssertTrue(state.screen().contains("Today: 1 review · streak \(before + 1) days"), state.screen())
        // The collection's forecast, kept up to date answer by answer, is a recount's.
        state.press("<Enter>s")
        XCTAssertEqual(
            state.mode.stats?.forecast,
            DueForecast(
                scheduler: Fixtures.scheduler, states: state.states, suspended: [],
                range: state.collection.cards.indices, now: Fixtures.now))
        state.press("<Esc>")
    }
}
