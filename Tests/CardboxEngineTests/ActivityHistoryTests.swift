import Foundation
import GRDB
import XCTest

@testable import CardboxEngine

/// Answers per study day, streaks, time and retention: from the store's running totals and from the
/// log, across daylight-saving changes, the 04:00 roll-over and zones with half-hour offsets.
final class ActivityHistoryTests: XCTestCase {
    private let deck = Fixtures.collection("# T\nQ: one\nA: 1\n\nQ: two\nA: 2\n\nQ: three\nA: 3\n")

    private func scheduler(_ zone: String, dayStart: Int = 4) throws -> LeitnerScheduler {
        LeitnerScheduler(config: try LeitnerConfig(dayStartHour: dayStart, timeZone: TimeZone(identifier: zone)!))
    }

    /// A study answer of card `card` at `time`, taking `seconds`, recorded in `store`.
    @discardableResult
    private func answer(
        _ store: ProgressStore, _ scheduler: LeitnerScheduler, card: Int, at time: Date, _ answer: Answer = .gotIt,
        mode: StudyMode = .study, isRepeat: Bool = false, seconds: Double? = 5
    ) throws -> Review {
        let id = deck.cards[card].id
        let state = try store.reviews(of: id).isEmpty ? nil : scheduler.replay(try store.reviews(of: id))
        var review = scheduler.review(
            deck: id.deck, key: id.key, state: state, answer: answer, mode: mode, isRepeat: isRepeat, now: time
        ).review
        review.seconds = seconds
        try store.record(review, question: "", scheduler: scheduler)
        return review
    }

    private func fromTotals(_ store: ProgressStore, _ scheduler: LeitnerScheduler) throws -> ActivityHistory {
        ActivityHistory(
            buckets: try store.activityBuckets(), recall: try store.recallBuckets(since: .distantPast),
            scheduler: scheduler)
    }

    func testStudyDaysFollowTheRollOverAcrossTheSpringDaylightChange() throws {
        let zone = TimeZone(identifier: "America/New_York")!
        let scheduler = try scheduler("America/New_York")
        let store = try ProgressStore()
        // Clocks went from 02:00 to 03:00 on 2026-03-08.
        try answer(store, scheduler, card: 0, at: Fixtures.date("2026-03-07 23:30", zone))
        try answer(store, scheduler, card: 1, at: Fixtures.date("2026-03-08 03:59", zone), .missed)
        try answer(store, scheduler, card: 2, at: Fixtures.date("2026-03-08 04:00", zone))
        try answer(store, scheduler, card: 0, at: Fixtures.date("2026-03-09 03:45", zone), .missed)
        try answer(store, scheduler, card: 1, at: Fixtures.date("2026-03-09 04:15", zone))
        let history = try fromTotals(store, scheduler)
        XCTAssertEqual(history.history.map(\.date), ["2026-03-07", "2026-03-08", "2026-03-09"])
        XCTAssertEqual(history.history.map(\.totals.reviews), [2, 2, 1])
        XCTAssertEqual(history.history.map(\.totals.missed), [1, 1, 0])
        XCTAssertEqual(history, ActivityHistory(reviews: try store.allReviews(), scheduler: scheduler))
    }

    func testStudyDaysFollowTheRollOverAcrossTheAutumnDaylightChange() throws {
        let zone = TimeZone(identifier: "Europe/Berlin")!
        let scheduler = try scheduler("Europe/Berlin")
        let store = try ProgressStore()
        // Clocks went from 03:00 back to 02:00 on 2026-10-25: 02:30 happened twice, both before 04:00.
        let firstHalfPast2 = Fixtures.date("2026-10-25 00:30", .init(identifier: "UTC")!)
        let secondHalfPast2 = Fixtures.date("2026-10-25 01:30", .init(identifier: "UTC")!)
        XCTAssertEqual(zone.secondsFromGMT(for: firstHalfPast2) - zone.secondsFromGMT(for: secondHalfPast2), 3_600)
        try answer(store, scheduler, card: 0, at: firstHalfPast2)
        try answer(store, scheduler, card: 1, at: secondHalfPast2)
        try answer(store, scheduler, card: 2, at: Fixtures.date("2026-10-25 04:00", zone))
        try answer(store, scheduler, card: 0, at: Fixtures.date("2026-10-26 03:59", zone))
        let history = try fromTotals(store, scheduler)
        XCTAssertEqual(history.history.map(\.date), ["2026-10-24", "2026-10-25"])
        XCTAssertEqual(history.history.map(\.totals.reviews), [2, 2])
        XCTAssertEqual(history, ActivityHistory(reviews: try store.allReviews(), scheduler: scheduler))
    }

    func testQuarterHourBucketsFoldIntoStudyDaysOfHalfAndQuarterHourZones() throws {
        for (zone, offsetMinutes) in [("Asia/Kolkata", 330), ("Asia/Kathmandu", 345), ("Australia/Adelaide", 570)] {
            let scheduler = try scheduler(zone)
            let store = try ProgressStore()
            // 04:00 local on 2026-06-10 as UTC, then one minute before and one after.
            let rollOver = Fixtures.date("2026-06-10 04:00").addingTimeInterval(-Double(offsetMinutes) * 60)
            try answer(store, scheduler, card: 0, at: rollOver.addingTimeInterval(-60))
            try answer(store, scheduler, card: 1, at: rollOver)
            try answer(store, scheduler, card: 2, at: rollOver.addingTimeInterval(14 * 60))
            let history = try fromTotals(store, scheduler)
            XCTAssertEqual(history.history.map(\.date), ["2026-06-09", "2026-06-10"], zone)
            XCTAssertEqual(history.history.map(\.totals.reviews), [1, 2], zone)
        }
    }

    func testADifferentDayStartRefoldsTheSameTotals() throws {
        let store = try ProgressStore()
        let early = try scheduler("UTC", dayStart: 0)
        try answer(store, early, card: 0, at: Fixtures.date("2026-04-02 02:30"))
        try answer(store, early, card: 1, at: Fixtures.date("2026-04-02 05:30"))
        XCTAssertEqual(try fromTotals(store, early).history.map(\.totals.reviews), [2])
        XCTAssertEqual(try fromTotals(store, try scheduler("UTC")).history.map(\.date), ["2026-04-01", "2026-04-02"])
    }

    func testTotalsFollowEveryAnswerAndUndo() throws {
        let scheduler = try scheduler("Europe/Paris")
        let store = try ProgressStore()
        var generator = SystemRandomNumberGenerator()
        var time = Fixtures.date("2026-01-01 08:00")
        var recorded: [Review] = []
        for step in 0..<400 {
            time = time.addingTimeInterval(Double(Int.random(in: 60...40_000, using: &generator)))
            if step % 7 == 6, let last = recorded.popLast() {
                try store.remove(last, scheduler: scheduler)
                continue
            }
            let mode: StudyMode = [.study, .study, .ahead, .cram, .missed][step % 5]
            recorded.append(
                try answer(
                    store, scheduler, card: step % 3, at: time, step % 4 == 0 ? .missed : .gotIt, mode: mode,
                    isRepeat: step % 11 == 0, seconds: step % 13 == 0 ? nil : Double(step % 400)))
        }
        let fromLog = ActivityHistory(reviews: try store.allReviews(), scheduler: scheduler)
        let totals = try fromTotals(store, scheduler)
        XCTAssertEqual(totals.history.map(\.day), fromLog.history.map(\.day))
        XCTAssertEqual(totals.history.map(\.totals.reviews), fromLog.history.map(\.totals.reviews))
        XCTAssertEqual(totals.history.map(\.totals.got), fromLog.history.map(\.totals.got))
        XCTAssertEqual(totals.history.map(\.totals.timed), fromLog.history.map(\.totals.timed))
        for (a, b) in zip(totals.history, fromLog.history) {
            XCTAssertEqual(a.totals.seconds, b.totals.seconds, accuracy: 1e-6)
        }
        XCTAssertEqual(totals.recall, fromLog.recall)
        XCTAssertEqual(totals.history.reduce(0) { $0 + $1.totals.reviews }, try store.reviewCount())
        XCTAssertEqual(try store.loggedReviews(), try store.reviewCount())
        XCTAssertEqual(try store.allReviews().compactMap(\.seconds).max() ?? 0, 300, "durations are capped")
    }

    func testInMemoryAddMatchesTheStore() throws {
        let scheduler = try scheduler("Asia/Kolkata")
        let store = try ProgressStore()
        var history = ActivityHistory()
        let start = Fixtures.date("2026-02-01 20:00")
        var last: Review?
        for step in 0..<30 {
            let review = try answer(
                store, scheduler, card: step % 3, at: start.addingTimeInterval(Double(step) * 5_000),
                step % 3 == 0 ? .missed : .gotIt, seconds: Double(step))
            history.add(review, scheduler: scheduler)
            last = review
        }
        try store.remove(last!, scheduler: scheduler)
        history.add(last!, scheduler: scheduler, sign: -1)
        XCTAssertEqual(
            history.history.map(\.totals.reviews), try fromTotals(store, scheduler).history.map(\.totals.reviews))
        XCTAssertEqual(history.recall, try fromTotals(store, scheduler).recall)
    }

    func testStreaksCountUpToYesterdayUntilTodayHasAnswers() throws {
        let scheduler = try scheduler("UTC")
        var history = ActivityHistory()
        let today = scheduler.studyDay(of: Fixtures.date("2026-05-20 12:00"))
        func review(_ day: Int) -> Review {
            Review(
                deck: "d", cardKey: "k", time: Date(timeIntervalSince1970: Double(day) * 86_400 + 5 * 3_600),
                answer: .gotIt, boxBefore: 1, boxAfter: 2, mode: .study, isRepeat: false)
        }
        XCTAssertEqual(history.streak(today: today), .init(current: 0, longest: 0))
        for day in [today - 10, today - 9, today - 8, today - 7, today - 3, today - 2, today - 1] {
            history.add(review(day), scheduler: scheduler)
        }
        XCTAssertEqual(history.streak(today: today), .init(current: 3, longest: 4), "today not studied yet")
        history.add(review(today), scheduler: scheduler)
        XCTAssertEqual(history.streak(today: today), .init(current: 4, longest: 4))
        XCTAssertEqual(history.streak(today: today + 2), .init(current: 0, longest: 4), "a day missed ends it")
        history.add(review(today - 9), scheduler: scheduler)
        XCTAssertEqual(history.busiestDay?.day, today - 9)
        XCTAssertEqual(history.busiestDay?.totals.reviews, 2)
    }

    func testRetentionCountsGradedStudyAnswersOfTheLast30DaysByBoxBefore() throws {
        let scheduler = try scheduler("UTC")
        let now = Fixtures.date("2026-07-31 12:00")
        let today = scheduler.studyDay(of: now)
        var history = ActivityHistory()
        func add(_ daysAgo: Int, box: Int, _ answer: Answer, mode: StudyMode = .study, isRepeat: Bool = false) {
            history.add(
                Review(
                    deck: "d", cardKey: "k", time: now.addingTimeInterval(-Double(daysAgo) * 86_400), answer: answer,
                    boxBefore: box, boxAfter: box, mode: mode, isRepeat: isRepeat), scheduler: scheduler)
        }
        add(0, box: 1, .gotIt)
        add(1, box: 1, .missed)
        add(29, box: 3, .gotIt)
        add(30, box: 3, .missed)  // outside the 30 days
        add(2, box: 2, .gotIt, mode: .ahead)
        add(2, box: 2, .missed, mode: .cram)  // cram: excluded
        add(2, box: 2, .missed, mode: .missed)  // missed review: excluded
        add(2, box: 2, .missed, isRepeat: true)  // repeat: excluded
        add(2, box: 0, .gotIt)  // a new card's first answer: no interval yet
        add(3, box: 7, .gotIt)  // from a longer box list: counts in the last box
        XCTAssertEqual(
            history.retention(today: today, boxCount: 5).map { [$0.box, $0.reviews, $0.got] },
            [[1, 2, 1], [2, 1, 1], [3, 1, 1], [4, 0, 0], [5, 1, 1]])
        XCTAssertEqual(history.timeSpent(today: today).allTime.reviews, 10)
    }

    func testTimeTodayLastSevenDaysAndAllTime() throws {
        let scheduler = try scheduler("UTC")
        let now = Fixtures.date("2026-07-31 12:00")
        var history = ActivityHistory()
        for (daysAgo, seconds) in [(0, 12.0), (0, 8.0), (6, 30.0), (7, 100.0), (40, nil)] as [(Int, Double?)] {
            history.add(
                Review(
                    deck: "d", cardKey: "k", time: now.addingTimeInterval(-Double(daysAgo) * 86_400), answer: .gotIt,
                    boxBefore: 1, boxAfter: 2, mode: .study, isRepeat: false, seconds: seconds), scheduler: scheduler)
        }
        let time = history.timeSpent(today: scheduler.studyDay(of: now))
        XCTAssertEqual(time.today.seconds, 20)
        XCTAssertEqual(time.lastSevenDays.seconds, 50)
        XCTAssertEqual(time.allTime.seconds, 150)
        XCTAssertEqual(time.allTime.reviews, 5)
        XCTAssertEqual(time.allTime.secondsPerAnswer, 37.5, "only answers whose time was measured")
        XCTAssertEqual(Review.answerSeconds(shown: now, graded: now.addingTimeInterval(4_000)), 300)
        XCTAssertEqual(Review.answerSeconds(shown: now, graded: now.addingTimeInterval(-30)), 0)
    }

    func testStudyDatesAndWeekdays() {
        XCTAssertEqual(StudyDate.iso(0), "1970-01-01")
        XCTAssertEqual(StudyDate.weekday(0), 3, "a Thursday")
        XCTAssertEqual(StudyDate.iso(-1), "1969-12-31")
        let scheduler = LeitnerScheduler(config: .standard(timeZone: Fixtures.utc()))
        let leap = scheduler.studyDay(of: Fixtures.date("2028-02-29 12:00"))
        XCTAssertEqual(StudyDate.iso(leap), "2028-02-29")
        XCTAssertEqual(StudyDate.iso(leap + 1), "2028-03-01")
        XCTAssertEqual(StudyDate.weekday(leap), 1, "a Tuesday")
        XCTAssertEqual(StudyDate.monthName(leap), "Feb")
        XCTAssertEqual(StudyDate.display(leap), "29 Feb 2028")
        XCTAssertEqual(StudyDate.iso(scheduler.studyDay(of: Fixtures.date("2026-01-01 03:59"))), "2025-12-31")
    }

    /// A file from before durations and totals: upgraded in place, its log totalled, nothing lost.
    func testAnOlderFileGainsTotalsOfItsWholeLog() throws {
        let folder = try Fixtures.temporaryFolder(self)
        let path = folder.appendingPathComponent("p.sqlite").path
        let scheduler = try scheduler("UTC")
        // A file of the schema before the totals: no totals, no durations.
        let queue = try DatabaseQueue(path: path)
        try ProgressStore.migrator.migrate(queue, upTo: "v2-orphan-check")
        var logs: [Int: [Review]] = [:]
        try queue.write { db in
            for step in 0..<40 {
                let card = step % 3
                let id = deck.cards[card].id
                let review = scheduler.review(
                    deck: id.deck, key: id.key, state: logs[card].flatMap { scheduler.replay($0) },
                    answer: step % 5 == 0 ? .missed : .gotIt, mode: step % 6 == 5 ? .cram : .study, isRepeat: false,
                    now: Fixtures.date("2026-03-01 10:00").addingTimeInterval(Double(step) * 20_000)
                ).review
                logs[card, default: []].append(review)
                try db.execute(
                    sql: """
                        INSERT INTO review (deck, card_key, time, result, box_before, box_after, mode, is_repeat)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        id.deck, id.key, review.time.timeIntervalSince1970, review.answer.rawValue, review.boxBefore,
                        review.boxAfter, review.mode.rawValue, review.isRepeat,
                    ])
            }
        }
        try queue.close()
        let store = try ProgressStore(path: path)
        XCTAssertEqual(try store.reviewCount(), 40)
        XCTAssertEqual(try store.integrityCheck(), "ok")
        let totals = try fromTotals(store, scheduler)
        let fromLog = ActivityHistory(reviews: try store.allReviews(), scheduler: scheduler)
        XCTAssertEqual(totals, fromLog)
        XCTAssertEqual(totals.history.reduce(0) { $0 + $1.totals.reviews }, 40)
        XCTAssertEqual(totals.timeSpent(today: 0).allTime.timed, 0, "old answers have no duration")
        // New answers are timed from now on.
        try answer(store, scheduler, card: 0, at: Fixtures.date("2026-04-01 10:00"), seconds: 9)
        XCTAssertEqual(try fromTotals(store, scheduler).timeSpent(today: 0).allTime.seconds, 9)
    }

    func testTopicReviewsAndDeckFilters() throws {
        let scheduler = try scheduler("UTC")
        let store = try ProgressStore()
        try answer(store, scheduler, card: 0, at: Fixtures.date("2026-03-01 10:00"))
        try answer(store, scheduler, card: 1, at: Fixtures.date("2026-03-02 10:00"))
        try answer(store, scheduler, card: 0, at: Fixtures.date("2026-03-03 10:00"))
        XCTAssertEqual(try store.reviews(of: [deck.cards[0].id]).count, 2)
        XCTAssertEqual(try store.activityBuckets(decks: ["elsewhere"]), [])
        XCTAssertEqual(try store.activityBuckets(decks: [deck.cards[0].deck]).count, 3)
        XCTAssertEqual(try store.recallBuckets(since: Fixtures.date("2026-03-02 00:00")).count, 1)
    }

    func testTotalsOfSeveralDecksMergeAsTheirSQLGrouping() throws {
        let scheduler = try scheduler("UTC")
        let store = try ProgressStore()
        // Three decks answering in buckets that overlap in every combination, with and without durations.
        let decks = ["b", "a", "c"]
        for step in 0..<40 {
            let deck = decks[step % 3]
            let time = Fixtures.date("2026-03-01 10:00").addingTimeInterval(Double(step / 2) * 600)
            let review = scheduler.review(
                deck: deck, key: "k\(step % 5)", state: nil, answer: step % 4 == 0 ? .missed : .gotIt,
                mode: .study, isRepeat: false, now: time
            ).review
            var timed = review
            timed.seconds = step % 7 == 0 ? nil : Double(step) / 3
            try store.record(timed, question: "", scheduler: scheduler)
        }
        let (buckets, recall) = try store.dbWriter.read { db in
            (
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT bucket, SUM(reviews), SUM(got), SUM(missed), SUM(seconds), SUM(timed)
                        FROM review_total WHERE deck IN ('a', 'c') GROUP BY bucket ORDER BY bucket
                        """
                ).map {
                    ActivityBucket(
                        bucket: $0[0],
                        totals: ActivityTotal(reviews: $0[1], got: $0[2], missed: $0[3], seconds: $0[4], timed: $0[5]))
                },
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT bucket, box, SUM(reviews), SUM(got) FROM recall_total
                        GROUP BY bucket, box ORDER BY bucket, box
                        """
                ).map { RecallBucket(bucket: $0[0], box: $0[1], reviews: $0[2], got: $0[3]) }
            )
        }
        XCTAssertGreaterThan(buckets.count, 5)
        XCTAssertEqual(try store.activityBuckets(decks: ["a", "c", "elsewhere"]), buckets)
        XCTAssertEqual(try store.recallBuckets(since: .distantPast), recall)
        XCTAssertEqual(try store.activityBuckets().reduce(0) { $0 + $1.totals.reviews }, 40)
        XCTAssertEqual(try store.activityBuckets(decks: []), [])
    }

    func testStatsJSONCarriesHistoryForecastStreakAndRetention() throws {
        let scheduler = try scheduler("UTC")
        let store = try ProgressStore()
        let now = Fixtures.date("2026-03-03 12:00")
        try answer(store, scheduler, card: 0, at: Fixtures.date("2026-03-01 10:00"), .missed, seconds: 4.4)
        try answer(store, scheduler, card: 1, at: Fixtures.date("2026-03-02 10:00"), seconds: 6)
        let states = try deck.cards.map { card in
            scheduler.replay(try store.reviews(of: card.id))
        }
        var report = StatsReport(
            collection: deck, states: states, scheduler: scheduler, reviews: try store.reviewCount(), now: now)
        let forecast = DueForecast(
            scheduler: scheduler, states: states, suspended: [], range: deck.cards.indices, now: now)
        report.addActivity(
            try fromTotals(store, scheduler), forecast: forecast, today: scheduler.studyDay(of: now), boxCount: 5)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        let history = try XCTUnwrap(object["history"] as? [[String: Any]])
        XCTAssertEqual(history.count, 2)
        XCTAssertEqual(history[0]["date"] as? String, "2026-03-01")
        XCTAssertEqual(history[0]["missed"] as? Int, 1)
        XCTAssertEqual(history[0]["seconds"] as? Int, 4)
        let days = try XCTUnwrap(object["forecast"] as? [[String: Any]])
        XCTAssertEqual(days.count, 30)
        XCTAssertEqual(days[0]["date"] as? String, "2026-03-03")
        XCTAssertEqual(days[0]["due"] as? Int, 2, "card one is overdue since the 2nd, card two due today")
        XCTAssertEqual(days.dropFirst().compactMap { $0["due"] as? Int }.reduce(0, +), 0)
        XCTAssertEqual(days[29]["date"] as? String, "2026-04-01")
        XCTAssertEqual(object["streak"] as? [String: Int], ["current": 2, "longest": 2])
        XCTAssertEqual((object["retention"] as? [Any])?.count, 5)
    }

    func testTheJSONIsWhatJSONEncoderWrites() throws {
        let tricky = Fixtures.collection(
            "---\ntitle: Quotes \"and\" back\\slash / 東京 🗼\n---\n# Tab\there\nQ: one\nA: 1\n\n## \u{01}ctl\nQ: two\nA: 2\n"
        )
        let scheduler = try scheduler("UTC")
        let now = Fixtures.date("2026-03-03 12:00")
        var report = StatsReport(collection: tricky, states: [nil, nil], scheduler: scheduler, reviews: 3, now: now)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        XCTAssertEqual(report.json(), String(decoding: try encoder.encode(report), as: UTF8.self))
        var history = ActivityHistory()
        history.add(
            Review(
                deck: "d", cardKey: "k", time: now, answer: .gotIt, boxBefore: 2, boxAfter: 3, mode: .study,
                isRepeat: false, seconds: 7), scheduler: scheduler)
        report.addActivity(
            history, forecast: DueForecast(due: [1, 2, 3], firstDay: 20_000), today: scheduler.studyDay(of: now),
            boxCount: 5)
        XCTAssertEqual(report.json(), String(decoding: try encoder.encode(report), as: UTF8.self))
        XCTAssertTrue(report.json().contains("\"history\":[{\"date\":\"2026-03-03\""), report.json())
    }
}
