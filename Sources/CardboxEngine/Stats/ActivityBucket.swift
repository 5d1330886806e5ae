import Foundation

/// Answers given in one 15-minute UTC bucket: how many, right, missed, and the time they took.
public struct ActivityBucket: Hashable, Sendable {
    /// Quarter hours since 1970-01-01 00:00 UTC.
    public var bucket: Int
    public var totals: ActivityTotal

    public init(bucket: Int, totals: ActivityTotal) {
        self.bucket = bucket
        self.totals = totals
    }

    /// The start of the bucket.
    public var start: Date { Date(timeIntervalSince1970: Double(bucket) * 900) }

    /// The bucket holding `date`.
    public static func bucket(of date: Date) -> Int { ActivityTotals.bucket(of: date) }
}

/// Recall answers (graded study answers of reviewed cards) from one box in one 15-minute bucket.
public struct RecallBucket: Hashable, Sendable {
    public var bucket: Int
    /// The box before the answer.
    public var box: Int
    public var reviews: Int
    public var got: Int

    public init(bucket: Int, box: Int, reviews: Int, got: Int) {
        self.bucket = bucket
        self.box = box
        self.reviews = reviews
        self.got = got
    }
}

/// Counts of answers over some span: all of them, right, missed, and the seconds spent on those
/// whose duration was measured (`timed` of them).
public struct ActivityTotal: Hashable, Sendable {
    public var reviews = 0
    public var got = 0
    public var missed = 0
    public var seconds = 0.0
    public var timed = 0

    public init(reviews: Int = 0, got: Int = 0, missed: Int = 0, seconds: Double = 0, timed: Int = 0) {
        self.reviews = reviews
        self.got = got
        self.missed = missed
        self.seconds = seconds
        self.timed = timed
    }

    /// The totals of one review (`sign` -1: taking it out).
    public init(_ review: Review, sign: Int = 1) {
        reviews = sign
        got = review.answer == .gotIt ? sign : 0
        missed = review.answer == .missed ? sign : 0
        seconds = Double(sign) * (review.seconds ?? 0)
        timed = review.seconds == nil ? 0 : sign
    }

    public mutating func add(_ other: ActivityTotal) {
        reviews += other.reviews
        got += other.got
        missed += other.missed
        seconds += other.seconds
        timed += other.timed
    }

    /// Average seconds per answer whose time was measured; nil when none was.
    public var secondsPerAnswer: Double? { timed > 0 ? seconds / Double(timed) : nil }
}
