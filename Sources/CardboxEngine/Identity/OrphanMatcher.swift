/// Moves progress from cards whose question was edited to the card that is clearly the same one.
///
/// An orphan is a stored key that no loaded card has; a candidate is a loaded card with no stored
/// progress. Pairs of the same deck and kind whose questions are at least `threshold` similar are
/// matched best first, each orphan and each card at most once.
public enum OrphanMatcher {
    public static let threshold = 0.8

    /// A stored key with the question text it was stored with.
    public struct Orphan: Hashable, Sendable {
        public var deck: String
        public var key: String
        public var question: String

        public init(deck: String, key: String, question: String) {
            self.deck = deck
            self.key = key
            self.question = question
        }

        /// The stored identity that no loaded card has.
        public var id: CardID { CardID(deck: deck, key: key) }
    }

    /// A matched pair: the orphan's key moves to the card at `cardIndex`.
    public struct Match: Hashable, Sendable {
        public var orphan: Orphan
        public var cardIndex: Int
        public var similarity: Double
    }

    /// Matches orphans to candidate cards; pinned cards (ids not from the question) are never candidates.
    public static func match(orphans: [Orphan], candidates: [Int], in collection: CardCollection) -> [Match] {
        guard !orphans.isEmpty, !candidates.isEmpty else { return [] }
        var pairs: [Match] = []
        let byDeck = Dictionary(grouping: candidates) { collection.cards[$0].deck }
        for orphan in orphans {
            for index in byDeck[orphan.deck] ?? [] {
                let card = collection.cards[index]
                // Same kind (the key's `q-`, `r-` or `c-`), and for a cloze the same gap.
                guard CardKey.gapSuffix(of: card.key) == CardKey.gapSuffix(of: orphan.key),
                    card.key.hasPrefix("q-") || card.key.hasPrefix("c-") || card.key.hasPrefix("r-"),
                    card.key.prefix(2) == orphan.key.prefix(2)
                else { continue }
                let similarity = TextSimilarity.dice(orphan.question, card.normalizedQuestion)
                if similarity >= threshold {
                    pairs.append(Match(orphan: orphan, cardIndex: index, similarity: similarity))
                }
            }
        }
        pairs.sort { $0.similarity > $1.similarity }
        var usedOrphans = Set<CardID>()
        var usedCards = Set<Int>()
        var result: [Match] = []
        for pair in pairs {
            guard !usedOrphans.contains(pair.orphan.id), !usedCards.contains(pair.cardIndex) else { continue }
            usedOrphans.insert(pair.orphan.id)
            usedCards.insert(pair.cardIndex)
            result.append(pair)
        }
        return result
    }
}
