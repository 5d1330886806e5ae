import Foundation

/// Merges parsed files into decks (by title), builds the topic tree, expands clozes and assigns keys.
public enum CollectionBuilder {
    public static func build(files: [ParsedDeckFile]) -> CardCollection {
        var nodes = [TopicNode(id: 0, kind: .collection, title: "All decks", depth: 0, parent: nil)]
        var diagnostics: [Diagnostic] = []
        var deckNodes: [String: Int] = [:]
        var topicIDs: [[String]: Int] = [:]
        var deckOfFile: [String] = []
        // Every card kept, in file order, as a place in `files`: cards are copied once, at the end.
        var places: [CardPlace] = []
        places.reserveCapacity(files.reduce(0) { $0 + $1.items.count })
        var firstSeen: [UInt64: Int] = [:]
        firstSeen.reserveCapacity(places.capacity)
        var collisions: [String: SourceLocation] = [:]

        func child(of parent: Int, title: String, kind: TopicNode.Kind, path: [String]) -> Int {
            if let id = topicIDs[path] { return id }
            let id = nodes.count
            nodes.append(TopicNode(id: id, kind: kind, title: title, depth: nodes[parent].depth + 1, parent: parent))
            nodes[parent].children.append(id)
            topicIDs[path] = id
            return id
        }

        func cardAt(_ place: CardPlace) -> Card {
            guard case let .cards(_, cards) = files[Int(place.file)].items[Int(place.item)] else { preconditionFailure("not a card") }
            return cards[Int(place.gap)]
        }

        func location(of place: CardPlace) -> SourceLocation {
            guard case let .cards(line, _) = files[Int(place.file)].items[Int(place.item)] else { preconditionFailure("not a card") }
            return SourceLocation(path: files[Int(place.file)].path, line: line)
        }

        /// Where the same deck first had the same key, or nil (and the card is recorded).
        func firstPlace(of card: Card, deck: String, hashedDeck: UInt64, at place: CardPlace) -> SourceLocation? {
            var key = card.key
            let hash = key.withUTF8 { FastHash.hash(UnsafeRawBufferPointer($0)) } &* 31 ^ hashedDeck
            guard let earlier = firstSeen[hash] else {
                firstSeen[hash] = places.count
                return nil
            }
            let first = places[earlier]
            if deckOfFile[Int(first.file)] == deck && cardAt(first).key == card.key { return location(of: first) }
            // Two different cards with one 64-bit hash: vanishingly rare, told apart by the strings.
            let scoped = deck + "\u{0}" + card.key
            if let seen = collisions[scoped] { return seen }
            collisions[scoped] = location(of: place)
            return nil
        }

        for (fileIndex, file) in files.enumerated() {
            diagnostics.append(contentsOf: file.diagnostics)
            let deck = file.title ?? URL(fileURLWithPath: file.path).deletingPathExtension().lastPathComponent
            deckOfFile.append(deck)
            var deckText = deck
            let hashedDeck = deckText.withUTF8 { FastHash.hash(UnsafeRawBufferPointer($0)) }
            let deckID = deckNodes[deck] ?? child(of: 0, title: deck, kind: .deck, path: [deck])
            deckNodes[deck] = deckID
            var stack: [(level: Int, id: Int)] = []
            var topic = deckID
            for (itemIndex, item) in file.items.enumerated() {
                switch item {
                case let .heading(level, title, _):
                    while let last = stack.last, last.level >= level { stack.removeLast() }
                    let parent = stack.last?.id ?? deckID
                    let path = [deck] + stack.map { nodes[$0.id].title } + [title]
                    topic = child(of: parent, title: title, kind: .heading, path: path)
                    stack.append((level, topic))
                case let .cards(_, prepared):
                    for (gap, card) in prepared.enumerated() {
                        let place = CardPlace(file: Int32(fileIndex), item: Int32(itemIndex), gap: Int32(gap), topic: Int32(topic))
                        if let first = firstPlace(of: card, deck: deck, hashedDeck: hashedDeck, at: place) {
                            let here = location(of: place)
                            diagnostics.append(Diagnostic(here, "duplicate question in deck '\(deck)' (first at \(first))"))
                            continue
                        }
                        places.append(place)
                    }
                }
            }
        }

        // Lay cards out in depth-first order so that every subtree is one contiguous range. Files
        // usually list them so already; a topic continued later (in another file, or under a
        // repeated heading) needs a stable sort.
        var rank = [Int](repeating: 0, count: nodes.count)
        var order: [Int] = []
        order.reserveCapacity(nodes.count)
        func visit(_ id: Int) {
            rank[id] = order.count
            order.append(id)
            for child in nodes[id].children { visit(child) }
        }
        visit(0)
        if zip(places, places.dropFirst()).contains(where: { rank[Int($0.topic)] > rank[Int($1.topic)] }) {
            places = places.enumerated()
                .sorted { (rank[Int($0.element.topic)], $0.offset) < (rank[Int($1.element.topic)], $1.offset) }
                .map(\.element)
        }
        var cards: [Card] = []
        cards.reserveCapacity(places.count)
        var directCount = [Int](repeating: 0, count: nodes.count)
        for place in places {
            var card = cardAt(place)
            card.deck = deckOfFile[Int(place.file)]
            card.topic = Int(place.topic)
            cards.append(card)
            directCount[Int(place.topic)] += 1
        }
        // Each subtree starts where its node's own cards start and ends after its last descendant's.
        var start = 0
        var starts = [Int](repeating: 0, count: nodes.count)
        for id in order {
            starts[id] = start
            start += directCount[id]
        }
        for id in order.reversed() {
            let end = nodes[id].children.last.map { nodes[$0].cardRange.upperBound } ?? starts[id] + directCount[id]
            nodes[id].cardRange = starts[id]..<end
        }
        return CardCollection(nodes: nodes, cards: cards, diagnostics: diagnostics, fileCount: files.count)
    }

    static func makeCards(_ raw: RawCard, deck: String, topic: Int, location: SourceLocation,
                          diagnostics: inout [Diagnostic]) -> [Card] {
        switch raw.body {
        case let .basic(question, answer):
            let normalized = CardKey.normalize(question.plainText)
            return [Card(key: CardKey.basic(normalizedQuestion: normalized, pinnedID: raw.pinnedID), deck: deck,
                         topic: topic, kind: .basic, question: question.restoringEscapes(),
                         answer: answer.restoringEscapes(), normalizedQuestion: normalized, source: location)]
        case let .cloze(text):
            switch ClozeExpander.expand(text) {
            case let .failure(problem):
                diagnostics.append(Diagnostic(location, problem.description))
                return []
            case let .success(expansion):
                let normalized = CardKey.normalize(InlineConverter.restoringEscapes(expansion.fullText))
                return expansion.cards.enumerated().map { gap, sides in
                    Card(key: CardKey.cloze(normalizedText: normalized, gap: gap, pinnedID: raw.pinnedID), deck: deck,
                         topic: topic, kind: .cloze(gap: gap, gapCount: expansion.cards.count), question: sides.question,
                         answer: sides.answer, normalizedQuestion: normalized + " #\(gap + 1)", source: location)
                }
            }
        }
    }
}

/// Where a card sits in the parsed files (file, item, cloze gap) and the topic that holds it.
private struct CardPlace {
    var file: Int32
    var item: Int32
    var gap: Int32
    var topic: Int32
}
