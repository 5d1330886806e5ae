/// Moves progress from cards whose question was edited to the card that is clearly the same one.
///
/// An orphan is a stored key that no loaded card has; a candidate is a loaded card with no stored
/// progress. Pairs of the same deck and kind whose questions are at least `threshold` similar are
/// matched best first, each orphan and each card at most once.
///
/// Only pairs of a length that can reach the threshold are compared, each by merging precomputed
/// sorted bigram lists (`SimilarTextFinder`) instead of building them per pair; orphans that
/// matched nothing are remembered with the cards they were compared with (`OrphanChecks`), so a
/// start with the same cards compares nothing. The result is the same as comparing every pair.
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

        public init(orphan: Orphan, cardIndex: Int, similarity: Double) {
            self.orphan = orphan
            self.cardIndex = cardIndex
            self.similarity = similarity
        }
    }

    /// Whether a key was made from the question (so the card may inherit or pass on progress) and,
    /// for a cloze, which gap it is: orphans only match cards of the same group.
    /// Cards that may match each other: the same deck, the same kind (the key's `q-`, `r-` or `c-`)
    /// and, for a cloze, the same gap.
    struct Group: Hashable {
        var deck: String
        var kind: Substring
        var gapSuffix: Substring?
    }

    static func group(deck: String, key: String) -> Group? {
        guard key.hasPrefix("q-") || key.hasPrefix("c-") || key.hasPrefix("r-") else { return nil }
        return Group(deck: deck, kind: key.prefix(2), gapSuffix: CardKey.gapSuffix(of: key))
    }

    /// Matches orphans to candidate cards; pinned cards (ids not from the question) are never candidates.
    public static func match(orphans: [Orphan], candidates: [Int], in collection: CardCollection) -> [Match] {
        guard !orphans.isEmpty, !candidates.isEmpty else { return [] }
        var byGroup: [Group: [Int]] = [:]
        for index in candidates {
            let card = collection.cards[index]
            if let group = group(deck: card.deck, key: card.key) { byGroup[group, default: []].append(index) }
        }
        var orphansByGroup: [Group: [Int]] = [:]
        for (position, orphan) in orphans.enumerated() {
            if let group = group(deck: orphan.deck, key: orphan.key) {
                orphansByGroup[group, default: []].append(position)
            }
        }
        // Pairs in the order comparing every pair would find them: by orphan, then by card.
        var pairsByOrphan = [[Match]](repeating: [], count: orphans.count)
        for (group, orphanPositions) in orphansByGroup {
            guard let cards = byGroup[group] else { continue }
            let finder = SimilarTextFinder(
                texts: cards.map { collection.cards[$0].normalizedQuestion }, threshold: threshold)
            for position in orphanPositions {
                let orphan = orphans[position]
                for (slot, similarity) in finder.matches(for: orphan.question) {
                    pairsByOrphan[position].append(
                        Match(orphan: orphan, cardIndex: cards[slot], similarity: similarity))
                }
            }
        }
        var pairs = pairsByOrphan.flatMap { $0 }
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
