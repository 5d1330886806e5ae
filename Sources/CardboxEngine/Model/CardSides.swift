/// Where a card's question and answer come from: text at hand, or a slice of its deck file that is
/// parsed the first time it is read.
public enum CardSides: Sendable {
    case parsed(ParsedSides)
    case deferred(DeferredSides)

    /// The parsed sides; a deferred card is parsed now (and remembered for a while by its file).
    public var resolved: ParsedSides {
        switch self {
        case let .parsed(sides): sides
        case let .deferred(deferred): deferred.source.sides(of: deferred)
        }
    }

    /// The normalized question, which never needs a parse: deferred cards keep it beside the file.
    public var normalizedQuestion: String {
        switch self {
        case let .parsed(sides): sides.normalizedQuestion
        case let .deferred(deferred): deferred.source.normalizedQuestion(of: deferred)
        }
    }

    /// Both sides as plain, folded text, which deferred cards also keep beside the file.
    public var searchText: String {
        switch self {
        case let .parsed(sides): SearchFolding.fold(question: sides.question, answer: sides.answer)
        case let .deferred(deferred): deferred.source.searchText(of: deferred)
        }
    }
}

/// A card's two sides as styled text, held by reference so that copying a card stays cheap.
public final class ParsedSides: Sendable {
    public let question: StyledText
    public let answer: StyledText
    public let normalizedQuestion: String

    public init(question: StyledText, answer: StyledText, normalizedQuestion: String) {
        self.question = question
        self.answer = answer
        self.normalizedQuestion = normalizedQuestion
    }
}

/// A card's sides as a place in its deck file: the bytes from its `Q:` or `C:` line to the next
/// heading (or through the next card's first line), and which cloze gap it is.
public struct DeferredSides: Sendable {
    let source: DeckSource
    /// Byte offsets of the card's text in `source`.
    let start: UInt32
    let end: UInt32
    /// The cloze gap (0 for a basic card).
    let gap: UInt32
    /// Where the normalized question sits in `source`'s question store.
    let normalizedStart: UInt32
    let normalizedEnd: UInt32
    /// Where the folded search text sits in `source`'s search store.
    let searchStart: UInt32
    let searchEnd: UInt32
}
