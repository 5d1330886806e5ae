import Foundation

/// What the scheduler knows about one reviewed card; a card never reviewed has no state (it is new).
public struct CardState: Hashable, Sendable {
    /// Leitner box, 1 ... boxCount.
    public var box: Int
    /// Time of the last answer that scheduled the card (study mode, first answer in a session).
    public var lastReview: Date
    /// True when the latest graded answer was "missed".
    public var missed: Bool
    /// Time the card was first reviewed; counts it against that day's new-card limit.
    public var firstReview: Date

    public init(box: Int, lastReview: Date, missed: Bool, firstReview: Date) {
        self.box = box
        self.lastReview = lastReview
        self.missed = missed
        self.firstReview = firstReview
    }
}
