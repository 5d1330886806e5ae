import Foundation

/// What the card pane says when a study session would be empty: when the next card is due, and what
/// else can be done with the topic.
public struct NothingDue: Hashable, Sendable {
    public var topic: Int
    /// When the earliest reviewed card of the topic becomes due; nil when none is scheduled.
    public var nextDue: Date?
    public var missed: Int
    public var total: Int

    public init(topic: Int, nextDue: Date?, missed: Int, total: Int) {
        self.topic = topic
        self.nextDue = nextDue
        self.missed = missed
        self.total = total
    }
}
