/// Counts shown when a session ends: cards seen, first answers right and missed, boxes moved.
public struct SessionSummary: Hashable, Sendable {
    public var seen = 0
    public var right = 0
    public var missed = 0
    public var repeats = 0
    public var movedUp = 0
    public var movedDown = 0

    public init() {}
}
