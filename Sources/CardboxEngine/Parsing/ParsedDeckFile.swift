/// What one deck file holds before decks are merged: its title and its headings and cards in order.
public struct ParsedDeckFile: Sendable {
    /// A heading, or the cards one `Q:` or `C:` wrote, in file order.
    public enum Item: Sendable {
        case heading(level: Int, title: String, line: Int)
        /// A basic card gives one card, a reverse card two, a cloze one per card of gaps; keyed, with
        /// deck and topic still to be set.
        case cards(line: Int, [Card])
    }

    public var path: String
    /// Front-matter title, if the file has one.
    public var title: String?
    public var items: [Item]
    public var diagnostics: [Diagnostic]
    /// True when every card's line is the source line of its marker, so that the card can be
    /// parsed again from that line on its own (`DeckSource`).
    public var cardLinesExact: Bool

    public init(path: String, title: String?, items: [Item], diagnostics: [Diagnostic], cardLinesExact: Bool = true) {
        self.path = path
        self.title = title
        self.items = items
        self.diagnostics = diagnostics
        self.cardLinesExact = cardLinesExact
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
