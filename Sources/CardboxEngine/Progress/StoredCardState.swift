/// A card's state as stored, with the key and question text it was stored under.
public struct StoredCardState: Hashable, Sendable {
    public var deck: String
    public var key: String
    public var question: String
    public var state: CardState

    public init(deck: String, key: String, question: String, state: CardState) {
        self.deck = deck
        self.key = key
        self.question = question
        self.state = state
    }

    /// The identity the state is stored under.
    public var id: CardID { CardID(deck: deck, key: key) }
}

/// Card states aligned with a collection's cards, plus what identity matching found.
public struct LoadedProgress: Sendable {
    /// One entry per card of the collection; nil for a card never reviewed.
    public var states: [CardState?]
    /// Edited questions whose progress moved to the new text.
    public var moved: [OrphanMatcher.Match]
    /// Stored keys of loaded decks that no card has and that no card could inherit.
    public var orphans: [OrphanMatcher.Orphan]
    /// State rows the scheduler cannot use (a NULL, `Inf`, a box out of range), skipped, one line
    /// each: "card KEY: bad value in COLUMN: VALUE".
    public var problems: [String] = []
    /// Per row of the states read (`PrefetchedStates`), the card it matched (-1: none); nil when the
    /// states were read another way.
    var cardOfRow: [Int32]?
    /// Whether the card numbers the snapshot gave its rows all held (`StateTableScan.matchInPlace`).
    var placesHeld = false
}
