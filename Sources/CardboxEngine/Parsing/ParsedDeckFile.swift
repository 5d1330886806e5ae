import Foundation

/// What one deck file holds before decks are merged: its title and its headings and cards in order.
public struct ParsedDeckFile: Sendable {
    /// A heading, or the cards one `Q:` or `C:` wrote, in file order.
    public enum Item: Sendable {
        case heading(level: Int, title: String, line: Int)
        /// A basic card gives one card, a reverse card two, a cloze one per card of gaps; keyed, with
        /// the topic still to be set.
        case cards(line: Int, [Card])
    }

    /// A heading of a file whose cards are a table, and how many cards come before it; level 0
    /// stands for a marker that wrote no card (a cloze with a problem), kept as an empty item.
    struct Heading: Sendable {
        var level: Int
        var title: String
        var line: Int
        var cardsBefore: Int
    }

    /// How the headings and cards are held: as items, or as the rows of one card table (where a
    /// row whose `gap` is 0 starts the cards of a marker) and the headings between them.
    enum Layout: Sendable {
        case items([Item])
        case table(DeckSource, headings: [Heading])
    }

    public var path: String
    /// Front-matter title, if the file has one.
    public var title: String?
    var layout: Layout
    public var diagnostics: [Diagnostic]
    /// True when every card's line is the source line of its marker, so that the card can be
    /// parsed again from that line on its own (`DeckSource`).
    public var cardLinesExact: Bool

    public init(path: String, title: String?, items: [Item], diagnostics: [Diagnostic], cardLinesExact: Bool = true) {
        self.path = path
        self.title = title
        layout = .items(items)
        self.diagnostics = diagnostics
        self.cardLinesExact = cardLinesExact
    }

    /// A file whose cards are the rows of `table`, with `headings` between them.
    init(path: String, title: String?, table: DeckSource, headings: [Heading], diagnostics: [Diagnostic]) {
        self.path = path
        self.title = title
        layout = .table(table, headings: headings)
        self.diagnostics = diagnostics
        cardLinesExact = true
    }

    /// The name of the deck a file's cards belong to: its title, or its file name without the extension.
    static func deckName(title: String?, path: String) -> String {
        title ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }

    public var items: [Item] {
        get {
            switch layout {
            case let .items(items): return items
            case let .table(table, headings):
                var items: [Item] = []
                walk(table: table, headings: headings) { level, title, line in
                    items.append(.heading(level: level, title: title, line: line))
                } cards: { line, rows in
                    items.append(.cards(line: line, rows.map { Card(table, row: $0) }))
                }
                return items
            }
        }
        set { layout = .items(newValue) }
    }

    /// The table the file's cards are rows of, if they are.
    var table: DeckSource? {
        if case let .table(table, _) = layout { return table }
        return nil
    }

    /// The file's cards in file order, each given by its number in that order.
    enum CardList: Sendable {
        case table(DeckSource)
        case cards([Card])

        subscript(number: Int) -> Card {
            switch self {
            case let .table(table): Card(table, row: number)
            case let .cards(cards): cards[number]
            }
        }

        var count: Int {
            switch self {
            case let .table(table): table.rows.count
            case let .cards(cards): cards.count
            }
        }
    }

    /// The cards, numbered as `walk` numbers them.
    var cardList: CardList {
        switch layout {
        case let .table(table, _): return .table(table)
        case let .items(items):
            var cards: [Card] = []
            for case let .cards(_, written) in items { cards.append(contentsOf: written) }
            return .cards(cards)
        }
    }

    /// Calls `heading` for each heading and `cards` for the cards of each marker (their line and
    /// their numbers in `cardList`), in file order.
    func walk(heading: (Int, String, Int) -> Void, cards: (Int, Range<Int>) -> Void) {
        switch layout {
        case let .table(table, headings):
            walk(table: table, headings: headings, heading: heading, cards: cards)
        case let .items(items):
            var number = 0
            for item in items {
                switch item {
                case let .heading(level, title, line):
                    heading(level, title, line)
                case let .cards(line, written):
                    cards(line, number..<(number + written.count))
                    number += written.count
                }
            }
        }
    }

    private func walk(
        table: DeckSource, headings: [Heading], heading: (Int, String, Int) -> Void, cards: (Int, Range<Int>) -> Void
    ) {
        let rows = table.rows
        var next = 0
        var row = 0
        while row < rows.count || next < headings.count {
            if next < headings.count, headings[next].cardsBefore <= row {
                let mark = headings[next]
                if mark.level == 0 {
                    cards(mark.line, row..<row)
                } else {
                    heading(mark.level, mark.title, mark.line)
                }
                next += 1
                continue
            }
            var end = row + 1
            while end < rows.count, rows[end].gap != 0 { end += 1 }
            cards(Int(rows[row].line), row..<end)
            row = end
        }
    }
}

/// Collects a file's headings and cards as a card table (`DeckSource`), in file order.
struct CardTableBuilder {
    private(set) var keys: [UInt8] = []
    private(set) var rows: [CardRow] = []
    private(set) var headings: [ParsedDeckFile.Heading] = []

    init(cardCapacity: Int = 0) {
        rows.reserveCapacity(cardCapacity)
        keys.reserveCapacity(cardCapacity * 18)
    }

    mutating func heading(level: Int, title: String, line: Int) {
        headings.append(ParsedDeckFile.Heading(level: level, title: title, line: line, cardsBefore: rows.count))
    }

    /// Records a marker on `line` that wrote no card.
    mutating func noCards(line: Int) {
        headings.append(ParsedDeckFile.Heading(level: 0, title: "", line: line, cardsBefore: rows.count))
    }

    /// Adds a card: the `gap`-th its marker on `line` wrote, its text at `start..<end` in the file.
    mutating func card(
        key: String, kind: Card.Kind, line: Int, start: UInt32, end: UInt32, gap: UInt32,
        normalized: Range<UInt32>, search: Range<UInt32>
    ) {
        var key = key
        key.withUTF8 { keys.append(contentsOf: $0) }
        appendRow(kind: kind, line: line, start: start, end: end, gap: gap, normalized: normalized, search: search)
    }

    /// `card(key:…)` with the key's UTF-8 bytes.
    mutating func card(
        key: ArraySlice<UInt8>, kind: Card.Kind, line: Int, start: UInt32, end: UInt32, gap: UInt32,
        normalized: Range<UInt32>, search: Range<UInt32>
    ) {
        key.withUnsafeBufferPointer { keys.append(contentsOf: $0) }
        appendRow(kind: kind, line: line, start: start, end: end, gap: gap, normalized: normalized, search: search)
    }

    private mutating func appendRow(
        kind: Card.Kind, line: Int, start: UInt32, end: UInt32, gap: UInt32, normalized: Range<UInt32>,
        search: Range<UInt32>
    ) {
        let (form, gapCount) = CardRow.form(of: kind)
        rows.append(
            CardRow(
                keyEnd: UInt32(truncatingIfNeeded: keys.count), line: UInt32(clamping: line), start: start, end: end,
                gap: gap, gapCount: gapCount, form: form, normalizedStart: normalized.lowerBound,
                normalizedEnd: normalized.upperBound, searchStart: search.lowerBound, searchEnd: search.upperBound))
    }

    /// The file, its cards read from a table over `content`.
    func file(
        path: String, title: String?, diagnostics: [Diagnostic], content: DeckContent, questions: TableBytes,
        searchTexts: DeckSource.SearchTexts, entryPath: String? = nil
    ) -> ParsedDeckFile {
        let table = DeckSource(
            path: path, deck: ParsedDeckFile.deckName(title: title, path: path), content: content,
            questions: questions, searchTexts: searchTexts, entryPath: entryPath, keys: TableBytes(keys),
            rows: TableRows(rows))
        return ParsedDeckFile(path: path, title: title, table: table, headings: headings, diagnostics: diagnostics)
    }
}

/// A card as written in a file, before cloze expansion and key assignment.
struct RawCard: Sendable {
    /// The forms a card is written in.
    enum Body: Sendable {
        case basic(question: StyledText, answer: StyledText)
        /// `R:`/`A:`: asked both ways, one card each.
        case reverse(question: StyledText, answer: StyledText)
        case cloze(StyledText)
    }

    var body: Body
    var line: Int
    /// Key pinned with `<!-- id: … -->`.
    var pinnedID: String?
}
