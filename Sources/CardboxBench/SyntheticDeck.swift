import CardboxEngine
import CardboxTestSupport
import Foundation

/// Writes a synthetic collection shaped like a real one: several files, four heading levels, Q/A and
/// cloze cards with inline Markdown, lists, and some CJK text.
enum SyntheticDeck {
    static let cardsPerLeaf = 10
    static let leavesPerTopic = 5
    static let topicsPerSubject = 5

    /// Writes `cards` cards into `folder`, about 2,500 per file, split over two decks.
    static func write(cards: Int, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let perFile = 2_500
        let files = max(4, (cards + perFile - 1) / perFile)
        var written = 0
        for file in 0..<files {
            let count = min(perFile, (cards - written + (files - file) - 1) / (files - file))
            var text = "---\ntitle: Bench deck \(file % 2 == 0 ? "A" : "B")\n---\n\n"
            text.reserveCapacity(count * 160)
            text += "# Area \(file)\n\n"
            for local in 0..<count {
                let index = written + local
                if local % (cardsPerLeaf * leavesPerTopic * topicsPerSubject) == 0 {
                    text += "## Subject \(file).\(local / (cardsPerLeaf * leavesPerTopic * topicsPerSubject))\n\n"
                }
                if local % (cardsPerLeaf * leavesPerTopic) == 0 {
                    text += "### Topic \(file).\(local / (cardsPerLeaf * leavesPerTopic))\n\n"
                }
                if local % cardsPerLeaf == 0 {
                    text += "#### Leaf \(file).\(local / cardsPerLeaf)\n\n"
                }
                text += card(index)
            }
            written += count
            try text.write(
                to: folder.appendingPathComponent(String(format: "deck-%03d.md", file)), atomically: true,
                encoding: .utf8)
        }
    }

    static func card(_ index: Int) -> String {
        switch index % 10 {
        case 0:
            return
                "C: Card \(index): the default port of service \(index % 97) is [\(1000 + index % 9000)] over **TCP**.\n\n"
        case 3:
            return "C: 第\(index)問: 東京の[首都圏]には約三千万人が住んでいる。\n\n"
        case 5:
            return """
                Q: Card \(index): which three steps does pipeline \(index % 53) run, in order?
                A: In this order:

                - *preprocess* the input
                - run `model-\(index % 11)`
                - post-process the output


                """
        default:
            return
                "Q: Card \(index): what does option `--flag-\(index % 31)` of tool \(index % 7) do?\nA: It enables **feature \(index)**, see [the manual](https://example.com/\(index)).\n\n"
        }
    }

    /// Writes the collection's cards, as plain text and all due, as termcard's data file (a JSON object
    /// of decks holding cards), so that both apps start on the same cards.
    static func writeTermcardData(_ collection: CardCollection, to file: URL) throws {
        var decks: [String: [[String: Any]]] = [:]
        var order: [String] = []
        for (index, card) in collection.cards.enumerated() {
            if decks[card.deck] == nil { order.append(card.deck) }
            decks[card.deck, default: []].append([
                "id": String(format: "c%07d", index), "front": card.question.plainText, "back": card.answer.plainText,
                "ease_factor": 2.5, "interval": 0, "repetitions": 0, "due": "2000-01-01",
                "created_at": "2000-01-01T00:00:00", "last_reviewed": NSNull(), "total_reviews": 0,
            ])
        }
        let data: [String: Any] = [
            "decks": order.enumerated().map { number, title in
                [
                    "id": String(format: "d%03d", number), "name": title, "description": "",
                    "created_at": "2000-01-01T00:00:00", "cards": decks[title] ?? [],
                ] as [String: Any]
            }
        ]
        try JSONSerialization.data(withJSONObject: data).write(to: file)
    }

    /// Fills `store` with `reviewsPerCard` study reviews per card spread over the year before `now`,
    /// each taking 2 to 40 seconds.
    static func fillProgress(
        _ store: ProgressStore, collection: CardCollection, scheduler: LeitnerScheduler,
        reviewsPerCard: Int, now: Date
    ) throws {
        var batch: [RecordedAnswer] = []
        batch.reserveCapacity(50_000)
        var generator = SplitMix(seed: 42)
        for card in collection.cards {
            var state: CardState?
            var time = now.addingTimeInterval(-365 * 86_400 + Double(generator.next() % 180) * 86_400)
            for _ in 0..<reviewsPerCard {
                time = time.addingTimeInterval(Double(generator.next() % 36 + 1) * 86_400 / 2)
                let answer: Answer = generator.next() % 4 == 0 ? .missed : .gotIt
                var result = scheduler.review(
                    deck: card.deck, key: card.key, state: state, answer: answer, mode: .study,
                    isRepeat: false, now: min(time, now))
                result.review.seconds = Double(generator.next() % 39 + 2)
                state = result.state
                batch.append(RecordedAnswer(review: result.review, question: card.normalizedQuestion))
            }
            if batch.count >= 50_000 {
                try store.record(batch, scheduler: scheduler)
                batch.removeAll(keepingCapacity: true)
            }
        }
        try store.record(batch, scheduler: scheduler)
    }
}
