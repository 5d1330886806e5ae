import CardboxEngine
import Foundation

/// The first state's counts (per topic, the due forecast's days, the new cards introduced today),
/// counted on another thread as soon as the states are matched, so that the start's thread sets up
/// the terminal meanwhile; the first state takes them instead of counting again (`AppContext`).
///
/// They are what `AppState` would count: the same function, over the same cards, states, suspensions
/// and leech rule, at the same time (the start's `now`, which the first state is then made at).
public final class StartCounts: @unchecked Sendable {
    /// What `AppState` counts when it is made.
    struct Counted {
        var counts: [TopicCounts]
        var dueDays: [Int: Int]
        var newIntroducedToday: Int
    }

    /// Cards from which the start's counts are made in two halves on two threads.
    static let splitFrom = 2_048

    /// The time counted at; the first state is made at it.
    let now: Date
    private let cards: Int
    private let suspendedCount: Int
    private let leechThreshold: Int
    private let done = DispatchGroup()
    /// Written once on the counting thread before `done` is left, read after waiting for it.
    private var counted: Counted?

    /// Starts counting `context`'s cards at `now`.
    init(_ context: AppContext, now: Date) {
        self.now = now
        cards = context.collection.cards.count
        suspendedCount = context.suspended.count
        leechThreshold = context.rules.leech.threshold
        let (collection, states, scheduler) = (context.collection, context.states, context.scheduler)
        let rules = CountingRules(suspended: context.suspended, leechThreshold: leechThreshold)
        done.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            // In two halves from a few thousand cards: one on this thread, one on a core the start's
            // thread leaves free once the terminal is set up.
            counted = AppState.count(
                collection: collection, states: states, scheduler: scheduler, now: now, rules: rules,
                parts: collection.cards.count >= Self.splitFrom ? 2 : 1)
            done.leave()
        }
    }

    /// The counts, once counted, when they were counted for these inputs; nil otherwise (then the
    /// state counts them itself).
    func counted(
        collection: CardCollection, states: [CardState?], suspended: [Bool], leechThreshold: Int, now: Date
    ) -> Counted? {
        guard collection.cards.count == cards, states.count == cards, suspended.count == suspendedCount,
            leechThreshold == self.leechThreshold, now == self.now
        else { return nil }
        done.wait()
        return counted
    }
}
