import CardboxEngine
import CardboxTestSupport
import Foundation
import XCTest

/// The clock misbehaving: going backwards, other time zones (with daylight saving and skipped days),
/// dates far in the future and far in the past. Nothing crashes, nothing comes due early, no interval
/// is negative.
final class TimeRobustnessTests: XCTestCase {
    static let zones = [
        "UTC", "Asia/Tokyo", "America/Los_Angeles", "America/New_York", "Asia/Kathmandu",
        "Australia/Lord_Howe", "Pacific/Chatham", "Pacific/Apia", "Pacific/Kiritimati", "America/St_Johns",
    ]
    .compactMap(TimeZone.init(identifier:))

    private func scheduler(_ zone: TimeZone) -> LeitnerScheduler { LeitnerScheduler(config: .standard(timeZone: zone)) }

    /// Review instants from 1970-01-02 to 9999-12-30, dense around DST changes and Samoa's skipped 2011-12-30.
    private func instants(_ count: Int, seed: UInt64) -> [Date] {
        var random = SplitMix(seed: seed)
        // 1970-01-02, 9999-12-30
        var dates = [Date(timeIntervalSince1970: 86_400), Date(timeIntervalSince1970: 253_402_128_000)]
        let apiaSkip = Date(timeIntervalSince1970: 1_325_152_800)  // 2011-12-29 10:00 UTC, as Samoa jumped a day
        for _ in 0..<count {
            switch random.next() % 3 {
            case 0: dates.append(Date(timeIntervalSince1970: Double(random.next() % 253_402_128_000) + 86_400))
            case 1: dates.append(Date(timeIntervalSince1970: 1_700_000_000 + Double(random.next() % (86_400 * 800))))
            default: dates.append(apiaSkip.addingTimeInterval(Double(random.next() % (86_400 * 6)) - 86_400 * 3))
            }
        }
        return dates
    }

    /// For every zone and box: the due date is after the review, at most the interval (plus a day and a
    /// daylight-saving hour) later, at the roll-over, and never due a second early.
    func testDueDatesAreSaneInEveryZoneAndEra() {
        for zone in Self.zones {
            let scheduler = scheduler(zone)
            for (index, reviewed) in instants(300, seed: 11).enumerated() {
                for box in 1...5 {
                    let state = CardState(box: box, lastReview: reviewed, missed: false, firstReview: reviewed)
                    let due = scheduler.dueDate(of: state)
                    let interval = Double(scheduler.config.intervals[box - 1]) * 86_400
                    let context = "\(zone.identifier) #\(index) \(reviewed) box \(box): due \(due)"
                    XCTAssertGreaterThan(due, reviewed, context)
                    XCTAssertLessThanOrEqual(due.timeIntervalSince(reviewed), interval + 86_400 + 3_600, context)
                    // A skipped calendar day (Samoa, 2011) shortens an interval by that day.
                    let skipped = zone.identifier == "Pacific/Apia" ? 86_400.0 : 0
                    XCTAssertGreaterThanOrEqual(
                        due.timeIntervalSince(reviewed), interval - 86_400 - 3_600 - skipped, context)
                    XCTAssertFalse(scheduler.isDue(state, now: due.addingTimeInterval(-1)), context)
                    XCTAssertTrue(scheduler.isDue(state, now: due), context)
                    let start = scheduler.studyDayStart(containing: reviewed)
                    XCTAssertLessThanOrEqual(start, reviewed, context)
                    XCTAssertLessThan(reviewed.timeIntervalSince(start), 2 * 86_400, context)
                }
            }
        }
    }

    /// Answer at T, then the clock goes back: nothing is due early, the queue and counts hold no card
    /// reviewed "in the future", and the next due date is still ahead.
    func testClockGoingBackwardsShowsNothingDueEarly() {
        let zone = TimeZone(identifier: "Europe/Berlin")!
        let scheduler = scheduler(zone)
        let reviewed = Fixtures.date("2026-03-29 12:00", zone)  // the day Berlin moves to summer time
        var states: [CardState?] = []
        for box in 1...5 {
            states.append(CardState(box: box, lastReview: reviewed, missed: box == 1, firstReview: reviewed))
        }
        states.append(nil)
        for hoursBack: Double in [1, 12, 24, 24 * 30, 24 * 365 * 50] {
            let now = reviewed.addingTimeInterval(-hoursBack * 3_600)
            for state in states.compactMap({ $0 }) {
                XCTAssertFalse(
                    scheduler.isDue(state, now: now), "box \(state.box) due \(hoursBack) h before its review")
                XCTAssertGreaterThan(scheduler.dueDate(of: state), now)
            }
            let queues = Fixtures.queues(scheduler, states, now: now)
            XCTAssertEqual(
                queues.study(range: 0..<states.count, newAllowance: 20), [5], "only the new card; \(hoursBack) h back")
            XCTAssertEqual(queues.missed(range: 0..<states.count), [0])
            let next = scheduler.nextDue(range: 0..<states.count, states: states, now: now)
            XCTAssertNotNil(next)
            XCTAssertGreaterThan(next!, now)
        }
        // Answering with the earlier clock finds the card not due: the answer is kept, the box and due date
        // stay, and nothing turns negative.
        let earlier = reviewed.addingTimeInterval(-3 * 86_400)
        let after = scheduler.apply(.gotIt, to: states[1], mode: .study, isRepeat: false, now: earlier)!
        XCTAssertEqual(after.box, 2)
        XCTAssertEqual(after.lastReview, reviewed)
        XCTAssertGreaterThan(scheduler.dueDate(of: after), earlier)
        let later = reviewed.addingTimeInterval(3 * 86_400)
        let replayed = scheduler.replay([
            Review(
                deck: "d", cardKey: "k", time: reviewed, answer: .gotIt, boxBefore: 0, boxAfter: 1, mode: .study,
                isRepeat: false),
            Review(
                deck: "d", cardKey: "k", time: later, answer: .gotIt, boxBefore: 1, boxAfter: 2, mode: .study,
                isRepeat: false),
            Review(
                deck: "d", cardKey: "k", time: earlier, answer: .gotIt, boxBefore: 2, boxAfter: 2, mode: .study,
                isRepeat: false),
        ])
        XCTAssertEqual(replayed?.box, 2, "the log replays in order of answers; the last one found nothing due")
        XCTAssertEqual(replayed?.lastReview, later)
    }

    /// The same review instant read in Tokyo and in Los Angeles: the day rolls over at 04:00 local time in each.
    func testProgressReadInAnotherZoneFollowsThatZonesRollOver() {
        // 18:00 in Tokyo, 01:00 in Los Angeles
        let reviewed = ISO8601DateFormatter().date(from: "2026-03-01T09:00:00Z")!
        let state = CardState(box: 1, lastReview: reviewed, missed: false, firstReview: reviewed)
        let tokyo = scheduler(TimeZone(identifier: "Asia/Tokyo")!).dueDate(of: state)
        let losAngeles = scheduler(TimeZone(identifier: "America/Los_Angeles")!).dueDate(of: state)
        XCTAssertEqual(tokyo, ISO8601DateFormatter().date(from: "2026-03-01T19:00:00Z"), "04:00 on 2 March in Tokyo")
        XCTAssertEqual(
            losAngeles, ISO8601DateFormatter().date(from: "2026-03-01T12:00:00Z"),
            "01:00 belongs to the study day of 28 February; due 04:00 on 1 March in Los Angeles")
    }

    /// New-card allowance with the clock set back: cards first seen "in the future" do not make the
    /// count negative or let more than the daily allowance in.
    func testNewCardAllowanceWithClockBack() {
        let scheduler = scheduler(Fixtures.utc())
        let later = Fixtures.date("2026-03-10 10:00")
        let states: [CardState?] = (0..<30).map {
            $0 < 10 ? CardState(box: 1, lastReview: later, missed: false, firstReview: later) : nil
        }
        let now = Fixtures.date("2026-03-01 10:00")
        let introduced = scheduler.newCardsIntroduced(states: states, now: now)
        XCTAssertGreaterThanOrEqual(introduced, 0)
        let queue = Fixtures.queues(scheduler, states, now: now)
            .study(range: 0..<30, newAllowance: max(0, scheduler.config.newCardsPerDay - introduced))
        XCTAssertLessThanOrEqual(queue.count, 20)
        XCTAssertTrue(queue.allSatisfy { states[$0] == nil }, "no card reviewed later than now is due")
    }
}
