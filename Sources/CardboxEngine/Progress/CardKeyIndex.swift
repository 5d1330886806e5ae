import Foundation

/// Finds a collection's card by deck and key from the raw UTF-8 bytes of a stored row, so loading
/// progress makes no String per row.
///
/// Byte equality stands in for String equality only where the two agree: every card key must be
/// ASCII without NUL (parsed keys always are) and no two cards may share a deck and key; `init`
/// returns nil otherwise. Decks are told apart by String equality, once per distinct spelling.
///
/// The table is kept small (8 bytes a slot, a 32-bit hash tag beside the card number) because a
/// lookup that misses the processor's caches and address translation buffers costs more than all
/// the arithmetic; a card's key is only compared when its tag matches.
struct CardKeyIndex {
    /// A key's deck, length and first `Words.capacity` bytes (zero-padded): all of a short key.
    struct Probe: Equatable {
        var words = Words()
        var deck: Int32 = 0
        var length: Int32 = 0

        init(deck: Int, key: UnsafeRawBufferPointer) {
            self.deck = Int32(truncatingIfNeeded: deck)
            length = Int32(truncatingIfNeeded: key.count)
            let count = min(key.count, Words.capacity)
            if count > 0 {
                withUnsafeMutableBytes(of: &words) {
                    $0.baseAddress!.copyMemory(from: key.baseAddress!, byteCount: count)
                }
            }
        }

        var hash: UInt64 {
            var hash =
                (UInt64(UInt32(bitPattern: deck)) << 32 | UInt64(UInt32(bitPattern: length))) &* 0x9E37_79B9_7F4A_7C15
            hash = (hash ^ words.a) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            hash = (hash ^ words.b) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            hash = (hash ^ words.c) &* 0xFF51_AFD7_ED55_8CCD
            return hash ^ (hash >> 29)
        }
    }

    struct Words: Equatable {
        static let capacity = 24
        var a: UInt64 = 0, b: UInt64 = 0, c: UInt64 = 0
    }

    /// Deck titles of the cards, distinct under String equality, in order of first appearance.
    private(set) var deckTitles: [String] = []
    /// Per card, in card order.
    private var probes: [Probe] = []
    /// Keys longer than `Words.capacity` bytes, by card.
    private var longKeys: [Int: [UInt8]] = [:]
    /// Open addressing, linear probing: hash tag in the high half, card index + 1 in the low half; 0 is empty.
    private var slots: [UInt64] = []
    private var mask = 0

    init?(cards: [Card]) {
        guard cards.count < Int(Int32.max) - 1 else { return nil }
        probes.reserveCapacity(cards.count)
        var lastDeck: String?
        var deck = 0
        let usable = cards.withUnsafeBufferPointer { cards in
            for index in cards.indices {
                if cards[index].deck != lastDeck {
                    let title = cards[index].deck
                    lastDeck = title
                    if let known = deckTitles.firstIndex(of: title) {
                        deck = known
                    } else {
                        deckTitles.append(title)
                        deck = deckTitles.count - 1
                    }
                }
                // Borrowed in place: copying the key would retain it, a write to every key's cache line.
                let added = cards[index].withKeyBytes { raw in
                    guard StateTableScan.isPlainASCII(raw) else { return false }
                    probes.append(Probe(deck: deck, key: raw))
                    if raw.count > Words.capacity { longKeys[index] = Array(raw) }
                    return true
                }
                guard added == true else { return false }
            }
            return true
        }
        guard usable else { return nil }
        var capacity = 16
        while capacity < cards.count * 2 { capacity *= 2 }
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        // A second pass with nothing but table work in it, so the processor overlaps its cache misses.
        for index in probes.indices {
            let probe = probes[index]
            let hash = probe.hash
            let tag = hash >> 32
            var position = Int(truncatingIfNeeded: hash) & mask
            while slots[position] != 0 {
                let other = Int(truncatingIfNeeded: slots[position] & 0xFFFF_FFFF) - 1
                if slots[position] >> 32 == tag && probes[other] == probe && longKeys[other] == longKeys[index] {
                    return nil  // two cards with one deck and key
                }
                position = (position + 1) & mask
            }
            slots[position] = tag << 32 | UInt64(index + 1)
        }
    }

    /// The card `probe` names, if any; `key` holds all its bytes when they are more than `Words.capacity`.
    func card(_ probe: Probe, longKey key: UnsafeRawBufferPointer? = nil) -> Int? {
        let hash = probe.hash
        let tag = hash >> 32
        var position = Int(truncatingIfNeeded: hash) & mask
        // The table is never more than half full, so an empty slot ends every probe.
        while slots[position] != 0 {
            if slots[position] >> 32 == tag {
                let card = Int(truncatingIfNeeded: slots[position] & 0xFFFF_FFFF) - 1
                if probes[card] == probe && (Int(probe.length) <= Words.capacity || sameLongKey(card, key)) {
                    return card
                }
            }
            position = (position + 1) & mask
        }
        return nil
    }

    private func sameLongKey(_ card: Int, _ key: UnsafeRawBufferPointer?) -> Bool {
        guard let key, let stored = longKeys[card] else { return false }
        return stored.elementsEqual(key)
    }
}
