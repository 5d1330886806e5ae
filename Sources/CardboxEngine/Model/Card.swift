/// One flashcard as studied: a question side, an answer side, and where it came from.
///
/// A card read from a deck file (through its index entry or either parser) is a number in that
/// file's card table (`DeckSource`): its key's bytes, kind, line and places sit there, in one
/// buffer per file, and the card itself is that reference, the number and its topic (16 bytes,
/// one retain to copy). Its sides are parsed from the file's bytes the first time they are read
/// (`CardSides`). A card made from values (`init`), or one whose fields are set, holds them in a
/// box of its own. Either way every property reads the same.
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

    /// Where a card's fields are kept.
    enum Storage: Sendable {
        /// Row `Card.row` of its file's card table.
        case stored(DeckSource)
        /// Fields of its own.
        case held(HeldCard)
    }

    var storage: Storage
    /// The card's row in its file's card table (0 for a held card).
    var row: UInt32
    private var topicNumber: Int32

    public init(
        key: String, deck: String, topic: Int, kind: Kind, question: StyledText, answer: StyledText,
        normalizedQuestion: String, source: SourceLocation
    ) {
        self.init(
            key: key, deck: deck, topic: topic, kind: kind, source: source,
            sides: .parsed(ParsedSides(question: question, answer: answer, normalizedQuestion: normalizedQuestion)))
    }

    public init(key: String, deck: String, topic: Int, kind: Kind, source: SourceLocation, sides: CardSides) {
        storage = .held(HeldCard(CardFields(key: key, deck: deck, kind: kind, source: source, sides: sides)))
        row = 0
        topicNumber = Int32(truncatingIfNeeded: topic)
    }

    /// Row `row` of `table`, in topic `topic`.
    init(_ table: DeckSource, row: Int, topic: Int = 0) {
        storage = .stored(table)
        self.row = UInt32(truncatingIfNeeded: row)
        topicNumber = Int32(truncatingIfNeeded: topic)
    }

    /// Every field but the topic, as values.
    var fields: CardFields {
        get {
            switch storage {
            case let .stored(table): table.fields(of: Int(row))
            case let .held(box): box.fields
            }
        }
        set {
            storage = .held(HeldCard(newValue))
            row = 0
        }
    }

    /// Stable identity within its deck; progress is stored under it.
    public var key: String {
        get {
            switch storage {
            case let .stored(table): table.key(of: Int(row))
            case let .held(box): box.fields.key
            }
        }
        set { fields.key = newValue }
    }

    /// Title of the deck the card belongs to.
    public var deck: String {
        get {
            switch storage {
            case let .stored(table): table.deck
            case let .held(box): box.fields.deck
            }
        }
        set {
            if case let .stored(table) = storage, table.deck == newValue { return }
            fields.deck = newValue
        }
    }

    /// Id of the topic node that holds the card directly.
    public var topic: Int {
        get { Int(topicNumber) }
        set { topicNumber = Int32(truncatingIfNeeded: newValue) }
    }

    public var kind: Kind {
        get {
            switch storage {
            case let .stored(table): table.kind(of: Int(row))
            case let .held(box): box.fields.kind
            }
        }
        set { fields.kind = newValue }
    }

    public var source: SourceLocation {
        get {
            switch storage {
            case let .stored(table): SourceLocation(path: table.path, line: table.line(of: Int(row)))
            case let .held(box): box.fields.source
            }
        }
        set { fields.source = newValue }
    }

    /// Where the two sides come from.
    public var sides: CardSides {
        get {
            switch storage {
            case let .stored(table): .deferred(table.place(of: Int(row)))
            case let .held(box): box.fields.sides
            }
        }
        set { fields.sides = newValue }
    }

    /// Runs `body` on the key's UTF-8 bytes, without making a String for a card in a table.
    func withKeyBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        switch storage {
        case let .stored(table):
            return try table.withKeyBytes(of: Int(row), body)
        case let .held(box):
            var key = box.fields.key
            return try key.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
        }
    }

    /// The card's identity in the progress file.
    public var id: CardID { CardID(deck: deck, key: key) }

    public var question: StyledText { sides.resolved.question }
    public var answer: StyledText { sides.resolved.answer }
    /// Normalized question text the key was made from; used to match edited questions.
    public var normalizedQuestion: String {
        switch storage {
        case let .stored(table): table.normalizedQuestion(ofRow: Int(row))
        case let .held(box): box.fields.sides.normalizedQuestion
        }
    }
    /// Both sides as plain, folded text (`SearchFolding`), for search; never needs a parse for a
    /// card read through the index.
    public var searchText: String {
        switch storage {
        case let .stored(table): table.searchText(ofRow: Int(row))
        case let .held(box): box.fields.sides.searchText
        }
    }

    /// The cards written by one `R:` (both directions) or one `C:` (all its cards) share a family, and
    /// are siblings: study keeps them apart. A `Q:` card is a family of its own. Within a deck, the
    /// family is the key without its direction or gap: the `q-` key for both directions of an `R:`
    /// card, the key without `-N` for a cloze.
    public var family: String { CardKey.family(of: key, kind: kind) }
}

/// A card's fields other than its topic, as values.
struct CardFields: Sendable {
    var key: String
    var deck: String
    var kind: Card.Kind
    var source: SourceLocation
    var sides: CardSides
}

/// The fields of a card that is not a row of a file's card table.
final class HeldCard: Sendable {
    let fields: CardFields

    init(_ fields: CardFields) { self.fields = fields }
}
