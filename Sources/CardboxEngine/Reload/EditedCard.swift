/// The card that was open in an editor: its identity and where it was, to find it again after the
/// file was saved.
public struct EditedCard: Hashable, Sendable {
    public var id: CardID
    public var source: SourceLocation
    /// The card's normalized question before the edit (what its progress is stored with).
    public var question: String
    /// Which card of its `Q:`, `R:` or `C:` it was: found by position, it stays the same direction or gap.
    public var kind: Card.Kind

    public init(id: CardID, source: SourceLocation, question: String, kind: Card.Kind = .basic) {
        self.id = id
        self.source = source
        self.question = question
        self.kind = kind
    }

    /// The card of `collection` that is this card after the edit: the card with the same identity
    /// (an answer edited, or the question of a pinned card); else the card its progress moved to
    /// (`moved`, orphan matching of an edited question); else by position, the card of the same file
    /// and deck nearest the line it was on, of the same kind first (the same direction of an `R:`
    /// card, the same gap of a cloze), among `unclaimed` cards (those no other stored progress
    /// belongs to). Nil when its file holds no such card any more.
    public func find(in collection: CardCollection, moved: [CardID: CardID], unclaimed: (Int) -> Bool) -> Int? {
        let target = moved[id] ?? id
        if let index = collection.cards.firstIndex(where: { $0.id == target }) { return index }
        var best: (index: Int, rank: (Int, Int))?
        for (index, card) in collection.cards.enumerated()
        where card.source.path == source.path && card.deck == id.deck && unclaimed(index) {
            let rank = (card.kind == kind ? 0 : 1, abs(card.source.line - source.line))
            if best.map({ rank < $0.rank }) ?? true { best = (index, rank) }
        }
        return best?.index
    }
}
