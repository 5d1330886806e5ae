import CardboxEngine
import Foundation

/// A running session as the UI shows it: the engine's `StudySession` plus whether the answer is shown.
public struct SessionState: Sendable {
    public var session: StudySession
    /// True once the answer is revealed (in browse: toggled with Space).
    public var revealed: Bool
    /// Where `Esc` goes back to: the session a search hit was opened from; nil for the tree.
    public var returnTo: Mode?
    /// When the current card was shown; its answer's duration runs from here to the grade. Nil when
    /// the card came back after a failed save, whose first showing is not known.
    public var shownAt: Date?

    public init(session: StudySession, revealed: Bool = false, shownAt: Date? = nil, returnTo: Mode? = nil) {
        self.session = session
        self.revealed = revealed
        self.shownAt = shownAt
        self.returnTo = returnTo
    }

    /// "Study", "Cram", "Missed" or "Browse".
    public var modeName: String { session.mode.displayName }

    /// 1-based position and queue length, e.g. (3, 20).
    public var progress: (position: Int, count: Int) {
        let queue = session.queue
        let removed = session.removed
        guard !removed.isEmpty else { return (min(session.position + 1, queue.count), queue.count) }
        // The places of a card taken out (suspended, or gone from its deck) are neither done nor to do.
        let done = queue[..<min(session.position, queue.count)].count { !removed.contains($0) }
        let count = queue.count { !removed.contains($0) }
        return (min(done + 1, count), count)
    }
}

extension StudyMode {
    /// The mode's name as the UI shows it.
    public var displayName: String {
        switch self {
        case .study: "Study"
        case .ahead: "Study ahead"
        case .missed: "Missed"
        case .cram: "Cram"
        case .browse: "Browse"
        case .imported: "Imported"
        }
    }
}
