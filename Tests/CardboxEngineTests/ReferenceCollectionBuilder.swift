import Foundation

@testable import CardboxEngine

/// The collection's build as it was made one card at a time on one thread, kept to hold the build
/// from per-file layouts (`FileLayout`) to the same result: every card's place and topic, each
/// duplicate found by a table of every card's key and deck.
enum ReferenceCollectionBuilder {
    static func build(files: [ParsedDeckFile]) -> CardCollection {
        var nodes = [TopicNode(id: 0, kind: .collection, title: "All decks", depth: 0, parent: nil)]
        var diagnostics: [Diagnostic] = []
        var topicIDs: [ReferenceTopicKey: Int] = [:]
        // Room for every heading and deck up front: growing the table rehashes every title in it.
        topicIDs.reserveCapacity(
            files.reduce(files.count) { total, file in
                switch file.layout {
                case let .table(_, headings): total + headings.count
                case let .items(items): total + items.count
                }
            })
        var deckOfFile: [String] = []
        // Each file's cards, read in place: a file read through its index entry is one card table.
        let lists = files.map(\.cardList)
        // Every card kept, in file order, as a place in `lists`: cards are made once, at the end.
        let cardCount = lists.reduce(0) { $0 + $1.count }
        var places = PlaceList(capacity: cardCount)
        defer { places.deallocate() }
        var firstSeen = PlaceTable(capacity: cardCount)
        var collisions: [CardID: CardPlace] = [:]
        // Whether every key is plain ASCII and every deck has one spelling: then no two cards kept share
        // a deck and key, byte for byte or as Strings (`CardCollection.keysPlainAndDistinct`).
        var keysPlain = lists.allSatisfy { list in
            switch list {
            case let .table(table): table.keysArePlainASCII
            case let .cards(cards): cards.allSatisfy { $0.withKeyBytes(StateTableScan.isPlainASCII) }
            }
        }

        func child(of parent: Int, title: String, kind: TopicNode.Kind) -> Int {
            // One lookup that finds the topic or claims the next id for it: a title is hashed once.
            let next = nodes.count
            let id = claim(&topicIDs[ReferenceTopicKey(parent: parent, title: title), default: -1], next)
            guard id == next else { return id }
            nodes.append(TopicNode(id: id, kind: kind, title: title, depth: nodes[parent].depth + 1, parent: parent))
            nodes[parent].children.append(id)
            return id
        }

        func cardAt(_ place: CardPlace) -> Card { lists[Int(place.file)][Int(place.card)] }

        func location(of place: CardPlace) -> SourceLocation {
            SourceLocation(path: files[Int(place.file)].path, line: Int(place.line))
        }

        /// Where the same deck first had the same key, or nil (and the card is recorded). `keyHash`
        /// is the `FastHash` of the card's key.
        func firstPlace(
            of card: Card, keyHash: UInt64, deck: String, hashedDeck: UInt64, at place: CardPlace
        )
            -> CardPlace?
        {
            let hash = keyHash &* 31 ^ hashedDeck
            guard let earlier = firstSeen.insert(hash, place: places.count) else { return nil }
            let first = places[earlier]
            if deckOfFile[Int(first.file)] == deck
                && cardAt(first).withKeyBytes({ firstKey in card.withKeyBytes { firstKey.elementsEqual($0) } })
            {
                return first
            }
            // Two different cards with one 64-bit hash: vanishingly rare, told apart by the strings.
            let scoped = CardID(deck: deck, key: card.key)
            if let seen = collisions[scoped] { return seen }
            collisions[scoped] = place
            return nil
        }

        /// Two cards of a deck with one key: the same question, or one `<!-- id: … -->` on two cards.
        func duplicate(_ card: Card, at here: SourceLocation, first: CardPlace, deck: String) -> Diagnostic {
            let firstLocation = location(of: first)
            guard cardAt(first).normalizedQuestion != card.normalizedQuestion else {
                return Diagnostic(here, "duplicate question in deck '\(deck)' (first at \(firstLocation))")
            }
            return Diagnostic(
                here,
                "card id '\(card.key)' is already used in deck '\(deck)' (first at \(firstLocation)); give each card its own id"
            )
        }

        for (fileIndex, file) in files.enumerated() {
            diagnostics.append(contentsOf: file.diagnostics)
            let deck = ParsedDeckFile.deckName(title: file.title, path: file.path)
            deckOfFile.append(deck)
            var deckText = deck
            let hashedDeck = deckText.withUTF8 { FastHash.hash(UnsafeRawBufferPointer($0)) }
            let deckID = child(of: 0, title: deck, kind: .deck)
            // A deck title written two ways that compare equal (composed and decomposed accents) is
            // one deck whose cards' keys were told apart by bytes, not as Strings.
            if !nodes[deckID].title.utf8.elementsEqual(deck.utf8) { keysPlain = false }
            var stack: [(level: Int, id: Int)] = []
            var topic = deckID
            let list = lists[fileIndex]
            file.walk { level, title, _ in
                while let last = stack.last, last.level >= level { stack.removeLast() }
                let parent = stack.last?.id ?? deckID
                topic = child(of: parent, title: title, kind: .heading)
                stack.append((level, topic))
            } cards: { line, numbers in
                for number in numbers {
                    let place = CardPlace(
                        file: Int32(fileIndex), card: Int32(number), topic: Int32(topic),
                        line: Int32(truncatingIfNeeded: line))
                    let card = list[number]
                    let keyHash = card.withKeyBytes { FastHash.hash($0) }
                    if let first = firstPlace(of: card, keyHash: keyHash, deck: deck, hashedDeck: hashedDeck, at: place)
                    {
                        diagnostics.append(duplicate(card, at: location(of: place), first: first, deck: deck))
                        continue
                    }
                    places.append(place)
                }
            }
        }

        // Lay cards out in depth-first order so that every subtree is one contiguous range: each
        // node's own cards start after everything before it in that order (a counting sort, stable
        // in file order within a topic).
        var order: [Int] = []
        order.reserveCapacity(nodes.count)
        func visit(_ id: Int) {
            order.append(id)
            for child in nodes[id].children { visit(child) }
        }
        visit(0)
        var directCount = [Int](repeating: 0, count: nodes.count)
        for place in places.all { directCount[Int(place.topic)] += 1 }
        var starts = [Int](repeating: 0, count: nodes.count)
        var start = 0
        for id in order {
            starts[id] = start
            start += directCount[id]
        }
        var next = starts
        // Each file's table when it names the file's deck (as setting `deck` would find it does):
        // its cards are made as rows of it, with no deck to set.
        let tablesOfTheirDeck = lists.indices.map { file -> DeckSource? in
            guard case let .table(table) = lists[file], table.deck == deckOfFile[file] else { return nil }
            return table
        }
        let cards = [Card](unsafeUninitializedCapacity: places.count) { buffer, count in
            for place in places.all {
                let topic = Int(place.topic)
                let card: Card
                if let table = tablesOfTheirDeck[Int(place.file)] {
                    card = Card(table, row: Int(place.card), topic: topic)
                } else {
                    var made = cardAt(place)
                    // A card of a table already names its file's deck; others are given it.
                    made.deck = deckOfFile[Int(place.file)]
                    made.topic = topic
                    card = made
                }
                (buffer.baseAddress! + next[topic]).initialize(to: card)
                next[topic] += 1
            }
            count = places.count
        }
        // A subtree ends where its last child's subtree ends, or after its own cards.
        for id in order.reversed() {
            let end = nodes[id].children.last.map { nodes[$0].cardRange.upperBound } ?? starts[id] + directCount[id]
            nodes[id].cardRange = starts[id]..<end
        }
        var collection = CardCollection(nodes: nodes, cards: cards, diagnostics: diagnostics, fileCount: files.count)
        collection.keysPlainAndDistinct = keysPlain
        return collection
    }

    private static func claim(_ slot: inout Int, _ next: Int) -> Int {
        if slot < 0 { slot = next }
        return slot
    }
}

/// Where a card sits in the parsed files (file, and its number among the file's cards), the topic
/// that holds it, and its line.
private struct CardPlace {
    var file: Int32
    var card: Int32
    var topic: Int32
    var line: Int32
}

/// The places of the cards kept, in file order, in room made for every card up front: appending one
/// neither grows nor checks that the storage is unique, as an array would at each card.
private struct PlaceList {
    private let base: UnsafeMutablePointer<CardPlace>
    private let capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: max(capacity, 1))
    }

    mutating func append(_ place: CardPlace) {
        precondition(count < capacity, "more cards than the files hold")
        (base + count).initialize(to: place)
        count += 1
    }

    subscript(index: Int) -> CardPlace {
        precondition(index >= 0 && index < count)
        return base[index]
    }

    /// Every place appended, in order (valid until `deallocate`).
    var all: UnsafeBufferPointer<CardPlace> { UnsafeBufferPointer(start: base, count: count) }

    /// Frees the room (the places are plain numbers: nothing to deinitialize).
    func deallocate() { base.deallocate() }
}

/// A topic's identity while building: its parent and its title.
private struct ReferenceTopicKey: Hashable {
    var parent: Int
    var title: String
}

/// An open-addressing table from a card's 64-bit deck-and-key hash to its index in the places list.
private struct PlaceTable {
    private var hashes: [UInt64]
    private var places: [Int32]
    private var mask: Int
    private var count = 0

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        hashes = Array(repeating: 0, count: size)
        places = Array(repeating: -1, count: size)
        mask = size - 1
    }

    /// Records `place` under `hash` and returns nil, or returns the place recorded first.
    mutating func insert(_ hash: UInt64, place: Int) -> Int? {
        if (count + 1) * 2 > places.count { grow() }
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while places[slot] >= 0 {
            if hashes[slot] == hash { return Int(places[slot]) }
            slot = (slot + 1) & mask
        }
        hashes[slot] = hash
        places[slot] = Int32(place)
        count += 1
        return nil
    }

    /// Doubles the table, so that it stays at most half full and probing always ends.
    private mutating func grow() {
        var bigger = PlaceTable(capacity: places.count)
        for slot in places.indices where places[slot] >= 0 { _ = bigger.insert(hashes[slot], place: Int(places[slot])) }
        self = bigger
    }
}
