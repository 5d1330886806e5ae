/// One deck file's share of the collection's build, made on the thread that read the file: its
/// headings as a topic tree of its own, its cards as runs of one topic each, the cards that repeat
/// an earlier key of the file, and the hash of every card's key.
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
    private(set) var titles: [String] = []
    /// Each topic's parent among them (-1 for the deck).
    private(set) var parents: [Int32] = []
    /// The file's cards as runs of consecutive card numbers (in `ParsedDeckFile.cardList`) of one
    /// topic each, in file order.
    private(set) var runs: [CardRun] = []
    /// Each topic's first run (-1: none); the next is `CardRun.next`.
    private(set) var firstRuns: [Int32] = []
    /// How many cards each topic holds itself, but for those in `duplicates`.
    private(set) var ownCounts: [Int32] = []
    /// A 32-bit hash of each card's key (`keyHash`), by card number.
    private(set) var keyHashes: [UInt32] = []
    /// The cards whose key an earlier card of the file has, in file order, with that card.
    private(set) var duplicates: [(card: Int32, first: Int32)] = []
    /// The line of each card's marker, for a file held as items (empty for a card table, whose rows
    /// record it).
    private var itemLines: [Int32] = []
    /// Whether every key is ASCII without NUL (`StateTableScan.isPlainASCII`).
    let keysArePlainASCII: Bool

    /// Cards `start..<end` of the file, all in topic `topic`; `next` is the topic's next run (-1: none).
    struct CardRun: Sendable {
        var start: Int32
        var end: Int32
        var topic: Int32
        var next: Int32
    }

    init(_ file: ParsedDeckFile) {
        deck = ParsedDeckFile.deckName(title: file.title, path: file.path)
        let list = file.cardList
        keysArePlainASCII =
            switch list {
            case let .table(table): table.keysArePlainASCII
            case .cards: list.withAllKeys { $0.allSatisfy(StateTableScan.isPlainASCII) }
            }
        var titles = [deck]
        var parents: [Int32] = [-1]
        var runs: [CardRun] = []
        var firstRuns: [Int32] = [-1]
        var lastRuns: [Int32] = [-1]
        var topicIDs: [TopicKey: Int] = [:]
        var stack: [(level: Int, id: Int)] = []
        var topic = 0

        func heading(level: Int, title: String) {
            while let last = stack.last, last.level >= level { stack.removeLast() }
            let parent = stack.last?.id ?? 0
            let next = titles.count
            topic = CollectionBuilder.claim(&topicIDs[TopicKey(parent: parent, title: title), default: -1], next)
            if topic == next {
                titles.append(title)
                parents.append(Int32(parent))
                firstRuns.append(-1)
                lastRuns.append(-1)
            }
            stack.append((level, topic))
        }

        func cards(_ numbers: Range<Int>) {
            guard !numbers.isEmpty else { return }
            let start = Int32(numbers.lowerBound)
            let end = Int32(numbers.upperBound)
            if let last = runs.indices.last, runs[last].topic == Int32(topic), runs[last].end == start {
                runs[last].end = end
                return
            }
            let run = Int32(runs.count)
            runs.append(CardRun(start: start, end: end, topic: Int32(topic), next: -1))
            if lastRuns[topic] < 0 { firstRuns[topic] = run } else { runs[Int(lastRuns[topic])].next = run }
            lastRuns[topic] = run
        }

        switch file.layout {
        case let .table(table, headings):
            topicIDs.reserveCapacity(headings.count)
            // As `ParsedDeckFile.walk` reads the table: the headings before each row, then the
            // cards up to the next heading (a marker's cards never split). Not through `walk`
            // itself: a call for each marker took the layouts from 21 to 74 million instructions
            // at 100,000 cards.
            let rows = table.rows
            var next = 0
            var row = 0
            while row < rows.count || next < headings.count {
                if next < headings.count, headings[next].cardsBefore <= row {
                    if headings[next].level != 0 { heading(level: headings[next].level, title: headings[next].title) }
                    next += 1
                    continue
                }
                var end = next < headings.count ? min(max(headings[next].cardsBefore, row + 1), rows.count) : rows.count
                while end < rows.count, rows[end].gap != 0 { end += 1 }
                cards(row..<end)
                row = end
            }
        case let .items(items):
            var lines: [Int32] = []
            var number = 0
            for item in items {
                switch item {
                case let .heading(level, title, _):
                    heading(level: level, title: title)
                case let .cards(line, written):
                    lines.append(contentsOf: repeatElement(Int32(truncatingIfNeeded: line), count: written.count))
                    cards(number..<(number + written.count))
                    number += written.count
                }
            }
            itemLines = lines
        }
        self.titles = titles
        self.parents = parents
        self.runs = runs
        self.firstRuns = firstRuns
        ownCounts = [Int32](repeating: 0, count: titles.count)
        for run in runs { ownCounts[Int(run.topic)] += run.end - run.start }
        findDuplicates(list)
    }

    /// Hashes every card's key and records the cards whose key an earlier card of the file has.
    private mutating func findDuplicates(_ list: ParsedDeckFile.CardList) {
        let count = list.count
        var found: [(card: Int32, first: Int32)] = []
        let hashes = list.withAllKeys { keys in
            [UInt32](unsafeUninitializedCapacity: count) { hashes, initialized in
                let seen = KeyTable(capacity: count)
                for number in 0..<count {
                    let hash = Self.keyHash(keys[number])
                    hashes[number] = hash
                    if let first = seen.insert(
                        hash, ref: Int32(number), sameKey: { keys[Int($0)].elementsEqual(keys[number]) })
                    {
                        found.append((Int32(number), first))
                    }
                }
                initialized = count
            }
        }
        keyHashes = hashes
        duplicates = found
        for (card, _) in found { ownCounts[Int(topic(ofCard: Int(card)))] -= 1 }
    }

    /// How many topics the file has, its deck included.
    var topicCount: Int { titles.count }

    /// The topic of card `number` (among the file's topics).
    func topic(ofCard number: Int) -> Int32 {
        // The last run that starts at or before the card: runs are in file order.
        var low = 0
        var high = runs.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if Int(runs[middle].start) <= number { low = middle } else { high = middle - 1 }
        }
        return runs[low].topic
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

    /// The hash cards' keys are told apart by (equal keys, equal hashes; the bytes decide). Made
    /// in line, eight bytes a step, the last step on the key's last eight bytes (overlapping the
    /// step before when the length is not a multiple of eight): every card's key is hashed.
    @inline(__always)
    static func keyHash(_ key: UnsafeRawBufferPointer) -> UInt32 {
        let multiplier: UInt64 = 0xFF51_AFD7_ED55_8CCD
        let count = key.count
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
        if let base = key.baseAddress, count >= 8 {
            var offset = 0
            while offset + 8 < count {
                state = (state ^ base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* multiplier
                state ^= state >> 32
                offset += 8
            }
            state = (state ^ base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) &* multiplier
        } else {
            var tail: UInt64 = 0
            for index in 0..<count { tail |= UInt64(key[index]) << (8 * UInt64(index)) }
            state = (state ^ tail) &* multiplier
        }
        state ^= state >> 33
        state = state &* 0xC4CE_B9FE_1A85_EC53
        return UInt32(truncatingIfNeeded: state ^ state >> 32)
    }
}

/// A topic's identity while building: its parent and its title.
struct TopicKey: Hashable {
    var parent: Int
    var title: String
}

/// An open-addressing table of cards by the hash of their key, each given by a number of the
/// caller's (`ref`); keys with one hash are told apart by the caller.
final class KeyTable {
    private let hashes: UnsafeMutablePointer<UInt32>
    private let refs: UnsafeMutablePointer<Int32>
    private let mask: Int

    /// Room for `capacity` cards, the table then at most half full so that probing always ends.
    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        hashes = .allocate(capacity: size)
        refs = .allocate(capacity: size)
        refs.initialize(repeating: -1, count: size)
        mask = size - 1
    }

    deinit {
        hashes.deallocate()
        refs.deallocate()
    }

    /// The card recorded first with a key equal to this one's (`sameKey` tells, given its ref), or
    /// nil, `ref` then recorded under `hash`. At most `capacity` cards may be recorded.
    @inline(__always)
    func insert(_ hash: UInt32, ref: Int32, sameKey: (Int32) -> Bool) -> Int32? {
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

/// Every card's key bytes of a file, by card number, valid inside `CardList.withAllKeys`.
struct KeyBytes {
    fileprivate let bytes: UnsafeRawBufferPointer
    /// Where each card's key ends in `bytes`.
    fileprivate let rows: UnsafeBufferPointer<CardRow>

    var count: Int { rows.count }

    @inline(__always)
    subscript(number: Int) -> UnsafeRawBufferPointer {
        let start = number == 0 ? 0 : Int(rows[number - 1].keyEnd)
        return UnsafeRawBufferPointer(rebasing: bytes[start..<Int(rows[number].keyEnd)])
    }

    func allSatisfy(_ test: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        (0..<count).allSatisfy { test(self[$0]) }
    }
}

extension ParsedDeckFile.CardList {
    /// Runs `body` with every card's key bytes at hand (`KeyBytes`), without making a card of a
    /// table's row.
    func withAllKeys<T>(_ body: (KeyBytes) -> T) -> T {
        switch self {
        case let .table(table):
            return table.keys.withUnsafeBytes { bytes in
                table.rows.withUnsafeBufferPointer { rows in body(KeyBytes(bytes: bytes, rows: rows)) }
            }
        case let .cards(cards):
            // Held cards' keys copied back to back, each row giving where its key ends.
            var keys: [UInt8] = []
            let rows = cards.map { card in
                card.withKeyBytes { keys.append(contentsOf: $0) }
                return CardRow(
                    keyEnd: UInt32(truncatingIfNeeded: keys.count), line: 0, start: 0, end: 0, gap: 0, gapCount: 0,
                    form: 0, normalizedStart: 0, normalizedEnd: 0, searchStart: 0, searchEnd: 0)
            }
            return keys.withUnsafeBytes { bytes in
                rows.withUnsafeBufferPointer { rows in body(KeyBytes(bytes: bytes, rows: rows)) }
            }
        }
    }

    /// Runs `body` on the key bytes of card `number`, without making a card of a table's row.
    @inline(__always)
    func withKeyBytes<T>(of number: Int, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        switch self {
        case let .table(table): table.withKeyBytes(of: number, body)
        case let .cards(cards): cards[number].withKeyBytes(body)
        }
    }
}
