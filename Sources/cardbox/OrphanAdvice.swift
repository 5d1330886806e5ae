import CardboxEngine

/// For progress whose card is gone: the most similar current card, and how to give it the progress.
enum OrphanAdvice {
    /// Cards less similar than this are not worth naming.
    static let minimumSimilarity = 0.4

    /// `; most similar card: file:line 'question' (to give it this progress, put <!-- id: KEY --> on
    /// the line before it)`, or "" when no card of the deck is similar enough.
    static func suggestion(for orphan: OrphanMatcher.Orphan, in collection: CardCollection) -> String {
        var best: (index: Int, similarity: Double)?
        let kind = orphan.key.prefix(2)
        for (index, card) in collection.cards.enumerated() where card.deck == orphan.deck {
            guard card.key.prefix(2) == kind || !["q-", "c-", "r-"].contains(kind) else { continue }
            let similarity = TextSimilarity.dice(orphan.question, card.normalizedQuestion)
            if similarity >= minimumSimilarity, similarity > (best?.similarity ?? 0) { best = (index, similarity) }
        }
        guard let best else { return "" }
        let card = collection.cards[best.index]
        var text = "; most similar card: \(card.source) '\(card.normalizedQuestion)'"
        if let pin = pinnedID(for: orphan.key) {
            text += " (to give it this progress, put <!-- id: \(pin) --> on the line before it)"
        }
        return text
    }

    /// The id that gives a card the orphan's key: the key itself, or for a cloze the key without its
    /// card number. The reverse direction of an `R:` card cannot be pinned on its own.
    static func pinnedID(for key: String) -> String? {
        if key.hasPrefix("r-") || key.hasSuffix("-r") { return nil }
        if key.hasPrefix("c-"), let dash = key.lastIndex(of: "-") { return String(key[..<dash]) }
        return key
    }
}
