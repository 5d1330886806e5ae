import Foundation

/// Answers per study day (the `day-start` roll-over, in the scheduler's zone), and recall answers per
/// study day and box for recent days: what the heatmap, streaks, time and retention are read from.
///
/// It is made from the store's 15-minute totals (`ProgressStore.activityBuckets`), or from log rows
/// (a topic's), and kept up to date in memory with `add` as answers arrive, so reading it never
/// touches the log.
public struct ActivityHistory: Hashable, Sendable {
    /// Totals per study day that had answers.
    public private(set) var days: [Int: ActivityTotal] = [:]
    /// Recall answers per study day and box before the answer.
    public private(set) var recall: [Int: [Int: RecallTally]] = [:]

    /// Right answers out of all, for one box.
    public struct RecallTally: Hashable, Sendable {
        public var reviews = 0
        public var got = 0

        public init(reviews: Int = 0, got: Int = 0) {
            self.reviews = reviews
            self.got = got
        }
    }

    /// Days of retention the statistics show.
    public static let retentionDays = 30

    public init() {}

    /// Folds 15-minute totals into study days with `scheduler`'s zone and roll-over.
    public init(buckets: [ActivityBucket], recall: [RecallBucket], scheduler: LeitnerScheduler) {
        var folder = StudyDayFolder(scheduler: scheduler)
        for bucket in buckets {
            days[folder.studyDay(of: bucket.start), default: ActivityTotal()].add(bucket.totals)
        }
        for bucket in recall {
            let day = folder.studyDay(of: Date(timeIntervalSince1970: Double(bucket.bucket) * 900))
            self.recall[day, default: [:]][bucket.box, default: RecallTally()].reviews += bucket.reviews
            self.recall[day, default: [:]][bucket.box, default: RecallTally()].got += bucket.got
        }
    }

    /// The history of `reviews` (log rows, any order).
    public init(reviews: [Review], scheduler: LeitnerScheduler) {
        var folder = StudyDayFolder(scheduler: scheduler)
        for review in reviews { add(review, day: folder.studyDay(of: review.time)) }
    }

    /// Counts an answer just given (`sign` -1 takes it back, for undo).
    public mutating func add(_ review: Review, scheduler: LeitnerScheduler, sign: Int = 1) {
        add(review, day: scheduler.studyDay(of: review.time), sign: sign)
    }

    private mutating func add(_ review: Review, day: Int, sign: Int = 1) {
        days[day, default: ActivityTotal()].add(ActivityTotal(review, sign: sign))
        if days[day]?.reviews ?? 0 <= 0 { days[day] = nil }
        guard review.measuresRecall else { return }
        var tally = recall[day]?[review.boxBefore] ?? RecallTally()
        tally.reviews += sign
        tally.got += review.answer == .gotIt ? sign : 0
        recall[day, default: [:]][review.boxBefore] = tally.reviews > 0 ? tally : nil
        if recall[day]?.isEmpty == true { recall[day] = nil }
    }

    /// The study day before which retention is not needed, for reading recall totals: a day's margin
    /// before the window, so any zone's fold finds all of it.
    public static func recallSince(now: Date) -> Date {
        now.addingTimeInterval(-Double(retentionDays + 1) * 86_400)
    }

    // MARK: Reading

    /// One study day's answers.
    public struct Day: Hashable, Sendable {
        public var day: Int
        public var totals: ActivityTotal

        /// `YYYY-MM-DD`.
        public var date: String { StudyDate.iso(day) }
    }

    /// Every study day with answers, oldest first.
    public var history: [Day] {
        days.keys.sorted().map { Day(day: $0, totals: days[$0]!) }
    }

    /// Answers on study day `day`.
    public func reviews(on day: Int) -> Int { days[day]?.reviews ?? 0 }

    /// Consecutive study days with answers.
    public struct Streak: Hashable, Sendable, Codable {
        /// The run ending today, or yesterday while today has no answers yet.
        public var current: Int
        /// The longest run ever.
        public var longest: Int

        public init(current: Int, longest: Int) {
            self.current = current
            self.longest = longest
        }
    }

    /// Streaks as of study day `today`.
    public func streak(today: Int) -> Streak {
        var current = 0
        var day = days[today] != nil ? today : today - 1
        while days[day] != nil {
            current += 1
            day -= 1
        }
        var longest = 0
        var run = 0
        var previous: Int?
        for day in days.keys.sorted() {
            run = previous == day - 1 ? run + 1 : 1
            longest = max(longest, run)
            previous = day
        }
        return Streak(current: current, longest: max(longest, current))
    }

    /// The study day with the most answers (the earliest of equals), if any.
    public var busiestDay: Day? {
        var best: Day?
        for (day, totals) in days {
            if best.map({ totals.reviews > $0.totals.reviews || (totals.reviews == $0.totals.reviews && day < $0.day) })
                ?? true
            {
                best = Day(day: day, totals: totals)
            }
        }
        return best
    }

    /// Answers and time today, over the last 7 study days (today included) and in all.
    public struct TimeSpent: Hashable, Sendable {
        public var today: ActivityTotal
        public var lastSevenDays: ActivityTotal
        public var allTime: ActivityTotal
    }

    /// Time spent as of study day `today`.
    public func timeSpent(today: Int) -> TimeSpent {
        var result = TimeSpent(
            today: days[today] ?? ActivityTotal(), lastSevenDays: ActivityTotal(), allTime: ActivityTotal())
        for (day, totals) in days {
            result.allTime.add(totals)
            if day > today - 7 && day <= today { result.lastSevenDays.add(totals) }
        }
        return result
    }

    /// Recall answers of one box over the retention window.
    public struct BoxRetention: Hashable, Sendable, Codable {
        public var box: Int
        public var reviews: Int
        public var got: Int

        public init(box: Int, reviews: Int, got: Int) {
            self.box = box
            self.reviews = reviews
            self.got = got
        }

        /// Share answered right, 0...1; nil without answers.
        public var share: Double? { reviews > 0 ? Double(got) / Double(reviews) : nil }
    }

    /// Recall per box (box 1 to `boxCount`) over the 30 study days ending with `today`.
    public func retention(today: Int, boxCount: Int) -> [BoxRetention] {
        var boxes = (1...max(1, boxCount)).map { BoxRetention(box: $0, reviews: 0, got: 0) }
        for (day, tallies) in recall where day > today - Self.retentionDays && day <= today {
            // Boxes beyond today's count (the intervals were shortened) count as the last box, as cards do.
            for (box, tally) in tallies where box >= 1 {
                boxes[min(box, boxes.count) - 1].reviews += tally.reviews
                boxes[min(box, boxes.count) - 1].got += tally.got
            }
        }
        return boxes
    }
}
