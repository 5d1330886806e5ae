/// One flashcard as studied: a question side, an answer side, and where it came from.
///
/// The sides are either held as parsed text or, for cards read through the index cache or a fresh
/// parse of a large file, parsed from the deck file's bytes the first time they are read
/// (`CardSides`). Either way `question`, `answer` and `normalizedQuestion` read the same.
public struct Card: Sendable {
    /// Whether the card was written as `Q:`/`A:` or is one gap of a `C:` cloze.
    public enum Kind: Hashable, Sendable {
        case basic
        /// Gap `gap` (0-based) of a cloze with `gapCount` gaps.
        case cloze(gap: Int, gapCount: Int)
    }

    /// Stable identity within its deck; progress is stored under it.
    public var key: String
    /// Title of the deck the card belongs to.
    public var deck: String
    /// Id of the topic node that holds the card directly.
    public var topic: Int
    public var kind: Kind
    public var source: SourceLocation
    /// Where the two sides come from.
    public var sides: CardSides

    public init(
        key: String, deck: String, topic: Int, kind: Kind, question: StyledText, answer: StyledText,
        normalizedQuestion: String, source: SourceLocation
    ) {
        self.init(
            key: key, deck: deck, topic: topic, kind: kind, source: source,
            sides: .parsed(ParsedSides(question: question, answer: answer, normalizedQuestion: normalizedQuestion)))
    }

    public init(key: String, deck: String, topic: Int, kind: Kind, source: SourceLocation, sides: CardSides) {
        self.key = key
        self.deck = deck
        self.topic = topic
        self.kind = kind
        self.source = source
        self.sides = sides
    }

    /// The card's identity in the progress file.
    public var id: CardID { CardID(deck: deck, key: key) }

    public var question: StyledText { sides.resolved.question }
    public var answer: StyledText { sides.resolved.answer }
    /// Normalized question text the key was made from; used to match edited questions.
    public var normalizedQuestion: String { sides.normalizedQuestion }
    /// Both sides as plain, folded text (`SearchFolding`), for search; never needs a parse for a
    /// card read through the index.
    public var searchText: String { sides.searchText }
}
