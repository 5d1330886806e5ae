import CardboxEngine

/// The end-of-session screen: the finished session (kept so `u` can still undo its last answer).
public struct SummaryState: Sendable {
    public var session: StudySession
    /// True when the queue ran out; false when the learner ended the session early.
    public var completed: Bool

    public init(session: StudySession, completed: Bool) {
        self.session = session
        self.completed = completed
    }
}
