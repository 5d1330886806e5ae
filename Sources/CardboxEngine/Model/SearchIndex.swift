/// The folded search texts of a collection's cards (`SearchFolding`), in one buffer, with postings
/// that answer a query without reading every text.
///
/// Every byte value and every pair of adjacent bytes has the exact set of cards it occurs in; every
/// sequence of three bytes is hashed into one of `trigramSlots` buckets, whose set holds the cards
/// with any sequence of that bucket. A term of one or two bytes is answered from its set alone; a
/// longer one from the intersection of its three-byte sequences' buckets, whose cards are then
/// checked with `TextSearch.contains` (a bucket can hold cards with another sequence). So the hits
/// are exactly `TextSearch.contains` over every card, in card order, at the cost of the smallest
/// set involved.
///
/// A set is kept as a sorted list of card numbers, or as a bitmap over all cards when that is no
/// larger (sets holding a thirty-second of the cards or more).
public struct SearchIndex: Sendable {
    /// Buckets for three-byte sequences: a power of two.
    static let trigramSlots = 1 << 18
    static let slotCount = 256 + 65_536 + trigramSlots

    /// The texts, one after another, and where each starts (`starts[count]` is the end).
    private let bytes: [UInt8]
    private let starts: [UInt32]
    /// Per slot: how many cards its set holds, and where the set is: for a list, its start in
    /// `lists` (it runs `sizes[slot]` entries); for a bitmap, its first word in `bitmaps`.
    private let sizes: [UInt32]
    private let places: [UInt32]
    private let lists: [UInt32]
    private let bitmaps: [UInt64]
    private let wordsPerBitmap: Int

    /// Number of texts.
    public var count: Int { starts.count - 1 }

    /// Bytes held: the texts and the postings.
    public var memoryBytes: Int {
        bytes.count + 4 * (starts.count + sizes.count + places.count + lists.count) + 8 * bitmaps.count
    }

    /// Indexes `texts` (already folded); card `i` of a query's hits is `texts[i]`.
    public init(texts: [String]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(texts.reduce(0) { $0 + $1.utf8.count })
        var starts: [UInt32] = [0]
        starts.reserveCapacity(texts.count + 1)
        for text in texts {
            bytes.append(contentsOf: text.utf8)
            starts.append(UInt32(truncatingIfNeeded: bytes.count))
        }
        self.init(bytes: bytes, starts: starts)
    }

    private init(bytes: [UInt8], starts: [UInt32]) {
        let cards = starts.count - 1
        let words = (cards + 63) / 64
        // First pass: how many cards each slot's set holds (a card counts once per slot).
        var sizes = [UInt32](repeating: 0, count: Self.slotCount)
        var seen = [UInt32](repeating: UInt32.max, count: Self.slotCount)
        bytes.withUnsafeBufferPointer { text in
            for card in 0..<cards {
                let stamp = UInt32(card)
                Self.forEachSlot(text, from: Int(starts[card]), to: Int(starts[card + 1])) { slot in
                    if seen[slot] != stamp {
                        seen[slot] = stamp
                        sizes[slot] += 1
                    }
                }
            }
        }
        // Where each set goes: a bitmap when it is no smaller than the list would be.
        var places = [UInt32](repeating: 0, count: Self.slotCount)
        var listCount = 0
        var bitmapCount = 0
        for slot in 0..<Self.slotCount where sizes[slot] > 0 {
            if Self.isBitmap(size: Int(sizes[slot]), words: words) {
                places[slot] = UInt32(bitmapCount * words)
                bitmapCount += 1
            } else {
                places[slot] = UInt32(listCount)
                listCount += Int(sizes[slot])
            }
        }
        // Second pass: fill the sets, in card order.
        var lists = [UInt32](repeating: 0, count: listCount)
        var bitmaps = [UInt64](repeating: 0, count: bitmapCount * words)
        var filled = [UInt32](repeating: 0, count: Self.slotCount)
        for index in seen.indices { seen[index] = UInt32.max }
        bytes.withUnsafeBufferPointer { text in
            for card in 0..<cards {
                let stamp = UInt32(card)
                Self.forEachSlot(text, from: Int(starts[card]), to: Int(starts[card + 1])) { slot in
                    guard seen[slot] != stamp else { return }
                    seen[slot] = stamp
                    if Self.isBitmap(size: Int(sizes[slot]), words: words) {
                        bitmaps[Int(places[slot]) + card / 64] |= 1 << UInt64(card % 64)
                    } else {
                        lists[Int(places[slot] + filled[slot])] = stamp
                        filled[slot] += 1
                    }
                }
            }
        }
        self.bytes = bytes
        self.starts = starts
        self.sizes = sizes
        self.places = places
        self.lists = lists
        self.bitmaps = bitmaps
        self.wordsPerBitmap = words
    }

    private static func isBitmap(size: Int, words: Int) -> Bool { size * 32 >= words * 64 && words > 0 }

    /// Calls `body` with the slot of every byte, byte pair and three-byte sequence in `text[from..<to]`.
    @inline(__always)
    private static func forEachSlot(
        _ text: UnsafeBufferPointer<UInt8>, from: Int, to: Int, _ body: (Int) -> Void
    ) {
        var index = from
        while index < to {
            let first = Int(text[index])
            body(first)
            if index + 1 < to {
                let second = Int(text[index + 1])
                body(pairSlot(first, second))
                if index + 2 < to { body(trigramSlot(first, second, Int(text[index + 2]))) }
            }
            index += 1
        }
    }

    @inline(__always)
    private static func pairSlot(_ first: Int, _ second: Int) -> Int { 256 + (first << 8 | second) }

    @inline(__always)
    private static func trigramSlot(_ first: Int, _ second: Int, _ third: Int) -> Int {
        let key = UInt32(first << 16 | second << 8 | third)
        return 256 + 65_536 + Int((key &* 0x9E37_79B1) >> (32 - 18))
    }

    /// The slots whose sets must all hold a card that contains `term`.
    private static func slots(of term: [UInt8]) -> [Int] {
        switch term.count {
        case 0: return []
        case 1: return [Int(term[0])]
        case 2: return [pairSlot(Int(term[0]), Int(term[1]))]
        default:
            var result: [Int] = []
            for index in 0..<(term.count - 2) {
                result.append(trigramSlot(Int(term[index]), Int(term[index + 1]), Int(term[index + 2])))
            }
            return result
        }
    }

    /// Cards whose text contains every one of `terms` (folded, as `TextSearch.terms` makes them), in
    /// card order; all cards for no terms. `among`, when given, is a list of cards in card order that
    /// the hits are chosen from.
    public func matches(_ terms: [[UInt8]], among earlier: [Int]? = nil) -> [Int] {
        let terms = terms.filter { !$0.isEmpty }
        guard !terms.isEmpty else { return earlier ?? Array(0..<count) }
        var needed = Set<Int>()
        for term in terms { needed.formUnion(Self.slots(of: term)) }
        let order = needed.sorted { sizes[$0] < sizes[$1] }
        guard let smallest = order.first, sizes[smallest] > 0 else { return [] }
        var candidates: [Int]
        var rest = order[...]
        if let earlier, earlier.count <= Int(sizes[smallest]) {
            candidates = earlier
        } else {
            candidates = members(of: smallest)
            rest = order.dropFirst()
            if let earlier { candidates = Self.intersection(candidates, earlier) }
        }
        for slot in rest {
            if candidates.isEmpty { return [] }
            candidates = filter(candidates, by: slot)
        }
        let checked = terms.filter { $0.count > 2 }
        guard !checked.isEmpty else { return candidates }
        return bytes.withUnsafeBufferPointer { text in
            candidates.filter { card in
                let start = Int(starts[card])
                let slice = UnsafeBufferPointer(rebasing: text[start..<Int(starts[card + 1])])
                return checked.allSatisfy { TextSearch.contains(slice, $0) }
            }
        }
    }

    /// The cards of `slot`'s set, in order.
    private func members(of slot: Int) -> [Int] {
        let size = Int(sizes[slot])
        let place = Int(places[slot])
        var result: [Int] = []
        result.reserveCapacity(size)
        if Self.isBitmap(size: size, words: wordsPerBitmap) {
            for word in 0..<wordsPerBitmap {
                var bits = bitmaps[place + word]
                while bits != 0 {
                    result.append(word * 64 + bits.trailingZeroBitCount)
                    bits &= bits - 1
                }
            }
        } else {
            for index in place..<(place + size) { result.append(Int(lists[index])) }
        }
        return result
    }

    /// The cards of `candidates` (in order) that `slot`'s set holds.
    private func filter(_ candidates: [Int], by slot: Int) -> [Int] {
        let size = Int(sizes[slot])
        let place = Int(places[slot])
        if Self.isBitmap(size: size, words: wordsPerBitmap) {
            return candidates.filter { card in bitmaps[place + card / 64] & (1 << UInt64(card % 64)) != 0 }
        }
        return lists.withUnsafeBufferPointer { all in
            Self.intersection(candidates, UnsafeBufferPointer(rebasing: all[place..<(place + size)]))
        }
    }

    /// The common members of two sorted lists; each member of a much shorter `first` is looked up
    /// by binary search, otherwise the two are merged.
    private static func intersection<Other: RandomAccessCollection>(_ first: [Int], _ second: Other) -> [Int]
    where Other.Element: BinaryInteger, Other.Index == Int {
        var result: [Int] = []
        result.reserveCapacity(min(first.count, second.count))
        var other = second.startIndex
        let search = first.count * 16 < second.count
        for card in first {
            if search {
                var high = second.endIndex
                while other < high {
                    let middle = (other + high) / 2
                    if Int(second[middle]) < card { other = middle + 1 } else { high = middle }
                }
            } else {
                while other < second.endIndex, Int(second[other]) < card { other += 1 }
            }
            if other == second.endIndex { break }
            if Int(second[other]) == card { result.append(card) }
        }
        return result
    }
}
