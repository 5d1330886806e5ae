import Foundation

/// Merges parsed files into decks (by title), builds the topic tree, expands clozes and assigns keys.
public enum CollectionBuilder {
    public static func build(files: [ParsedDeckFile]) -> CardCollection {
        var nodes = [TopicNode(id: 0, kind: .collection, title: "All decks", depth: 0, parent: nil)]
        var diagnostics: [Diagnostic] = []
        var deckNodes: [String: Int] = [:]
        var topicIDs: [[String]: Int] = [:]
        var direct: [[Card]] = [[]]
        var firstSeen: [String: SourceLocation] = [:]

        func child(of parent: Int, title: String, kind: TopicNode.Kind, path: [String]) -> Int {
            if let id = topicIDs[path] { return id }
            let id = nodes.count
            nodes.append(TopicNode(id: id, kind: kind, title: title, depth: nodes[parent].depth + 1, parent: parent))
            nodes[parent].children.append(id)
            direct.append([])
            topicIDs[path] = id
            return id
        }

        for file in files {
            diagnostics.append(contentsOf: file.diagnostics)
            let deck = file.title ?? URL(fileURLWithPath: file.path).deletingPathExtension().lastPathComponent
            let deckID = deckNodes[deck] ?? child(of: 0, title: deck, kind: .deck, path: [deck])
            deckNodes[deck] = deckID
            var stack: [(level: Int, id: Int)] = []
            var topic = deckID
            for item in file.items {
                switch item {
                case let .heading(level, title, _):
                    while let last = stack.last, last.level >= level { stack.removeLast() }
                    let parent = stack.last?.id ?? deckID
                    let path = [deck] + stack.map { nodes[$0.id].title } + [title]
                    topic = child(of: parent, title: title, kind: .heading, path: path)
                    stack.append((level, topic))
                case let .card(raw):
                    let location = SourceLocation(path: file.path, line: raw.line)
                    for var card in raw.prepared {
                        card.deck = deck
                        card.topic = topic
                        let scoped = deck + "\u{0}" + card.key
                        if let first = firstSeen[scoped] {
                            diagnostics.append(Diagnostic(location, "duplicate question in deck '\(deck)' (first at \(first))"))
                            continue
                        }
                        firstSeen[scoped] = location
                        direct[topic].append(card)
                    }
                }
            }
        }

        // Lay cards out in depth-first order so that every subtree is one contiguous range.
        var cards: [Card] = []
        cards.reserveCapacity(direct.reduce(0) { $0 + $1.count })
        func place(_ id: Int) {
            let start = cards.count
            cards.append(contentsOf: direct[id])
            for child in nodes[id].children { place(child) }
            nodes[id].cardRange = start..<cards.count
        }
        place(0)
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
