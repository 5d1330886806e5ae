/// One deck file's share of the collection's build, made on the thread that read the file: its
/// headings as a topic tree of its own, its cards in that tree's order, the cards that repeat an
/// earlier key of the file, and the hash of every card's key.
///
/// `CollectionBuilder` merges the files' trees into the collection's (files of one deck share
/// topics by title, as one file's repeated headings do), checks keys across the files of each deck
/// and copies each topic's run of cards into place, so that what it does on one thread is about a
/// topic's worth of work for each topic, and little for each card.
struct FileLayout: Sendable {
    /// The deck the file's cards belong to (`ParsedDeckFile.deckName`).
    let deck: String
    /// The file's topics in the order first written: 0 is its deck, the rest its headings (a
    /// heading written again under the same parent is the same topic).
    private(set) var titles: [String]
    /// Each topic's parent among them (-1 for the deck).
    private(set) var parents: [Int32]
    /// The cards kept within the file (every card but those in `duplicates`), by their number in
    /// `ParsedDeckFile.cardList`: each topic's own cards in file order, the topics depth first.
    private(set) var order: [Int32]
    /// Where each topic's own cards start in `order`; they end where the next topic's start in
    /// `order` or at its end (`ownCards(of:)`).
    private(set) var ownStarts: [Int32]
    private(set) var ownCounts: [Int32]
    /// A 32-bit hash of each card's key (`keyHash`), by card number.
    private(set) var keyHashes: [UInt32]
    /// The cards whose key an earlier card of the file has, in file order, with that card.
    private(set) var duplicates: [(card: Int32, first: Int32)]
    /// The line of each card's marker, for a file held as items (empty for a card table, whose rows
    /// record it).
    private var itemLines: [Int32]
    /// Whether every key is ASCII without NUL (`StateTableScan.isPlainASCII`).
    let keysArePlainASCII: Bool

    init(_ file: ParsedDeckFile) {
        deck = ParsedDeckFile.deckName(title: file.title, path: file.path)
        let list = file.cardList
        let count = list.count
        switch list {
        case let .table(table): keysArePlainASCII = table.keysArePlainASCII
        case let .cards(cards): keysArePlainASCII = cards.allSatisfy { $0.withKeyBytes(StateTableScan.isPlainASCII) }
        }
        var titles = [deck]
        var parents: [Int32] = [-1]
        var lastChild: [Int32] = [-1]
        var nextSibling: [Int32] = [-1]
        var firstChild: [Int32] = [-1]
        var topicIDs: [TopicKey: Int] = [:]
        var hashes = [UInt32](repeating: 0, count: count)
        var topicOfCard = [Int32](repeating: 0, count: count)
        var kept = [Bool](repeating: true, count: count)
        var duplicates: [(card: Int32, first: Int32)] = []
        var lines: [Int32] = []
        var held = false
        if case .cards = list {
            held = true
            lines = [Int32](repeating: 0, count: count)
        }
        if case let .table(_, headings) = file.layout { topicIDs.reserveCapacity(headings.count) }
        var seen = KeyTable(capacity: count)
        var stack: [(level: Int, id: Int)] = []
        var topic = 0
        file.walk { level, title, _ in
            while let last = stack.last, last.level >= level { stack.removeLast() }
            let parent = stack.last?.id ?? 0
            let next = titles.count
            let id = CollectionBuilder.claim(&topicIDs[TopicKey(parent: parent, title: title), default: -1], next)
            if id == next {
                titles.append(title)
                parents.append(Int32(parent))
                firstChild.append(-1)
                lastChild.append(-1)
                nextSibling.append(-1)
                if lastChild[parent] < 0 {
                    firstChild[parent] = Int32(id)
                } else {
                    nextSibling[Int(lastChild[parent])] = Int32(id)
                }
                lastChild[parent] = Int32(id)
            }
            topic = id
            stack.append((level, id))
        } cards: { line, numbers in
            for number in numbers {
                topicOfCard[number] = Int32(truncatingIfNeeded: topic)
                if held { lines[number] = Int32(truncatingIfNeeded: line) }
                let hash = list.withKeyBytes(of: number) { Self.keyHash($0) }
                hashes[number] = hash
                let first = seen.insert(hash, ref: Int32(number)) { earlier in
                    list.withKeyBytes(of: Int(earlier)) { a in list.withKeyBytes(of: number) { a.elementsEqual($0) } }
                }
                if let first {
                    kept[number] = false
                    duplicates.append((Int32(number), first))
                }
            }
        }
        // Each topic's own cards, the topics depth first (a counting sort, stable in file order).
        let topicCount = titles.count
        var counts = [Int32](repeating: 0, count: topicCount)
        for number in 0..<count where kept[number] { counts[Int(topicOfCard[number])] += 1 }
        var starts = [Int32](repeating: 0, count: topicCount)
        var start: Int32 = 0
        var path: [Int32] = [0]
        while let id = path.popLast() {
            starts[Int(id)] = start
            start += counts[Int(id)]
            // Children pushed last first, so that the first is visited next.
            var children: [Int32] = []
            var child = firstChild[Int(id)]
            while child >= 0 {
                children.append(child)
                child = nextSibling[Int(child)]
            }
            path.append(contentsOf: children.reversed())
        }
        var next = starts
        var order = [Int32](repeating: 0, count: Int(start))
        for number in 0..<count where kept[number] {
            let topic = Int(topicOfCard[number])
            order[Int(next[topic])] = Int32(number)
            next[topic] += 1
        }
        self.titles = titles
        self.parents = parents
        self.order = order
        ownStarts = starts
        ownCounts = counts
        keyHashes = hashes
        self.duplicates = duplicates
        itemLines = lines
    }

    /// How many topics the file has, its deck included.
    var topicCount: Int { titles.count }

    /// The numbers of topic `topic`'s own cards in `order`.
    func ownCards(of topic: Int) -> Range<Int> {
        Int(ownStarts[topic])..<Int(ownStarts[topic] + ownCounts[topic])
    }

    /// The line of card `number`'s marker, as `ParsedDeckFile.walk` gives it.
    func line(ofCard number: Int, in list: ParsedDeckFile.CardList) -> Int {
        switch list {
        case .cards:
            return Int(itemLines[number])
        case let .table(table):
            // A marker's cards are the rows from one whose `gap` is 0 (or the first) to the next such.
            var row = number
            while row > 0, table.rows[row].gap != 0 { row -= 1 }
            return Int(table.rows[row].line)
        }
    }

    /// The hash cards' keys are told apart by (equal keys, equal hashes; the bytes decide).
    static func keyHash(_ key: UnsafeRawBufferPointer) -> UInt32 {
        let hash = FastHash.hash(key)
        return UInt32(truncatingIfNeeded: hash ^ hash >> 32)
    }
}

/// A topic's identity while building: its parent and its title.
struct TopicKey: Hashable {
    var parent: Int
    var title: String
}

/// An open-addressing table of cards by the hash of their key, each given by a number of the
/// caller's (`ref`); keys with one hash are told apart by the caller.
struct KeyTable {
    private var hashes: [UInt32]
    private var refs: [Int32]
    private let mask: Int

    /// Room for `capacity` cards, the table then at most half full so that probing always ends.
    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        hashes = [UInt32](repeating: 0, count: size)
        refs = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// The card recorded first with a key equal to this one's (`sameKey` tells, given its ref), or
    /// nil, `ref` then recorded under `hash`. At most `capacity` cards may be recorded.
    @inline(__always)
    mutating func insert(_ hash: UInt32, ref: Int32, sameKey: (Int32) -> Bool) -> Int32? {
        var slot = Int(truncatingIfNeeded: UInt64(hash) &* 0x9E37_79B9_7F4A_7C15 >> 32) & mask
        while true {
            let held = refs[slot]
            if held < 0 { break }
            if hashes[slot] == hash, sameKey(held) { return held }
            slot = (slot + 1) & mask
        }
        hashes[slot] = hash
        refs[slot] = ref
        return nil
    }
}

extension ParsedDeckFile.CardList {
    /// Runs `body` on the key bytes of card `number`, without making a card of a table's row.
    @inline(__always)
    func withKeyBytes<T>(of number: Int, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        switch self {
        case let .table(table): table.withKeyBytes(of: number, body)
        case let .cards(cards): cards[number].withKeyBytes(body)
        }
    }
}
