/// One flashcard as studied: a question side, an answer side, and where it came from.
///
/// The sides are either held as parsed text or, for cards read through the index cache or a fresh
/// parse of a large file, parsed from the deck file's bytes the first time they are read
/// (`CardSides`). Either way `question`, `answer` and `normalizedQuestion` read the same.
public struct Card: Sendable {
    /// Whether the card was written as `Q:`/`A:`, is the answer-to-question direction of an `R:`/`A:`
    /// card, or is one card of a `C:` cloze.
    public enum Kind: Hashable, Sendable {
        /// A `Q:` card, or the question-to-answer direction of an `R:` card.
        case basic
        /// The answer-to-question direction of an `R:` card: its question side is the answer as written.
        case reversed
        /// Card `gap` (0-based) of a cloze that makes `gapCount` cards (one per gap, or one per gap number).
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

    /// The cards written by one `R:` (both directions) or one `C:` (all its cards) share a family, and
    /// are siblings: study keeps them apart. A `Q:` card is a family of its own. Within a deck, the
    /// family is the key without its direction or gap: the `q-` key for both directions of an `R:`
    /// card, the key without `-N` for a cloze.
    public var family: String { CardKey.family(of: key, kind: kind) }
}
