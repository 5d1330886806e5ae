/// What one deck file holds before decks are merged: its title and its headings and cards in order.
public struct ParsedDeckFile: Sendable {
    /// A heading or a card, in file order.
    public enum Item: Sendable {
        case heading(level: Int, title: String, line: Int)
        case card(RawCard)
    }

    public var path: String
    /// Front-matter title, if the file has one.
    public var title: String?
    public var items: [Item]
    public var diagnostics: [Diagnostic]
}

/// A card as written in a file, before cloze expansion and key assignment.
public struct RawCard: Sendable {
    /// The two forms a card is written in.
    public enum Body: Sendable {
        case basic(question: StyledText, answer: StyledText)
        case cloze(StyledText)
    }

    public var body: Body
    public var line: Int
    /// Key pinned with `<!-- id: … -->`.
    public var pinnedID: String?
    /// The finished cards (one per cloze gap), keyed, with deck and topic still to be set; made while
    /// the file is parsed so the work runs in parallel with other files.
    public var prepared: [Card] = []
}
