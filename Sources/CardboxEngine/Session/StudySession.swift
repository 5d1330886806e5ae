import Foundation

/// A run through a queue of cards in one mode: grading, in-session re-asks after a miss, and undo.
///
/// The session updates the in-memory card states and hands back each `Review` for the caller to
/// persist before the next card is shown.
public struct StudySession: Sendable {
    public let mode: StudyMode
    /// Topic node the session was started on.
    public private(set) var topic: Int
    /// Card indices in the order they are asked; misses are appended again.
    public private(set) var queue: [Int]
    /// Index into `queue` of the card being asked.
    public private(set) var position: Int = 0
    public private(set) var summary = SessionSummary()
    /// Number of distinct cards the session started with.
    public let initialCount: Int

    private var graded: Set<Int> = []
    /// Cards taken out of the session (suspended while it ran); their places in the queue are skipped.
    public private(set) var removed: Set<Int> = []
    private var history: [Step] = []

    private struct Step: Sendable {
        var card: Int
        var review: Review
        var stateBefore: CardState?
        var queueCount: Int
        var position: Int
        var summary: SessionSummary
        var wasGraded: Bool
    }

    public init(mode: StudyMode, topic: Int, queue: [Int]) {
        self.mode = mode
        self.topic = topic
        self.queue = queue
        self.initialCount = queue.count
    }

    /// The card index being asked, or nil when the session is finished.
    public var current: Int? { position < queue.count ? queue[position] : nil }

    public var isFinished: Bool { current == nil }

    /// Cards still to be asked, the current one included.
    public var remaining: Int {
        guard !removed.isEmpty else { return max(0, queue.count - position) }
        return queue[min(position, queue.count)...].count { !removed.contains($0) }
    }

    /// True when there is an answer to undo.
    public var canUndo: Bool { !history.isEmpty }

    /// The card whose answer `undo` would take back.
    public var lastAnsweredCard: Int? { history.last?.card }

    /// The review `undo` would take back.
    public var lastReview: Review? { history.last?.review }

    /// True when the current card was already graded in this session (this ask is a re-ask).
    public var currentIsRepeat: Bool { current.map { graded.contains($0) } ?? false }

    /// Grades the current card, updates `states`, and returns the review to persist. `seconds` is the
    /// time the card was on screen before the grade, when it was measured.
    public mutating func answer(
        _ answer: Answer, collection: CardCollection, states: inout [CardState?],
        scheduler: LeitnerScheduler, now: Date, seconds: Double? = nil
    ) -> Review? {
        guard mode != .browse, let index = current else { return nil }
        let card = collection.cards[index]
        let isRepeat = graded.contains(index)
        let before = states[index]
        var result = scheduler.review(
            deck: card.deck, key: card.key, state: before, answer: answer, mode: mode,
            isRepeat: isRepeat, now: now)
        result.review.seconds = seconds
        history.append(
            Step(
                card: index, review: result.review, stateBefore: before, queueCount: queue.count,
                position: position, summary: summary, wasGraded: isRepeat))
        states[index] = result.state
        if isRepeat {
            summary.repeats += 1
        } else {
            graded.insert(index)
            summary.seen += 1
            if answer == .gotIt { summary.right += 1 } else { summary.missed += 1 }
            if result.review.boxAfter > result.review.boxBefore && result.review.boxBefore > 0 { summary.movedUp += 1 }
            if result.review.boxAfter < result.review.boxBefore { summary.movedDown += 1 }
        }
        if answer == .missed { queue.append(index) }
        position += 1
        skipRemoved()
        return result.review
    }

    /// Takes back the last answer: restores the card's state and puts it in front again.
    /// Returns the review that must be removed from the log.
    public mutating func undo(states: inout [CardState?]) -> Review? {
        guard let step = history.popLast() else { return nil }
        states[step.card] = step.stateBefore
        queue.removeSubrange(step.queueCount...)
        position = step.position
        summary = step.summary
        if !step.wasGraded { graded.remove(step.card) }
        skipRemoved()
        return step.review
    }

    /// Takes `card` out of the rest of the session (it was suspended): its remaining asks are skipped.
    /// Answers already given stay, and `undo` still takes them back.
    public mutating func remove(_ card: Int) {
        removed.insert(card)
        skipRemoved()
    }

    private mutating func skipRemoved() {
        guard !removed.isEmpty else { return }
        while position < queue.count, removed.contains(queue[position]) { position += 1 }
    }

    /// Follows the decks after they were loaded again: `newIndex` gives each card's index in the new
    /// collection, nil for a card that is gone, and `topic` the session's topic there. A card that is
    /// gone leaves the rest of the session (in browse, the list), and its answers can no longer be
    /// undone; answers given to the other cards still can. Returns the number of cards that left.
    @discardableResult
    public mutating func remap(topic newTopic: Int, _ newIndex: (Int) -> Int?) -> Int {
        topic = newTopic
        var gone = Set<Int>()
        // A card that is gone keeps its places in the queue under a number no card has (below zero),
        // so positions and undo steps stay in step; those places are skipped like a suspended card's.
        func map(_ card: Int) -> Int {
            if card < 0 { return card }
            if let index = newIndex(card) { return index }
            gone.insert(card)
            return -1 - card
        }
        queue = queue.map(map)
        graded = Set(graded.map(map))
        removed = Set(removed.map(map))
        history = history.compactMap { step in
            var step = step
            step.card = map(step.card)
            return step.card < 0 ? nil : step
        }
        for card in queue where card < 0 { removed.insert(card) }
        if mode == .browse {
            // Browsing moves freely, so the places of cards that are gone are taken out of the list.
            let current = position
            let before = queue[..<min(current, queue.count)].count { $0 < 0 }
            queue.removeAll { $0 < 0 }
            removed = removed.filter { $0 >= 0 }
            position = min(max(0, current - before), max(0, queue.count - 1))
        } else {
            skipRemoved()
        }
        return gone.count
    }

    /// Browse: moves to the next card (stays on the last one).
    public mutating func next() {
        if position + 1 < queue.count { position += 1 }
    }

    /// Browse: moves to the previous card.
    public mutating func previous() {
        if position > 0 { position -= 1 }
    }

    /// Browse: jumps to the card at `queueIndex`.
    public mutating func jump(to queueIndex: Int) {
        if queue.indices.contains(queueIndex) { position = queueIndex }
    }
}
