/// Compares the structural read of a deck file with the full parse, for the fuzzer and the tests.
public enum StructuralCheck {
    /// Whether the structural pass reads `bytes` at all (nil: the full parser reads the file).
    public static func isModelled(_ bytes: [UInt8], path: String = "deck.md") -> Bool {
        StructuralPass.parse(bytes: bytes, path: path) != nil
    }

    /// The first difference between the structural read of `bytes` and cmark-gfm's parse with card
    /// text left in the file (`DeckSource.deferSides`): title, diagnostics, headings, card lines,
    /// keys, kinds, normalized questions, search texts, places in the file and both sides' text.
    /// Nil when they agree, or when the structural pass leaves the file to the full parser.
    public static func mismatch(_ bytes: [UInt8], path: String = "deck.md") -> String? {
        guard let fast = StructuralPass.parse(bytes: bytes, path: path) else { return nil }
        let full = ContentLoader.fullParse(bytes: bytes, path: path)
        if fast.title != full.title {
            return "title \(String(describing: fast.title)) ≠ \(String(describing: full.title))"
        }
        if fast.diagnostics != full.diagnostics { return "diagnostics \(fast.diagnostics) ≠ \(full.diagnostics)" }
        if fast.cardLinesExact != full.cardLinesExact { return "card lines exact differ" }
        guard fast.items.count == full.items.count else {
            return "\(fast.items.count) items ≠ \(full.items.count): \(summary(fast)) ≠ \(summary(full))"
        }
        for (a, b) in zip(fast.items, full.items) {
            switch (a, b) {
            case let (.heading(l1, t1, n1), .heading(l2, t2, n2)):
                if l1 != l2 || t1 != t2 || n1 != n2 { return "heading \(l1) \(t1) at \(n1) ≠ \(l2) \(t2) at \(n2)" }
            case let (.cards(n1, c1), .cards(n2, c2)):
                if n1 != n2 || c1.count != c2.count { return "cards at \(n1) (\(c1.count)) ≠ at \(n2) (\(c2.count))" }
                for (x, y) in zip(c1, c2) {
                    if let difference = mismatch(x, y) { return "card at line \(n1): \(difference)" }
                }
            default:
                return "item kinds differ at \(summary(fast)) ≠ \(summary(full))"
            }
        }
        return nil
    }

    private static func mismatch(_ x: Card, _ y: Card) -> String? {
        if x.key != y.key { return "key \(x.key) ≠ \(y.key)" }
        if x.kind != y.kind { return "kind \(x.kind) ≠ \(y.kind)" }
        if x.source != y.source { return "source \(x.source) ≠ \(y.source)" }
        if x.normalizedQuestion != y.normalizedQuestion {
            return
                "normalized question \(x.normalizedQuestion.debugDescription) ≠ \(y.normalizedQuestion.debugDescription)"
        }
        if x.searchText != y.searchText {
            return "search text \(x.searchText.debugDescription) ≠ \(y.searchText.debugDescription)"
        }
        guard case let .deferred(a) = x.sides, case let .deferred(b) = y.sides else {
            return "the full parse keeps this card's text parsed"
        }
        if a.start != b.start || a.end != b.end || a.gap != b.gap {
            return "place \(a.start)..<\(a.end) #\(a.gap) ≠ \(b.start)..<\(b.end) #\(b.gap)"
        }
        if x.question != y.question || x.answer != y.answer { return "the card's text differs" }
        return nil
    }

    private static func summary(_ file: ParsedDeckFile) -> String {
        file.items.map { item in
            switch item {
            case let .heading(level, title, line): "h\(level) \(title)@\(line)"
            case let .cards(line, cards): "\(cards.map(\.key))@\(line)"
            }
        }.joined(separator: ", ")
    }
}
