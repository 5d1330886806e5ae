/// The folded search texts of a collection's cards (`SearchFolding`), in one buffer, with postings
/// that answer a query without reading every text.
///
/// Every byte value and every pair of adjacent bytes has the exact set of cards it occurs in; every
/// sequence of three bytes is hashed into one of 2^18 buckets, whose set holds the cards with any
/// sequence of that bucket. A term of one or two bytes is answered from its set alone, and so is one
/// of three whose bucket holds no other sequence; a longer one from the intersection of its
/// three-byte sequences' buckets, whose cards are then checked with `TextSearch.contains`. So the hits
/// are exactly `TextSearch.contains` over every card, in card order, at the cost of the smallest
/// set involved.
///
/// A set is kept as a sorted list of card numbers, or as a bitmap over all cards when that is no
/// larger (sets holding a thirty-second of the cards or more).
public struct SearchIndex: Sendable {
    /// The first slot of the three-byte sequences' buckets (after every byte and byte pair).
    static let trigramBase = 256 + 65_536
    /// Buckets for three-byte sequences: 2 to the power `trigramBits`.
    private let trigramBits: Int
    /// Per bucket: true when more than one three-byte sequence fell into it.
    private let mixed: [Bool]

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
            + mixed.count
    }

    /// Indexes `texts` (already folded); card `i` of a query's hits is `texts[i]`. Three-byte
    /// sequences go into 2^`trigramBits` buckets (1 to 24; tests use few, so that many share one).
    public init(texts: [String], trigramBits: Int = 18) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(texts.reduce(0) { $0 + $1.utf8.count })
        var starts: [UInt32] = [0]
        starts.reserveCapacity(texts.count + 1)
        for text in texts {
            bytes.append(contentsOf: text.utf8)
            starts.append(UInt32(truncatingIfNeeded: bytes.count))
        }
        self.init(bytes: bytes, starts: starts, trigramBits: min(24, max(1, trigramBits)))
    }

    private init(bytes: [UInt8], starts: [UInt32], trigramBits bits: Int) {
        let cards = starts.count - 1
        let words = (cards + 63) / 64
        let buckets = 1 << bits
        let slotCount = Self.trigramBase + buckets
        // Scratch and result tables as raw buffers: the two passes below touch them three times a byte.
        let sizes = Self.buffer(UInt32(0), count: slotCount)
        let seen = Self.buffer(UInt32.max, count: slotCount)
        let bucketKeys = Self.buffer(UInt32.max, count: buckets)
        let mixed = Self.buffer(false, count: buckets)
        let places = Self.buffer(UInt32(0), count: slotCount)
        let filled = Self.buffer(UInt32(0), count: slotCount)
        defer {
            for table in [sizes, seen, bucketKeys, places, filled] { table.deallocate() }
            mixed.deallocate()
        }
        // First pass: how many cards each slot's set holds (a card counts once per slot), and which
        // buckets hold more than one sequence.
        bytes.withUnsafeBufferPointer { text in
            for card in 0..<cards {
                let stamp = UInt32(card)
                Self.forEachSlot(text, from: Int(starts[card]), to: Int(starts[card + 1]), bits: bits) { slot, key in
                    if key != UInt32.max {
                        let bucket = slot - Self.trigramBase
                        if bucketKeys[bucket] == UInt32.max {
                            bucketKeys[bucket] = key
                        } else if bucketKeys[bucket] != key {
                            mixed[bucket] = true
                        }
                    }
                    if seen[slot] != stamp {
                        seen[slot] = stamp
                        sizes[slot] += 1
                    }
                }
            }
        }
        // Where each set goes: a bitmap when it is no smaller than the list would be.
        var listCount = 0
        var bitmapCount = 0
        for slot in 0..<slotCount where sizes[slot] > 0 {
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
        seen.update(repeating: UInt32.max)
        let bitmapLimit = UInt32(words * 2)
        bytes.withUnsafeBufferPointer { text in
            lists.withUnsafeMutableBufferPointer { lists in
                bitmaps.withUnsafeMutableBufferPointer { bitmaps in
                    for card in 0..<cards {
                        let stamp = UInt32(card)
                        let bit = UInt64(1) << UInt64(card % 64)
                        Self.forEachSlot(text, from: Int(starts[card]), to: Int(starts[card + 1]), bits: bits) {
                            slot, _ in
                            guard seen[slot] != stamp else { return }
                            seen[slot] = stamp
                            if sizes[slot] >= bitmapLimit {
                                bitmaps[Int(places[slot]) + card / 64] |= bit
                            } else {
                                lists[Int(places[slot] + filled[slot])] = stamp
                                filled[slot] += 1
                            }
                        }
                    }
                }
            }
        }
        self.bytes = bytes
        self.starts = starts
        self.sizes = Array(sizes)
        self.places = Array(places)
        self.lists = lists
        self.bitmaps = bitmaps
        self.wordsPerBitmap = words
        self.trigramBits = bits
        self.mixed = Array(mixed)
    }

    /// A new buffer of `count` copies of `value`; the caller deallocates it.
    private static func buffer<T>(_ value: T, count: Int) -> UnsafeMutableBufferPointer<T> {
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
        buffer.initialize(repeating: value)
        return buffer
    }

    /// Whether a set of `size` cards is kept as a bitmap: when it holds a thirty-second of the cards
    /// or more (`size * 32 >= words * 64`), where the bitmap is no larger than the list.
    private static func isBitmap(size: Int, words: Int) -> Bool { words > 0 && size >= words * 2 }

    /// Calls `body` with the slot of every byte, byte pair and three-byte sequence in `text[from..<to]`,
    /// and for a three-byte sequence its bytes as a number (`UInt32.max` for the others).
    @inline(__always)
    private static func forEachSlot(
        _ text: UnsafeBufferPointer<UInt8>, from: Int, to: Int, bits: Int, _ body: (Int, UInt32) -> Void
    ) {
        var index = from
        while index < to {
            let first = Int(text[index])
            body(first, UInt32.max)
            if index + 1 < to {
                let second = Int(text[index + 1])
                body(pairSlot(first, second), UInt32.max)
                if index + 2 < to {
                    let key = trigramKey(first, second, Int(text[index + 2]))
                    body(trigramSlot(key, bits: bits), key)
                }
            }
            index += 1
        }
    }

    @inline(__always)
    private static func pairSlot(_ first: Int, _ second: Int) -> Int { 256 + (first << 8 | second) }

    @inline(__always)
    private static func trigramKey(_ first: Int, _ second: Int, _ third: Int) -> UInt32 {
        UInt32(first << 16 | second << 8 | third)
    }

    @inline(__always)
    private static func trigramSlot(_ key: UInt32, bits: Int) -> Int {
        trigramBase + Int((key &* 0x9E37_79B1) >> UInt32(32 - bits))
    }

    /// The slots whose sets must all hold a card that contains `term`.
    private func slots(of term: [UInt8]) -> [Int] {
        switch term.count {
        case 0: return []
        case 1: return [Int(term[0])]
        case 2: return [Self.pairSlot(Int(term[0]), Int(term[1]))]
        default:
            var result: [Int] = []
            for index in 0..<(term.count - 2) {
                let key = Self.trigramKey(Int(term[index]), Int(term[index + 1]), Int(term[index + 2]))
                result.append(Self.trigramSlot(key, bits: trigramBits))
            }
            return result
        }
    }

    /// True when the cards of `term`'s slots are exactly the cards containing it: a term of one or
    /// two bytes, or of three whose bucket holds no other sequence.
    private func isExact(_ term: [UInt8]) -> Bool {
        term.count < 3 || term.count == 3 && !mixed[slots(of: term)[0] - Self.trigramBase]
    }

    /// Cards whose text contains every one of `terms` (folded, as `TextSearch.terms` makes them), in
    /// card order; all cards for no terms. `among`, when given, is a list of cards in card order that
    /// the hits are chosen from.
    public func matches(_ terms: [[UInt8]], among earlier: [Int]? = nil) -> [Int] {
        let terms = terms.filter { !$0.isEmpty }
        guard !terms.isEmpty else { return earlier ?? Array(0..<count) }
        var needed = Set<Int>()
        for term in terms { needed.formUnion(slots(of: term)) }
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
        let checked = terms.filter { !isExact($0) }
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
