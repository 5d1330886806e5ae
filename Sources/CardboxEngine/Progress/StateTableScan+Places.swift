import Foundation

/// Matching rows that name their card: the states' snapshot keeps, for each row, the number of the card
/// it matched at the start that wrote it (`StateSnapshot`), so a start with the same decks checks each
/// row against that one card instead of building a hash table over every key.
extension StateTableScan {
    /// What `match` gives for `read` over `collection`, when every row's card number still holds: the
    /// card it names has the row's deck and, byte for byte, its key (a row that matched no card must
    /// be of a deck that is not loaded). Nil when any row's card has moved (an edited deck, another
    /// collection), or when the collection's keys were not made by `CollectionBuilder` (where
    /// `CardKeyIndex` could refuse them: keys that are not plain ASCII, or two cards with one key);
    /// `match` then looks every row up.
    ///
    /// It gives the same result as `match` because a collection's keys are plain ASCII and distinct
    /// within a deck (so the one card whose key has the row's bytes is the card the key index finds),
    /// and decks are told apart the same way, by `DeckSpellings`.
    static func matchInPlace(_ read: Rows, collection: CardCollection) -> Result? {
        guard let places = read.cards, places.count == read.rows.count, collection.keysPlainAndDistinct else {
            return nil
        }
        let cards = collection.cards
        // The decks in the collection's order: their cards are one contiguous range each.
        let deckNodes = collection.nodes[0].children
        var decks = DeckSpellings(titles: deckNodes.map { collection.nodes[$0].title })
        var rangeOfSpelling: [Range<Int>?] = []
        for spelling in read.spellings {
            guard let deck = spelling.withUnsafeBytes({ decks.deck(spelled: $0) }) else { return nil }
            rangeOfSpelling.append(deck < deckNodes.count ? collection.nodes[deckNodes[deck]].cardRange : nil)
        }
        var result = Result(
            states: Array(repeating: nil, count: cards.count), rows: read.rows.count, found: 0,
            cardOfRow: Array(repeating: -1, count: read.rows.count), placesHeld: true)
        let matched = cards.withUnsafeBufferPointer { cards -> Bool in
            for (row, entry) in read.rows.enumerated() {
                let place = places[row]
                guard let range = rangeOfSpelling[Int(entry.probe.deck)] else {
                    // A deck that is not loaded: no card has the row's key, as `match` finds.
                    guard place == StateSnapshot.noCard else { return false }
                    continue
                }
                let card = Int(place)
                guard place != StateSnapshot.noCard, range.contains(card),
                    sameKey(cards[card], entry.probe, row: row, in: read)
                else { return false }
                result.states[card] = entry.state
                result.found += 1
                result.cardOfRow[row] = Int32(card)
            }
            return true
        }
        return matched ? result : nil
    }

    /// True when `card`'s key is the key of row `row` (`probe`), byte for byte.
    private static func sameKey(_ card: Card, _ probe: CardKeyIndex.Probe, row: Int, in read: Rows) -> Bool {
        let length = Int(probe.length)
        return card.withKeyBytes { key in
            guard key.count == length else { return false }
            guard length > 0 else { return true }
            guard length <= CardKeyIndex.Words.capacity else {
                guard let long = read.longKeys[row], long.count == length else { return false }
                return long.withUnsafeBytes { memcmp(key.baseAddress!, $0.baseAddress!, length) == 0 }
            }
            var words = probe.words
            return withUnsafeBytes(of: &words) { memcmp(key.baseAddress!, $0.baseAddress!, length) == 0 }
        }
    }
}
