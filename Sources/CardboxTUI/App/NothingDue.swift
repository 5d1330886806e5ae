import Foundation

/// What the card pane says when a study session would be empty: when the next card is due, and what
/// else can be done with the topic.
public struct NothingDue: Hashable, Sendable {
    public var topic: Int
    /// When the earliest reviewed card of the topic becomes due; nil when none is scheduled.
    public var nextDue: Date?
    public var missed: Int
    /// Cards that cram (`c`) would hold: every card of the topic that is not suspended.
    public var total: Int
    /// Why a study session would be empty.
    public var reason: Reason
    /// Cards that study ahead (`a`) would hold.
    public var ahead: Int

    /// Why there is nothing to study.
    public enum Reason: Hashable, Sendable {
        /// No reviewed card is due, and no new card is waiting.
        case nothingDue
        /// New cards are waiting, but today's new-card limit is used up.
        case newLimitReached
        /// Every card of the topic is suspended.
        case allSuspended
    }

    public init(
        topic: Int, nextDue: Date?, missed: Int, total: Int, reason: Reason = .nothingDue, ahead: Int = 0
    ) {
        self.topic = topic
        self.nextDue = nextDue
        self.missed = missed
        self.total = total
        self.reason = reason
        self.ahead = ahead
    }
}
