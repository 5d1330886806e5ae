import CardboxEngine

/// The card details overlay (`i`): which card, and its review log once read.
public struct CardInfo: Hashable, Sendable {
    public var card: Int
    /// The card's reviews, oldest first; nil until they are read.
    public var history: [Review]?
    /// First line shown.
    public var scroll = 0

    public init(card: Int, history: [Review]? = nil) {
        self.card = card
        self.history = history
    }
}
