/// While a `SearchIndex` is built: the exact set of cards holding each of some three- and four-byte
/// sequences, as bitmaps, in an open-addressed table keyed by the sequence.
///
/// Only the sequences of buckets that hold many cards are added, so the table stays small (a few
/// hundred sequences on 100,000 cards of English text) while the sets answer the commonest terms.
struct SequenceSets {
    /// Words per bitmap: one bit per card.
    let words: Int
    /// The sequences added, in order of their first card; entry `e`'s set is `bitmaps[e * words...]`.
    private(set) var keys: [UInt64] = []
    /// Cards in each entry's set.
    private(set) var sizes: [Int] = []
    /// The last card added to each entry, so that a card counts once per sequence.
    private var lastCard: [Int] = []
    private(set) var bitmaps: [UInt64] = []
    /// Open-addressed: entry number per slot, -1 for none; a power of two, at most half full.
    private var table = [Int32](repeating: -1, count: 64)
    private var shift: UInt64 = 64 - 6

    init(words: Int) { self.words = words }

    /// Records that `card` holds the sequence `key` (never 0).
    mutating func add(_ key: UInt64, card: Int) {
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        var entry = Int(table[slot])
        while entry >= 0, keys[entry] != key {
            slot = (slot + 1) & (table.count - 1)
            entry = Int(table[slot])
        }
        if entry < 0 {
            entry = keys.count
            keys.append(key)
            sizes.append(0)
            lastCard.append(-1)
            bitmaps.append(contentsOf: repeatElement(0, count: words))
            table[slot] = Int32(entry)
            if keys.count * 2 > table.count { grow() }
        }
        guard lastCard[entry] != card else { return }
        lastCard[entry] = card
        sizes[entry] += 1
        bitmaps[entry * words + card / 64] |= 1 << UInt64(card % 64)
    }

    /// Doubles the table and places every entry again.
    private mutating func grow() {
        table = [Int32](repeating: -1, count: table.count * 2)
        shift -= 1
        for (entry, key) in keys.enumerated() {
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while table[slot] >= 0 { slot = (slot + 1) & (table.count - 1) }
            table[slot] = Int32(entry)
        }
    }
}
