/// What happens to a card that becomes a leech.
public enum LeechAction: String, Hashable, Sendable, CaseIterable {
    /// Marked as a leech and counted, still studied.
    case flag
    /// Suspended at once, with a status message.
    case suspend
}

/// When a card counts as a leech: missed `threshold` times in study or study ahead.
public struct LeechRule: Hashable, Sendable {
    public var threshold: Int
    public var action: LeechAction

    /// Thresholds the settings accept.
    public static let thresholds = 1...1000
    public static let standard = LeechRule(threshold: 8, action: .flag)

    public init(threshold: Int, action: LeechAction) {
        self.threshold = threshold
        self.action = action
    }

    public func isLeech(_ state: CardState?) -> Bool { (state?.lapses ?? 0) >= threshold }
}

/// How far ahead `a` looks for cards to study early.
public enum StudyAhead {
    /// Days the settings accept.
    public static let dayRange = 1...365
    public static let standardDays = 7
}

/// The study day's choices beyond the scheduler's intervals: new-card order, how far study ahead
/// looks, and the leech rule.
public struct StudyDayRules: Hashable, Sendable {
    public var newOrder: StudyQueue.NewOrder
    public var aheadDays: Int
    public var leech: LeechRule

    public init(
        newOrder: StudyQueue.NewOrder = .deck, aheadDays: Int = StudyAhead.standardDays,
        leech: LeechRule = .standard
    ) {
        self.newOrder = newOrder
        self.aheadDays = aheadDays
        self.leech = leech
    }
}
