/// One flashcard as studied: a question side, an answer side, and where it came from.
public struct Card: Hashable, Sendable {
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
    public var question: StyledText
    public var answer: StyledText
    /// Normalized question text the key was made from; used to match edited questions.
    public var normalizedQuestion: String
    public var source: SourceLocation

    public init(
        key: String, deck: String, topic: Int, kind: Kind, question: StyledText, answer: StyledText,
        normalizedQuestion: String, source: SourceLocation
    ) {
        self.key = key
        self.deck = deck
        self.topic = topic
        self.kind = kind
        self.question = question
        self.answer = answer
        self.normalizedQuestion = normalizedQuestion
        self.source = source
    }
}
