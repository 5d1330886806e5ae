import Foundation

/// Matching rows that name their card: the states' snapshot keeps, for each row, the number of the card
/// it matched at the start that wrote it (`StateSnapshot`), so a start with the same decks checks each
/// row against that one card instead of building a hash table over every key.
extension StateTableScan {
    /// What `match` gives for `snapshot`'s rows over `collection`, when every row's card number still
    /// holds: the card it names has the row's deck and, byte for byte, its key (a row that matched no
    /// card must be of a deck that is not loaded). Each state is read from the blob straight into its
    /// card's place. Nil when any row's card has moved (an edited deck, another collection), or when
    /// the collection's keys were not made by `CollectionBuilder` (where `CardKeyIndex` could refuse
    /// them: keys that are not plain ASCII, or two cards with one key); the rows are then decoded and
    /// every one looked up. `cardOfRow` is nil: each row's card is the one it names.
    ///
    /// It gives the same result as `match` because a collection's keys are plain ASCII and distinct
    /// within a deck (so the one card whose key has the row's bytes is the card the key index finds),
    /// and decks are told apart the same way, by `DeckSpellings`.
    static func matchInPlace(_ snapshot: SnapshotRows, collection: CardCollection) -> Result? {
        guard collection.keysPlainAndDistinct else { return nil }
        let cards = collection.cards
        // The decks in the collection's order: their cards are one contiguous range each.
        let deckNodes = collection.nodes[0].children
        var decks = DeckSpellings(titles: deckNodes.map { collection.nodes[$0].title })
        var rangeOfSpelling: [Range<Int>?] = []
        for spelling in snapshot.spellings {
            guard let deck = spelling.withUnsafeBytes({ decks.deck(spelled: $0) }) else { return nil }
            rangeOfSpelling.append(deck < deckNodes.count ? collection.nodes[deckNodes[deck]].cardRange : nil)
        }
        var found = 0
        // The states are written in place as the rows are checked; the array is only kept if all hold.
        var states = [CardState?](repeating: nil, count: cards.count)
        let matched = states.withUnsafeMutableBufferPointer { states in
            cards.withUnsafeBufferPointer { cards in
                snapshot.bytes.withUnsafeBytes { bytes in
                    var offset = snapshot.firstRow
                    for _ in 0..<snapshot.count {
                        // The blob was checked whole when it was read (`StateSnapshot.walk`).
                        let (spelling, length) = StateSnapshot.rowHeader(bytes, at: offset)
                        let key = bytes.baseAddress! + offset + StateSnapshot.rowHeaderSize
                        let fields = offset + StateSnapshot.rowHeaderSize + length
                        let place = StateSnapshot.card(bytes, fields: fields)
                        offset = fields + StateSnapshot.fieldsSize
                        guard let range = rangeOfSpelling[spelling] else {
                            // A deck that is not loaded: no card has the row's key, as `match` finds.
                            guard place == StateSnapshot.noCard else { return false }
                            continue
                        }
                        let card = Int(place)
                        guard place != StateSnapshot.noCard, range.contains(card),
                            cards[card].withKeyBytes({
                                $0.count == length && (length == 0 || memcmp($0.baseAddress!, key, length) == 0)
                            })
                        else { return false }
                        states[card] = StateSnapshot.state(bytes, at: fields)
                        found += 1
                    }
                    return true
                }
            }
        }
        guard matched else { return nil }
        return Result(states: states, rows: snapshot.count, found: found, cardOfRow: nil, placesHeld: true)
    }
}
