/// A card's identity in the progress file: the deck it belongs to and its key within that deck.
public struct CardID: Hashable, Comparable, Sendable {
    /// Title of the deck.
    public var deck: String
    /// The card's key within the deck (`CardKey`).
    public var key: String

    public init(deck: String, key: String) {
        self.deck = deck
        self.key = key
    }

    public static func < (lhs: CardID, rhs: CardID) -> Bool {
        (lhs.deck, lhs.key) < (rhs.deck, rhs.key)
    }
}
