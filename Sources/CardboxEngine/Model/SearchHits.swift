/// The cards a search matched, in card order: every card, a sorted list, or a bitmap over the cards.
///
/// A bitmap keeps a running count of its members every 512 cards, so its `count` is known at once and
/// its `n`th member (a row in view) is found without listing the others: a query matching nine cards
/// in ten costs a few words per 64 cards, not a number per card.
public struct SearchHits: RandomAccessCollection, Equatable, Sendable {
    /// Cards per entry of a bitmap's running count (eight words).
    static let blockWords = 8

    enum Storage: Sendable {
        /// Cards `0..<count`.
        case all
        /// Card numbers in increasing order.
        case list([Int])
        /// Bit `card % 64` of word `card / 64` is set for each member; `ranks[b]` counts the members
        /// before word `b * blockWords`.
        case bitmap(words: [UInt64], ranks: [Int])
    }

    let storage: Storage
    /// Number of hits.
    public let count: Int

    /// Every one of `count` cards.
    public init(all count: Int) {
        storage = .all
        self.count = Swift.max(0, count)
    }

    /// The cards of `cards`, which must be in increasing order.
    public init(_ cards: [Int]) {
        storage = .list(cards)
        count = cards.count
    }

    /// The cards whose bit is set in `words` (bit `card % 64` of word `card / 64`).
    init(bitmap words: [UInt64]) {
        var ranks: [Int] = []
        ranks.reserveCapacity(words.count / Self.blockWords + 1)
        var total = 0
        words.withUnsafeBufferPointer { words in
            for index in words.indices {
                if index % Self.blockWords == 0 { ranks.append(total) }
                total &+= words[index].nonzeroBitCount
            }
        }
        storage = .bitmap(words: words, ranks: ranks)
        count = total
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    /// The card of the `position`th hit.
    public subscript(position: Int) -> Int {
        precondition(position >= 0 && position < count, "hit out of range")
        switch storage {
        case .all: return position
        case .list(let cards): return cards[position]
        case .bitmap(let words, let ranks): return Self.select(position, words: words, ranks: ranks)
        }
    }

    /// Whether `card` is one of the hits.
    public func holds(_ card: Int) -> Bool {
        guard card >= 0 else { return false }
        switch storage {
        case .all: return card < count
        case .list(let cards):
            var low = 0
            var high = cards.count
            while low < high {
                let middle = (low + high) / 2
                if cards[middle] < card { low = middle + 1 } else { high = middle }
            }
            return low < cards.count && cards[low] == card
        case .bitmap(let words, _):
            return card / 64 < words.count && words[card / 64] & (1 << UInt64(card % 64)) != 0
        }
    }

    public static func == (lhs: SearchHits, rhs: SearchHits) -> Bool {
        lhs.count == rhs.count && lhs.elementsEqual(rhs)
    }

    /// The member of rank `position` of a bitmap: its block from the running count, then word by word.
    private static func select(_ position: Int, words: [UInt64], ranks: [Int]) -> Int {
        var low = 0
        var high = ranks.count
        // The last block whose running count is at most `position`.
        while high - low > 1 {
            let middle = (low + high) / 2
            if ranks[middle] <= position { low = middle } else { high = middle }
        }
        var remaining = position - ranks[low]
        var word = low * blockWords
        while remaining >= words[word].nonzeroBitCount {
            remaining -= words[word].nonzeroBitCount
            word += 1
        }
        var bits = words[word]
        for _ in 0..<remaining { bits &= bits - 1 }
        return word * 64 + bits.trailingZeroBitCount
    }
}
