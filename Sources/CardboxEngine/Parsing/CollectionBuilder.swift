import Foundation

/// Merges parsed files into decks (by title), builds the topic tree, expands clozes and reverse cards,
/// and assigns keys.
public enum CollectionBuilder {
    public static func build(files: [ParsedDeckFile]) -> CardCollection {
        build(files: files, layouts: files.map(FileLayout.init))
    }

    /// Merges `files`, each with its `FileLayout` (made beforehand, on the threads that read them):
    /// the files' topic trees into one, keys checked across the files of each deck, and each topic's
    /// cards copied into place, several files at a time for a large collection. The same collection
    /// as making every card's place and topic here, one card at a time.
    static func build(files: [ParsedDeckFile], layouts: [FileLayout]) -> CardCollection {
        precondition(files.count == layouts.count, "a layout for every file")
        var tree = TopicTree(capacity: layouts.reduce(1) { $0 + $1.topicCount })
        var diagnostics: [Diagnostic] = []
        let lists = files.map(\.cardList)
        var keysPlain = layouts.allSatisfy(\.keysArePlainASCII)
        // The decks by the bytes of their names: keys repeat only within one (as `FastHash` of the name told).
        var groupOfName: [[UInt8]: Int] = [:]
        var groupOfFile: [Int] = []
        var groupFileCount: [Int] = []
        for layout in layouts {
            let name = Array(layout.deck.utf8)
            let group = groupOfName[name] ?? groupFileCount.count
            if group == groupFileCount.count {
                groupOfName[name] = group
                groupFileCount.append(0)
            }
            groupFileCount[group] += 1
            groupOfFile.append(group)
        }
        // Every card of a deck of several files, as the card's number after those of the files before.
        var firstRef = [Int](repeating: 0, count: files.count + 1)
        var shared = 0
        for file in files.indices {
            firstRef[file] = shared
            if groupFileCount[groupOfFile[file]] > 1 { shared += lists[file].count }
        }
        firstRef[files.count] = shared
        let keys = KeyTable(capacity: shared)
        func fileOf(ref: Int) -> Int {
            var low = 0
            var high = files.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if firstRef[middle] <= ref { low = middle } else { high = middle - 1 }
            }
            return low
        }
        // Each file's topics as the collection's, its cards left out (a key of an earlier card of
        // the deck), and how many each topic keeps.
        var topicsOfFile: [[Int32]] = []
        var skippedOfFile: [[Bool]] = []
        var keptOfFile: [[Int32]] = []

        func location(file: Int, card: Int) -> SourceLocation {
            SourceLocation(path: files[file].path, line: layouts[file].line(ofCard: card, in: lists[file]))
        }

        /// Two cards of a deck with one key: the same question, or one `<!-- id: … -->` on two cards.
        func duplicate(file: Int, card: Int, firstFile: Int, firstCard: Int) -> Diagnostic {
            let deck = layouts[file].deck
            let here = location(file: file, card: card)
            let firstLocation = location(file: firstFile, card: firstCard)
            let this = lists[file][card]
            guard lists[firstFile][firstCard].normalizedQuestion != this.normalizedQuestion else {
                return Diagnostic(here, "duplicate question in deck '\(deck)' (first at \(firstLocation))")
            }
            return Diagnostic(
                here,
                "card id '\(this.key)' is already used in deck '\(deck)' (first at \(firstLocation)); give each card its own id"
            )
        }

        for (fileIndex, file) in files.enumerated() {
            diagnostics.append(contentsOf: file.diagnostics)
            let layout = layouts[fileIndex]
            let before = tree.titles.count
            let deckID = tree.deck(layout.deck)
            // A deck title written two ways that compare equal (composed and decomposed accents) is
            // one deck whose cards' keys were told apart by bytes, not as Strings.
            if !tree.titles[deckID].utf8.elementsEqual(layout.deck.utf8) { keysPlain = false }
            topicsOfFile.append(tree.merge(layout, deck: deckID, fresh: before))
            // The file's duplicates in file order: of its own cards, and of cards of earlier files.
            let count = lists[fileIndex].count
            var found: [(card: Int, firstFile: Int, firstCard: Int)] = []
            var kept = layout.ownCounts
            // Every card left out, of either kind (empty: none).
            var skipped: [Bool] = []
            if !layout.duplicates.isEmpty {
                skipped = [Bool](repeating: false, count: count)
                for duplicate in layout.duplicates { skipped[Int(duplicate.card)] = true }
            }
            if groupFileCount[groupOfFile[fileIndex]] > 1 {
                let group = groupOfFile[fileIndex]
                let salt = UInt32(truncatingIfNeeded: group &* 0x2545_F491)
                let base = firstRef[fileIndex]
                var own = layout.duplicates.makeIterator()
                var nextOwn = own.next()
                var earlier: [Int: (file: Int, card: Int)] = [:]
                layout.keyHashes.withUnsafeBufferPointer { hashes in
                    for number in 0..<count {
                        if let duplicate = nextOwn, Int(duplicate.card) == number {
                            nextOwn = own.next()
                            // The first of the file's cards with this key may itself repeat an earlier file's.
                            let first = earlier[Int(duplicate.first)] ?? (fileIndex, Int(duplicate.first))
                            found.append((number, first.file, first.card))
                            continue
                        }
                        // Keys are compared only when their hashes are equal: nearly always, a duplicate.
                        let first = keys.insert(hashes[number] ^ salt, ref: Int32(base + number)) { held in
                            let heldFile = fileOf(ref: Int(held))
                            return groupOfFile[heldFile] == group
                                && lists[heldFile].withKeyBytes(of: Int(held) - firstRef[heldFile]) { heldKey in
                                    lists[fileIndex].withKeyBytes(of: number) { heldKey.elementsEqual($0) }
                                }
                        }
                        guard let first else { continue }
                        let firstFile = fileOf(ref: Int(first))
                        let firstCard = Int(first) - firstRef[firstFile]
                        if skipped.isEmpty { skipped = [Bool](repeating: false, count: count) }
                        skipped[number] = true
                        kept[Int(layout.topic(ofCard: number))] -= 1
                        earlier[number] = (firstFile, firstCard)
                        found.append((number, firstFile, firstCard))
                    }
                }
            } else {
                found = layout.duplicates.map { (Int($0.card), fileIndex, Int($0.first)) }
            }
            for (card, firstFile, firstCard) in found {
                diagnostics.append(duplicate(file: fileIndex, card: card, firstFile: firstFile, firstCard: firstCard))
            }
            skippedOfFile.append(skipped)
            keptOfFile.append(kept)
        }

        // How many cards each topic holds itself.
        let nodeCount = tree.titles.count
        var ownCount = [Int](repeating: 0, count: nodeCount)
        for file in files.indices {
            for topic in 0..<layouts[file].topicCount {
                ownCount[Int(topicsOfFile[file][topic])] += Int(keptOfFile[file][topic])
            }
        }
        // Lay cards out in depth-first order so that every subtree is one contiguous range: each
        // node's own cards start after everything before it in that order, in file order within it.
        let order = tree.depthFirst()
        var starts = [Int](repeating: 0, count: nodeCount)
        var start = 0
        for id in order {
            starts[id] = start
            start += ownCount[id]
        }
        let cardCount = start
        // Where each file's topics' cards go: after the files before it in the same topic.
        var next = starts
        var placeOfFile: [[Int32]] = []
        for file in files.indices {
            var places = [Int32](repeating: 0, count: layouts[file].topicCount)
            for topic in places.indices {
                let id = Int(topicsOfFile[file][topic])
                places[topic] = Int32(truncatingIfNeeded: next[id])
                next[id] += Int(keptOfFile[file][topic])
            }
            placeOfFile.append(places)
        }
        // Each file's table when it names the file's deck (as setting `deck` would find it does):
        // its cards are made as rows of it, with no deck to set.
        let tablesOfTheirDeck = lists.indices.map { file -> DeckSource? in
            guard case let .table(table) = lists[file], table.deck == layouts[file].deck else { return nil }
            return table
        }
        let plan = CardFill(
            lists: lists, layouts: layouts, skipped: skippedOfFile, topics: topicsOfFile, places: placeOfFile,
            tables: tablesOfTheirDeck)
        let cards = [Card](unsafeUninitializedCapacity: cardCount) { buffer, count in
            let target = CardSlots(base: buffer.baseAddress)
            // Files write disjoint places: a large collection is filled on every core.
            if cardCount >= Self.concurrentFillCards, files.count > 1 {
                DispatchQueue.concurrentPerform(iterations: files.count) { plan.fill($0, into: target) }
            } else {
                for file in files.indices { plan.fill(file, into: target) }
            }
            count = cardCount
        }
        var collection = CardCollection(
            nodes: tree.nodes(order: order, starts: starts, ownCount: ownCount), cards: cards,
            diagnostics: diagnostics, fileCount: files.count)
        collection.keysPlainAndDistinct = keysPlain
        return collection
    }

    /// From how many cards the cards are made on several threads.
    static let concurrentFillCards = 8192

    /// The id in `slot`, or `next` put there when it holds none (-1).
    static func claim(_ slot: inout Int, _ next: Int) -> Int {
        if slot < 0 { slot = next }
        return slot
    }

    static func makeCards(
        _ raw: RawCard, deck: String, topic: Int, location: SourceLocation,
        diagnostics: inout [Diagnostic]
    ) -> [Card] {
        switch raw.body {
        case let .basic(question, answer):
            let normalized = CardKey.normalize(question.plainText)
            return [
                Card(
                    key: CardKey.basic(normalizedQuestion: normalized, pinnedID: raw.pinnedID), deck: deck,
                    topic: topic, kind: .basic, question: question.restoringEscapes(),
                    answer: answer.restoringEscapes(), normalizedQuestion: normalized, source: location)
            ]
        case let .reverse(question, answer):
            let normalized = CardKey.normalize(question.plainText)
            let shownQuestion = question.restoringEscapes()
            let shownAnswer = answer.restoringEscapes()
            return [
                Card(
                    key: CardKey.basic(normalizedQuestion: normalized, pinnedID: raw.pinnedID), deck: deck,
                    topic: topic, kind: .basic, question: shownQuestion, answer: shownAnswer,
                    normalizedQuestion: normalized, source: location),
                Card(
                    key: CardKey.reversed(normalizedQuestion: normalized, pinnedID: raw.pinnedID), deck: deck,
                    topic: topic, kind: .reversed, question: shownAnswer, answer: shownQuestion,
                    normalizedQuestion: normalized + " #r", source: location),
            ]
        case let .cloze(text):
            switch ClozeExpander.expand(text) {
            case let .failure(problem):
                diagnostics.append(Diagnostic(location, problem.description))
                return []
            case let .success(expansion):
                let normalized = CardKey.normalize(InlineConverter.restoringEscapes(expansion.fullText))
                return expansion.cards.enumerated().map { gap, card in
                    Card(
                        key: CardKey.cloze(normalizedText: normalized, gap: card.number - 1, pinnedID: raw.pinnedID),
                        deck: deck, topic: topic, kind: .cloze(gap: gap, gapCount: expansion.cards.count),
                        question: card.question, answer: card.answer,
                        normalizedQuestion: normalized + " #\(card.number)", source: location)
                }
            }
        }
    }
}

/// The collection's topics while building, each a number: the titles, kinds, depths and parents,
/// and the children as lists linked through their first and next numbers.
private struct TopicTree {
    private(set) var titles = ["All decks"]
    private var kinds: [TopicNode.Kind] = [.collection]
    private var depths: [Int] = [0]
    private var parents: [Int] = [-1]
    private var firstChild: [Int32] = [-1]
    private var lastChild: [Int32] = [-1]
    private var nextSibling: [Int32] = [-1]
    private var childCounts: [Int] = [0]
    /// Topics whose children are in `topicIDs`: those a later file's topic may be found under.
    private var indexed = [true]
    private var topicIDs: [TopicKey: Int] = [:]

    /// Room for `capacity` topics, the collection's included.
    init(capacity: Int) {
        titles.reserveCapacity(capacity)
        kinds.reserveCapacity(capacity)
        depths.reserveCapacity(capacity)
        parents.reserveCapacity(capacity)
        firstChild.reserveCapacity(capacity)
        lastChild.reserveCapacity(capacity)
        nextSibling.reserveCapacity(capacity)
        childCounts.reserveCapacity(capacity)
        indexed.reserveCapacity(capacity)
    }

    /// The deck named `title`, made when it is new.
    mutating func deck(_ title: String) -> Int {
        let next = titles.count
        let id = CollectionBuilder.claim(&topicIDs[TopicKey(parent: 0, title: title), default: -1], next)
        if id == next { add(title, kind: .deck, under: 0) }
        return id
    }

    /// The collection's topic for each of `layout`'s, found by title under the same parent or made
    /// in the file's order (as walking the file's headings would). `deck` is its deck's topic.
    /// `fresh`: the number of the first topic made for this file (its deck's, if new): no topic of
    /// an earlier file is found under one made for this file, so those are made without a lookup.
    mutating func merge(_ layout: FileLayout, deck: Int, fresh: Int) -> [Int32] {
        var topics = [Int32](repeating: Int32(deck), count: layout.topicCount)
        for topic in 1..<max(layout.topicCount, 1) {
            let parent = Int(topics[Int(layout.parents[topic])])
            let title = layout.titles[topic]
            let next = titles.count
            guard parent < fresh else {
                add(title, kind: .heading, under: parent)
                topics[topic] = Int32(next)
                continue
            }
            if !indexed[parent] { index(parent) }
            let id = CollectionBuilder.claim(&topicIDs[TopicKey(parent: parent, title: title), default: -1], next)
            if id == next { add(title, kind: .heading, under: parent) }
            topics[topic] = Int32(id)
        }
        return topics
    }

    /// Puts the children `parent` has now into `topicIDs`, where it keeps those added later.
    private mutating func index(_ parent: Int) {
        indexed[parent] = true
        var child = firstChild[parent]
        while child >= 0 {
            topicIDs[TopicKey(parent: parent, title: titles[Int(child)])] = Int(child)
            child = nextSibling[Int(child)]
        }
    }

    private mutating func add(_ title: String, kind: TopicNode.Kind, under parent: Int) {
        let id = Int32(titles.count)
        titles.append(title)
        kinds.append(kind)
        depths.append(depths[parent] + 1)
        parents.append(parent)
        firstChild.append(-1)
        lastChild.append(-1)
        nextSibling.append(-1)
        childCounts.append(0)
        indexed.append(false)
        if lastChild[parent] < 0 { firstChild[parent] = id } else { nextSibling[Int(lastChild[parent])] = id }
        lastChild[parent] = id
        childCounts[parent] += 1
    }

    /// Every topic, each before its children and its children in the order they were made.
    func depthFirst() -> [Int] {
        var order: [Int] = []
        order.reserveCapacity(titles.count)
        var id = 0
        while true {
            order.append(id)
            if firstChild[id] >= 0 {
                id = Int(firstChild[id])
                continue
            }
            // Up to the nearest topic with a next sibling, and on to it.
            while id != 0, nextSibling[id] < 0 { id = parents[id] }
            if id == 0 { break }
            id = Int(nextSibling[id])
        }
        return order
    }

    /// The topics as nodes, each with the range of its subtree's cards: its own start at `starts`,
    /// `ownCount` of its own, then its children's subtrees.
    func nodes(order: [Int], starts: [Int], ownCount: [Int]) -> [TopicNode] {
        var ends = [Int](repeating: 0, count: titles.count)
        for id in order.reversed() {
            ends[id] = lastChild[id] >= 0 ? ends[Int(lastChild[id])] : starts[id] + ownCount[id]
        }
        return titles.indices.map { id in
            var children: [Int] = []
            if childCounts[id] > 0 {
                children.reserveCapacity(childCounts[id])
                var child = firstChild[id]
                while child >= 0 {
                    children.append(Int(child))
                    child = nextSibling[Int(child)]
                }
            }
            return TopicNode(
                id: id, kind: kinds[id], title: titles[id], depth: depths[id], parent: id == 0 ? nil : parents[id],
                children: children, cardRange: starts[id]..<ends[id])
        }
    }
}

/// Where each file's cards go in the collection, and the topics they go to.
private struct CardFill: Sendable {
    let lists: [ParsedDeckFile.CardList]
    let layouts: [FileLayout]
    /// By file, the cards left out for a key of an earlier card of the deck (empty: none).
    let skipped: [[Bool]]
    /// By file, the collection's topic for each of its topics, and where that topic's cards go.
    let topics: [[Int32]]
    let places: [[Int32]]
    /// By file, its table when it names the file's deck.
    let tables: [DeckSource?]

    /// Makes the cards of `file` in their places.
    func fill(_ file: Int, into target: CardSlots) {
        let layout = layouts[file]
        let skipped = skipped[file]
        let topics = topics[file]
        let places = places[file]
        let table = tables[file]
        layout.runs.withUnsafeBufferPointer { runs in
            for topic in 0..<layout.topicCount {
                let id = Int(topics[topic])
                var place = Int(places[topic])
                var run = Int(layout.firstRuns[topic])
                while run >= 0 {
                    for number in Int(runs[run].start)..<Int(runs[run].end) {
                        if !skipped.isEmpty, skipped[number] { continue }
                        let card: Card
                        if let table {
                            card = Card(table, row: number, topic: id)
                        } else {
                            var made = lists[file][number]
                            // A card of a table already names its file's deck; others are given it.
                            made.deck = layout.deck
                            made.topic = id
                            card = made
                        }
                        target.put(card, at: place)
                        place += 1
                    }
                    run = Int(runs[run].next)
                }
            }
        }
    }
}

/// The cards' storage, written from several threads at once, each card at a place of its own.
private struct CardSlots: @unchecked Sendable {
    let base: UnsafeMutablePointer<Card>?

    func put(_ card: Card, at place: Int) {
        (base! + place).initialize(to: card)
    }
}
