import Foundation

/// What the scheduler knows about one reviewed card; a card never reviewed has no state (it is new).
public struct CardState: Hashable, Sendable {
    /// Leitner box, 1 ... boxCount.
    public var box: Int
    /// Time of the last answer that scheduled the card (study mode, first answer in a session).
    public var lastReview: Date
    /// True from a "missed" answer, in any mode, until the card is next answered right.
    public var missed: Bool
    /// How often the card was missed in study or study ahead (in-session repeats not counted).
    public var lapses: Int
    /// Time the card was first reviewed; counts it against that day's new-card limit.
    public var firstReview: Date

    public init(box: Int, lastReview: Date, missed: Bool, firstReview: Date, lapses: Int = 0) {
        self.box = box
        self.lastReview = lastReview
        self.missed = missed
        self.firstReview = firstReview
        self.lapses = lapses
    }
}
