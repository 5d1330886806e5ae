import CardboxEngine
import Foundation

/// Checks that a deck edition keeps the exam's shape, its sources, the seed's facts and the learners'
/// progress. Each returns one readable line per problem, empty when all is well, so a test can print
/// exactly what is wrong.
enum DeckEditionChecks {
    /// An exam domain and its weight in percent.
    struct Domain {
        var title: String
        var weight: Double
    }

    /// The deck titled `deck` has exactly `domains` as its top-level topics, in order, and its first
    /// card (one on the deck itself, before any heading) mentions every string of `firstCardMentions`.
    static func structureProblems(
        _ collection: CardCollection, deck: String, domains: [String], firstCardMentions: [String]
    ) -> [String] {
        guard let node = collection.decks.first(where: { $0.title == deck }) else {
            return ["no deck titled '\(deck)' (decks: \(collection.decks.map(\.title)))"]
        }
        var problems: [String] = []
        let topics = node.children.map { collection.nodes[$0].title }
        if topics != domains {
            problems.append("top-level topics are \(topics); expected exactly \(domains)")
        }
        guard let first = node.cardRange.first.map({ collection.cards[$0] }), first.topic == node.id else {
            problems.append("the deck has no card before its first heading; it must open with the retirement card")
            return problems
        }
        let text = first.question.plainText + "\n" + first.answer.plainText
        let missing = firstCardMentions.filter { !text.contains($0) }
        if !missing.isEmpty {
            problems.append("the first card (\(first.source)) does not mention \(missing)")
        }
        return problems
    }

    /// The deck has at least `minimumCards` cards and each domain's share of the domains' cards is
    /// within `tolerance` percentage points of its weight. When any is wrong, a last line lists all the counts.
    static func shareProblems(
        _ collection: CardCollection, deck: String, domains: [Domain], minimumCards: Int, tolerance: Double
    ) -> [String] {
        guard let node = collection.decks.first(where: { $0.title == deck }) else {
            return ["no deck titled '\(deck)'"]
        }
        let counts = domains.map { domain in
            node.children.first { collection.nodes[$0].title == domain.title }
                .map { collection.nodes[$0].cardRange.count } ?? 0
        }
        let inDomains = counts.reduce(0, +)
        let summary =
            "\(node.cardRange.count) cards in the deck, \(inDomains) in the domains: "
            + zip(domains, counts).map { domain, count in
                "\(domain.title) \(count) (\(percent(count, of: inDomains)), weight \(Int(domain.weight))%)"
            }.joined(separator: "; ")
        var problems: [String] = []
        if node.cardRange.count < minimumCards {
            problems.append("only \(node.cardRange.count) cards; at least \(minimumCards) needed")
        }
        for (domain, count) in zip(domains, counts) {
            let share = inDomains == 0 ? 0 : 100 * Double(count) / Double(inDomains)
            if abs(share - domain.weight) > tolerance {
                problems.append(
                    "\(domain.title) has \(percent(count, of: inDomains)) of the cards, more than "
                        + "\(Int(tolerance)) points from its weight \(Int(domain.weight))%")
            }
        }
        return problems.isEmpty ? [] : problems + [summary]
    }

    private static func percent(_ count: Int, of total: Int) -> String {
        total == 0 ? "0%" : String(format: "%.1f%%", 100 * Double(count) / Double(total))
    }

    /// Every `##` topic of the Markdown files under `folder` has a
    /// `Source: [title](https://docs.aws.amazon.com/…)` line (or aws.amazon.com) after its heading and
    /// before its first card and the next `#`/`##` heading.
    static func sourceProblems(folder: URL) -> [String] {
        var problems: [String] = []
        for url in markdownFiles(under: folder) {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                problems.append("\(DeckPaths.display(url)): cannot read the file as UTF-8 text")
                continue
            }
            problems += sourceProblems(text: text, file: DeckPaths.display(url))
        }
        return problems
    }

    /// `sourceProblems(folder:)` for one file's `text`.
    static func sourceProblems(text: String, file: String) -> [String] {
        var problems: [String] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0).trimmingCharacters(in: .init(charactersIn: "\r"))
        }
        // Front matter is not Markdown.
        var skipped = 0
        if lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") {
            skipped = end + 1
            lines.removeFirst(skipped)
        }
        var inFence = false
        // The open `##` topic: its heading line, title, and whether a valid source line was seen.
        var open: (line: Int, title: String)?
        var sourceSeen = false
        func close(_ reason: String) {
            if let topic = open, !sourceSeen {
                problems.append(
                    "\(file):\(topic.line): topic '\(topic.title)' has no "
                        + "`Source: [title](https://docs.aws.amazon.com/…)` line \(reason)")
            }
            open = nil
        }
        for (index, line) in lines.enumerated() {
            let number = index + skipped + 1
            let trimmed = line.drop { $0 == " " }
            if line.count - trimmed.count < 4, trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                inFence.toggle()
                continue
            }
            if inFence { continue }
            if let level = headingLevel(line) {
                if level <= 2 { close("before the next heading") }
                if level == 2 {
                    open = (number, line.drop { $0 == " " || $0 == "#" }.trimmingCharacters(in: .whitespaces))
                    sourceSeen = false
                }
                continue
            }
            guard open != nil else { continue }
            if line.hasPrefix("Q:") || line.hasPrefix("C:") {
                close("before its first card")
            } else if line.hasPrefix("Source:") && !sourceSeen {
                if isAWSSourceLine(line) {
                    sourceSeen = true
                } else {
                    problems.append(
                        "\(file):\(number): a Source line must be `Source: [title](https://docs.aws.amazon.com/…)` "
                            + "(or https://aws.amazon.com/…)")
                }
            }
        }
        close("in the topic")
        return problems
    }

    /// 1…6 for an ATX heading line, nil otherwise.
    static func headingLevel(_ line: String) -> Int? {
        guard let match = line.wholeMatch(of: /^ {0,3}(#{1,6})(?:[ \t].*)?$/) else { return nil }
        return match.1.count
    }

    /// `Source: [title](https://docs.aws.amazon.com/…)` or a link to https://aws.amazon.com/….
    static func isAWSSourceLine(_ line: String) -> Bool {
        line.wholeMatch(
            of: /Source: \[[^\]]+\]\(https:\/\/(docs\.)?aws\.amazon\.com\/[^)\s]*\).*/
        ) != nil
    }

    /// The `.md` files under `folder`, in path order (as the app reads them).
    static func markdownFiles(under folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "md" }
            .sorted { $0.path < $1.path }
    }

    /// The seed map has items `1…numberedItems` in order and each section's items numbered from 1 with no
    /// gap; every key, after following `merged:` redirects, is a card of `cardKeys`; and no item is
    /// taught only by dropped cards.
    static func seedMapProblems(
        _ map: SeedMap, retired: RetiredKeys, cardKeys: Set<String>, numberedItems: Int
    ) -> [String] {
        var problems = map.problems
        let numbered = map.items.compactMap { Int($0.id) }
        if numbered != Array(1...numberedItems) {
            let missing = Set(1...numberedItems).subtracting(numbered).sorted()
            problems.append(
                "numbered seed items must be 1…\(numberedItems), once each and in order; "
                    + "missing \(missing), found \(numbered.count) numbered lines")
        }
        var sections: [String: [Int]] = [:]
        for item in map.items {
            if let (section, number) = SeedMap.split(item.id), let section {
                sections[section, default: []].append(number)
            }
        }
        for (section, numbers) in sections.sorted(by: { $0.key < $1.key }) where numbers != Array(1...numbers.count) {
            problems.append("seed items of section '\(section)' must be numbered 1…n with no gap; found \(numbers)")
        }
        for item in map.items {
            var live = 0
            for key in item.keys {
                switch retired.resolve(key) {
                case .card(let current):
                    if cardKeys.contains(current) {
                        live += 1
                    } else if current == key {
                        problems.append(
                            "\(item.location): item \(item.id): \(key) is not a card of the deck "
                                + "and no retired-*.tsv lists it")
                    } else {
                        problems.append(
                            "\(item.location): item \(item.id): \(key) was merged into \(current), "
                                + "which is not a card of the deck")
                    }
                case .dropped:
                    break
                case .cycle(let chain):
                    problems.append(
                        "\(item.location): item \(item.id): merges of \(key) run in a circle: "
                            + chain.joined(separator: " → "))
                }
            }
            if live == 0 && !item.keys.isEmpty {
                problems.append(
                    "\(item.location): item \(item.id) is taught by no card of the deck: every key is dropped "
                        + "or missing (\(item.keys.joined(separator: ", ")))")
            }
        }
        return problems
    }

    /// No retired key is still a card, and every `merged:` target is one.
    static func retiredProblems(_ retired: RetiredKeys, cardKeys: Set<String>) -> [String] {
        var problems = retired.problems
        for entry in retired.entries.values.sorted(by: { $0.location < $1.location }) {
            if cardKeys.contains(entry.key) {
                problems.append("\(entry.location): \(entry.key) is retired but is still a card of the deck")
            }
            if case .merged(let target) = entry.fate, !cardKeys.contains(target) {
                problems.append("\(entry.location): \(entry.key) is merged into \(target), which is not a card")
            }
        }
        return problems
    }

    /// Gives every card of `earlier` its own state in a fresh in-memory store, then loads `later` with
    /// that store as the app does (orphan matching on) and reports every earlier card whose state is
    /// on no card of `later`, unless `retired` lists it.
    static func progressProblems(
        earlier: CardCollection, later: CardCollection, retired: RetiredKeys
    ) throws
        -> [String]
    {
        let store = try ProgressStore()
        let start = Date(timeIntervalSince1970: 1_750_000_000)
        let scheduler = LeitnerScheduler(config: .standard(timeZone: TimeZone(identifier: "UTC")!))
        // One study answer per card at its own time: distinct review times tell any two states apart.
        let answers = earlier.cards.enumerated().map { index, card in
            RecordedAnswer(
                review: Review(
                    deck: card.deck, cardKey: card.key, time: start.addingTimeInterval(Double(index) * 3600),
                    answer: index % 2 == 0 ? .missed : .gotIt, boxBefore: 0, boxAfter: 1, mode: .study,
                    isRepeat: false),
                question: card.normalizedQuestion)
        }
        let stored = try store.record(answers, scheduler: scheduler)
        var given: [(card: Card, state: CardState)] = []
        for (card, state) in zip(earlier.cards, stored) {
            guard let state else { continue }
            given.append((card, state))
        }
        let loaded = try store.loadProgress(for: later, now: start.addingTimeInterval(86_400 * 400))
        var indexByKey: [String: Int] = [:]
        for (index, card) in later.cards.enumerated() { indexByKey[card.deck + "\u{0}" + card.key] = index }
        var movedTo: [String: Int] = [:]
        for match in loaded.moved { movedTo[match.orphan.deck + "\u{0}" + match.orphan.key] = match.cardIndex }
        var problems: [String] = []
        for (card, state) in given {
            let id = card.deck + "\u{0}" + card.key
            let label = "\(card.key) (\(card.source): \"\(card.normalizedQuestion)\")"
            if let index = indexByKey[id] ?? movedTo[id] {
                if loaded.states[index] != state {
                    problems.append("\(label): the card at \(later.cards[index].source) did not get its state")
                }
            } else if retired.entries[card.key] == nil {
                problems.append(
                    "\(label) lost its progress: no card has this key or a pin to it, orphan matching moved it "
                        + "nowhere, and no retired-*.tsv lists it")
            }
        }
        return problems
    }
}
