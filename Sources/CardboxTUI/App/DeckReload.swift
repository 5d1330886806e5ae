import CardboxEngine

/// The decks as loaded again while the app runs (files changed, appeared or disappeared, or a card
/// was edited), with their progress: what `update` swaps in for the collection it shows.
public struct DeckReload: Hashable, Sendable {
    public var collection: CardCollection
    /// Progress aligned with `collection.cards`.
    public var states: [CardState?]
    /// Whether each card is suspended (empty when none is).
    public var suspended: [Bool]
    /// Progress that moved to another key as the decks were read (an edited question): old → new.
    public var moved: [CardID: CardID]

    public init(collection: CardCollection, states: [CardState?], suspended: [Bool] = [], moved: [CardID: CardID] = [:])
    {
        self.collection = collection
        self.states = states
        self.suspended = suspended
        self.moved = moved
    }

    /// Two reloads are equal when they hold the same cards (by identity and place), progress,
    /// suspensions and moves.
    public static func == (lhs: DeckReload, rhs: DeckReload) -> Bool {
        lhs.states == rhs.states && lhs.suspended == rhs.suspended && lhs.moved == rhs.moved
            && lhs.collection.cards.map(\.id) == rhs.collection.cards.map(\.id)
            && lhs.collection.cards.map(\.source) == rhs.collection.cards.map(\.source)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(collection.cards.count)
        hasher.combine(states)
    }
}
