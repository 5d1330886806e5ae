/// The folded search texts of a collection's cards (`SearchFolding`), in one buffer, with postings
/// that answer a query without reading every text.
///
/// Every byte value and every pair of adjacent bytes has the exact set of cards it occurs in; every
/// sequence of three bytes is hashed into one of 2^18 buckets, whose set holds the cards with any
/// sequence of that bucket, and so is every sequence of four bytes, whose buckets are only counted.
/// Where a bucket holds a thirty-second of the cards or more, the exact set of each sequence in it is
/// kept too: of every four-byte sequence, and of the three-byte ones when their bucket holds more
/// than one sequence. So a term of up to four bytes is answered from one exact set whenever it is
/// common; a rarer one of three or four bytes, and any longer one, from the intersection of its
/// sequences' sets, whose cards are then checked with `TextSearch.contains`. The hits are exactly
/// `TextSearch.contains` over every card, in card order, at the cost of the smallest set involved
/// (a few words per 64 cards for the common terms, whose sets are bitmaps).
///
/// A set is kept as a sorted list of card numbers, or as a bitmap over all cards when that is no
/// larger (sets holding a thirty-second of the cards or more).
public struct SearchIndex: Sendable {
    /// The first slot of the three-byte sequences' buckets (after every byte and byte pair).
    static let trigramBase = 256 + 65_536
    /// Buckets for three-byte sequences, and for four-byte ones: 2 to the power `trigramBits`.
    private let trigramBits: Int
    /// Per bucket: true when more than one three-byte sequence fell into it.
    private let mixed: [Bool]
    /// One bit per four-byte bucket: set when it holds a thirty-second of the cards or more, so that
    /// each of its sequences has an exact set in `frequent`.
    private let frequentQuads: [UInt64]
    /// Exact sets of sequences (length above bit 32, bytes below): every four-byte sequence of a
    /// bucket in `frequentQuads`, every three-byte one of a mixed bucket as large.
    private let frequent: [UInt64: PostingSet]

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
            + mixed.count + 8 * frequentQuads.count + 32 * frequent.count
    }

    /// Indexes `texts` (already folded); card `i` of a query's hits is `texts[i]`. Three- and
    /// four-byte sequences go into 2^`trigramBits` buckets (1 to 24; tests use few, so that many
    /// share one).
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
        // Sets this large are bitmaps; four-byte buckets this large have their sequences' exact sets.
        let bitmapLimit = UInt32(max(1, words * 2))
        // Scratch and result tables as raw buffers: the two passes below touch them four times a byte.
        let sizes = Self.buffer(UInt32(0), count: slotCount)
        let seen = Self.buffer(UInt32.max, count: slotCount)
        let bucketKeys = Self.buffer(UInt32.max, count: buckets)
        let mixed = Self.buffer(false, count: buckets)
        let places = Self.buffer(UInt32(0), count: slotCount)
        let filled = Self.buffer(UInt32(0), count: slotCount)
        let quadSizes = Self.buffer(UInt32(0), count: buckets)
        let quadSeen = Self.buffer(UInt32.max, count: buckets)
        let quadKeys = Self.buffer(UInt32.max, count: buckets)
        let quadMixed = Self.buffer(false, count: buckets)
        defer {
            for table in [sizes, seen, bucketKeys, places, filled, quadSizes, quadSeen, quadKeys] { table.deallocate() }
            mixed.deallocate()
            quadMixed.deallocate()
        }
        // First pass: how many cards each slot's set and each four-byte bucket hold (a card counts
        // once per slot), and which buckets hold more than one sequence.
        bytes.withUnsafeBufferPointer { text in
            for card in 0..<cards {
                let stamp = UInt32(card)
                let end = Int(starts[card + 1])
                var index = Int(starts[card])
                while index < end {
                    let first = Int(text[index])
                    if seen[first] != stamp {
                        seen[first] = stamp
                        sizes[first] += 1
                    }
                    if index + 1 < end {
                        let second = Int(text[index + 1])
                        let pair = Self.pairSlot(first, second)
                        if seen[pair] != stamp {
                            seen[pair] = stamp
                            sizes[pair] += 1
                        }
                        if index + 2 < end {
                            let key = Self.trigramKey(first, second, Int(text[index + 2]))
                            let bucket = Self.trigramBucket(key, bits: bits)
                            if bucketKeys[bucket] == UInt32.max {
                                bucketKeys[bucket] = key
                            } else if bucketKeys[bucket] != key {
                                mixed[bucket] = true
                            }
                            let slot = Self.trigramBase + bucket
                            if seen[slot] != stamp {
                                seen[slot] = stamp
                                sizes[slot] += 1
                            }
                            if index + 3 < end {
                                let quadKey = key << 8 | UInt32(text[index + 3])
                                let quad = Self.quadBucket(quadKey, bits: bits)
                                if quadKeys[quad] == UInt32.max {
                                    quadKeys[quad] = quadKey
                                } else if quadKeys[quad] != quadKey {
                                    quadMixed[quad] = true
                                }
                                if quadSeen[quad] != stamp {
                                    quadSeen[quad] = stamp
                                    quadSizes[quad] += 1
                                }
                            }
                        }
                    }
                    index += 1
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
        // The buckets whose sequences get exact sets: four-byte ones with many cards (a bitmap of
        // their own when the bucket holds one sequence; `quadPlaces` -1 when the bucket holds few
        // cards, -2 when its sequences are told apart by `SequenceSets`), and three-byte ones with
        // many cards and more than one sequence.
        var frequentQuads = [UInt64](repeating: 0, count: (buckets + 63) / 64)
        var frequent: [UInt64: PostingSet] = [:]
        let exactTrigrams = Self.buffer(false, count: buckets)
        let quadPlaces = Self.buffer(Int(-1), count: buckets)
        defer {
            exactTrigrams.deallocate()
            quadPlaces.deallocate()
        }
        for bucket in 0..<buckets {
            exactTrigrams[bucket] = mixed[bucket] && sizes[Self.trigramBase + bucket] >= bitmapLimit
            guard quadSizes[bucket] >= bitmapLimit else { continue }
            frequentQuads[bucket / 64] |= 1 << UInt64(bucket % 64)
            if quadMixed[bucket] {
                quadPlaces[bucket] = -2
            } else {
                quadPlaces[bucket] = bitmapCount * words
                frequent[4 << 32 | UInt64(quadKeys[bucket])] = PostingSet(
                    size: Int(quadSizes[bucket]), place: bitmapCount * words, isBitmap: true)
                bitmapCount += 1
            }
        }
        // Second pass: fill the sets, in card order, and the exact sets of those buckets' sequences.
        var lists = [UInt32](repeating: 0, count: listCount)
        var bitmaps = [UInt64](repeating: 0, count: bitmapCount * words)
        var sequences = SequenceSets(words: words)
        seen.update(repeating: UInt32.max)
        bytes.withUnsafeBufferPointer { text in
            lists.withUnsafeMutableBufferPointer { lists in
                bitmaps.withUnsafeMutableBufferPointer { bitmaps in
                    for card in 0..<cards {
                        let stamp = UInt32(card)
                        let bit = UInt64(1) << UInt64(card % 64)
                        let word = card / 64
                        func add(_ slot: Int) {
                            if sizes[slot] >= bitmapLimit {
                                bitmaps[Int(places[slot]) + word] |= bit
                            } else if seen[slot] != stamp {
                                seen[slot] = stamp
                                lists[Int(places[slot] + filled[slot])] = stamp
                                filled[slot] += 1
                            }
                        }
                        let end = Int(starts[card + 1])
                        var index = Int(starts[card])
                        while index < end {
                            let first = Int(text[index])
                            add(first)
                            if index + 1 < end {
                                let second = Int(text[index + 1])
                                add(Self.pairSlot(first, second))
                                if index + 2 < end {
                                    let key = Self.trigramKey(first, second, Int(text[index + 2]))
                                    let bucket = Self.trigramBucket(key, bits: bits)
                                    add(Self.trigramBase + bucket)
                                    if exactTrigrams[bucket] { sequences.add(3 << 32 | UInt64(key), card: card) }
                                    if index + 3 < end {
                                        let quad = key << 8 | UInt32(text[index + 3])
                                        let place = quadPlaces[Self.quadBucket(quad, bits: bits)]
                                        if place >= 0 {
                                            bitmaps[place + word] |= bit
                                        } else if place == -2 {
                                            sequences.add(4 << 32 | UInt64(quad), card: card)
                                        }
                                    }
                                }
                            }
                            index += 1
                        }
                    }
                }
            }
        }
        // The sequences' exact sets join the others: a bitmap or a list, as for a slot.
        for (entry, key) in sequences.keys.enumerated() {
            let size = sequences.sizes[entry]
            let set = sequences.bitmaps[(entry * words)..<((entry + 1) * words)]
            if Self.isBitmap(size: size, words: words) {
                frequent[key] = PostingSet(size: size, place: bitmaps.count, isBitmap: true)
                bitmaps.append(contentsOf: set)
            } else {
                frequent[key] = PostingSet(size: size, place: lists.count, isBitmap: false)
                for (offset, bits) in set.enumerated() {
                    var bits = bits
                    while bits != 0 {
                        lists.append(UInt32(offset * 64 + bits.trailingZeroBitCount))
                        bits &= bits - 1
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
        self.frequentQuads = frequentQuads
        self.frequent = frequent
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

    @inline(__always)
    private static func pairSlot(_ first: Int, _ second: Int) -> Int { 256 + (first << 8 | second) }

    @inline(__always)
    private static func trigramKey(_ first: Int, _ second: Int, _ third: Int) -> UInt32 {
        UInt32(first << 16 | second << 8 | third)
    }

    @inline(__always)
    private static func trigramBucket(_ key: UInt32, bits: Int) -> Int {
        Int((key &* 0x9E37_79B1) >> UInt32(32 - bits))
    }

    @inline(__always)
    private static func quadBucket(_ key: UInt32, bits: Int) -> Int {
        Int((key &* 0x85EB_CA6B) >> UInt32(32 - bits))
    }

    /// A set of cards in `lists` or `bitmaps`.
    struct PostingSet: Hashable, Sendable {
        let size: Int
        /// Its start in `lists`, or its first word in `bitmaps`.
        let place: Int
        let isBitmap: Bool

        static let empty = PostingSet(size: 0, place: 0, isBitmap: false)
    }

    private func set(ofSlot slot: Int) -> PostingSet {
        let size = Int(sizes[slot])
        return PostingSet(
            size: size, place: Int(places[slot]), isBitmap: Self.isBitmap(size: size, words: wordsPerBitmap))
    }

    /// The exact set of the three-byte sequence `key` when its bucket answers it, or nil when the
    /// bucket's set holds other sequences' cards too.
    private func trigramSet(_ key: UInt32) -> (set: PostingSet, exact: Bool) {
        let bucket = Self.trigramBucket(key, bits: trigramBits)
        let slot = set(ofSlot: Self.trigramBase + bucket)
        guard mixed[bucket] else { return (slot, true) }
        if slot.size >= wordsPerBitmap * 2 {
            // Every sequence of such a bucket has its exact set: one without occurs in no card.
            return (frequent[3 << 32 | UInt64(key)] ?? .empty, true)
        }
        return (slot, false)
    }

    /// The exact set of the four-byte sequence `key`, when its bucket is a frequent one (none
    /// otherwise: only its three-byte sequences' sets can narrow it).
    private func quadSet(_ key: UInt32) -> PostingSet? {
        let bucket = Self.quadBucket(key, bits: trigramBits)
        guard frequentQuads[bucket / 64] & (1 << UInt64(bucket % 64)) != 0 else { return nil }
        return frequent[4 << 32 | UInt64(key)] ?? .empty
    }

    /// The sets whose intersection holds every card that contains `term`, and whether it is
    /// exactly those cards (otherwise they are checked in the texts).
    private func sets(of term: [UInt8]) -> (sets: [PostingSet], exact: Bool) {
        func key(at index: Int) -> UInt32 {
            Self.trigramKey(Int(term[index]), Int(term[index + 1]), Int(term[index + 2]))
        }
        switch term.count {
        case 0: return ([], true)
        case 1: return ([set(ofSlot: Int(term[0]))], true)
        case 2: return ([set(ofSlot: Self.pairSlot(Int(term[0]), Int(term[1])))], true)
        case 3:
            let (set, exact) = trigramSet(key(at: 0))
            return ([set], exact)
        default:
            var result: [PostingSet] = []
            var everyQuad = true
            for index in 0..<(term.count - 3) {
                if let set = quadSet(key(at: index) << 8 | UInt32(term[index + 3])) {
                    result.append(set)
                } else {
                    everyQuad = false
                }
            }
            if term.count == 4, everyQuad { return (result, true) }
            if !everyQuad {
                for index in 0..<(term.count - 2) { result.append(trigramSet(key(at: index)).set) }
            }
            return (result, false)
        }
    }

    /// Cards whose text contains every one of `terms` (folded, as `TextSearch.terms` makes them), in
    /// card order; all cards for no terms. `among`, when given, holds the cards the hits are chosen
    /// from (the hits of a query this one narrows).
    public func matches(_ terms: [[UInt8]], among earlier: SearchHits? = nil) -> SearchHits {
        let terms = terms.filter { !$0.isEmpty }
        guard !terms.isEmpty else { return earlier ?? SearchHits(all: count) }
        var needed = Set<PostingSet>()
        var checked: [[UInt8]] = []
        for term in terms {
            let (sets, exact) = sets(of: term)
            needed.formUnion(sets)
            if !exact { checked.append(term) }
        }
        let order = needed.sorted { $0.size < $1.size }
        guard let smallest = order.first, smallest.size > 0, earlier?.isEmpty != true else { return SearchHits([]) }
        if case .list(let cards) = earlier?.storage, cards.count < smallest.size {
            return SearchHits(check(filter(cards, by: order[...]), checked))
        }
        guard smallest.isBitmap else {
            var candidates = filter(members(of: smallest), by: order.dropFirst())
            if let earlier, case .all = earlier.storage {
            } else if let earlier {
                candidates = candidates.filter(earlier.holds)
            }
            return SearchHits(check(candidates, checked))
        }
        // Every set is a bitmap: their words are intersected, and the earlier hits'.
        var words = Array(bitmaps[smallest.place..<(smallest.place + wordsPerBitmap)])
        words.withUnsafeMutableBufferPointer { words in
            bitmaps.withUnsafeBufferPointer { bitmaps in
                for set in order.dropFirst() {
                    for word in words.indices { words[word] &= bitmaps[set.place + word] }
                }
            }
            switch earlier?.storage {
            case .bitmap(let earlierWords, _)?:
                for word in words.indices { words[word] &= earlierWords[word] }
            case .list(let cards)?:
                var kept = [UInt64](repeating: 0, count: words.count)
                for card in cards { kept[card / 64] |= 1 << UInt64(card % 64) }
                for word in words.indices { words[word] &= kept[word] }
            case .all?, nil: break
            }
            guard !checked.isEmpty else { return }
            bytes.withUnsafeBufferPointer { text in
                for word in words.indices {
                    var bits = words[word]
                    var kept = bits
                    while bits != 0 {
                        let card = word * 64 + bits.trailingZeroBitCount
                        if !contains(card, checked, in: text) { kept &= ~(1 << UInt64(card % 64)) }
                        bits &= bits - 1
                    }
                    words[word] = kept
                }
            }
        }
        return SearchHits(bitmap: words)
    }

    /// Whether card `card`'s text contains every one of `terms`.
    @inline(__always)
    private func contains(_ card: Int, _ terms: [[UInt8]], in text: UnsafeBufferPointer<UInt8>) -> Bool {
        let slice = UnsafeBufferPointer(rebasing: text[Int(starts[card])..<Int(starts[card + 1])])
        return terms.allSatisfy { TextSearch.contains(slice, $0) }
    }

    /// The cards of `candidates` whose text contains every one of `terms`.
    private func check(_ candidates: [Int], _ terms: [[UInt8]]) -> [Int] {
        guard !terms.isEmpty else { return candidates }
        return bytes.withUnsafeBufferPointer { text in candidates.filter { contains($0, terms, in: text) } }
    }

    /// The cards of `set`, in order.
    private func members(of set: PostingSet) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(set.size)
        if set.isBitmap {
            for word in 0..<wordsPerBitmap {
                var bits = bitmaps[set.place + word]
                while bits != 0 {
                    result.append(word * 64 + bits.trailingZeroBitCount)
                    bits &= bits - 1
                }
            }
        } else {
            for index in set.place..<(set.place + set.size) { result.append(Int(lists[index])) }
        }
        return result
    }

    /// The cards of `candidates` (in order) that every one of `sets` holds.
    private func filter(_ candidates: [Int], by sets: ArraySlice<PostingSet>) -> [Int] {
        var candidates = candidates
        for set in sets {
            if candidates.isEmpty { break }
            if set.isBitmap {
                candidates = candidates.filter { card in
                    bitmaps[set.place + card / 64] & (1 << UInt64(card % 64)) != 0
                }
            } else {
                candidates = lists.withUnsafeBufferPointer { all in
                    Self.intersection(
                        candidates, UnsafeBufferPointer(rebasing: all[set.place..<(set.place + set.size)]))
                }
            }
        }
        return candidates
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
