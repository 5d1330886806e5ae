/// One card of a deck file's card table (`DeckSource`): plain numbers, so that a file's cards are
/// one allocation with nothing in it to retain or release, and an index entry holds them as they
/// are in memory, read in place (`DeckIndexCodec`).
struct CardRow: Sendable, Equatable {
    /// `form` of a `Q:` card or the question-to-answer direction of an `R:` card.
    static let basic: UInt8 = 0
    /// `form` of a cloze card.
    static let cloze: UInt8 = 1
    /// `form` of the answer-to-question direction of an `R:` card.
    static let reversed: UInt8 = 2

    /// Where the card's key ends in the table's key bytes (it starts where the previous row's ends).
    var keyEnd: UInt32
    /// The line of the card's `Q:`, `R:` or `C:` marker.
    var line: UInt32
    /// Byte offsets of the card's text in the file (`DeferredSides.start`, `end`).
    var start: UInt32
    var end: UInt32
    /// The card's place among the cards its marker wrote (a cloze's gap, 1 for a reverse card).
    var gap: UInt32
    /// A cloze's number of cards; 0 otherwise.
    var gapCount: UInt32
    /// Where the normalized question and the folded search text sit in the table's stores.
    var normalizedStart: UInt32
    var normalizedEnd: UInt32
    var searchStart: UInt32
    var searchEnd: UInt32
    var form: UInt8

    init(
        keyEnd: UInt32, line: UInt32, start: UInt32, end: UInt32, gap: UInt32, gapCount: UInt32, form: UInt8,
        normalizedStart: UInt32, normalizedEnd: UInt32, searchStart: UInt32, searchEnd: UInt32
    ) {
        self.keyEnd = keyEnd
        self.line = line
        self.start = start
        self.end = end
        self.gap = gap
        self.gapCount = gapCount
        self.form = form
        self.normalizedStart = normalizedStart
        self.normalizedEnd = normalizedEnd
        self.searchStart = searchStart
        self.searchEnd = searchEnd
    }

    /// The `form` and `gapCount` that record `kind`.
    static func form(of kind: Card.Kind) -> (form: UInt8, gapCount: UInt32) {
        switch kind {
        case .basic: (basic, 0)
        case .reversed: (reversed, 0)
        case let .cloze(_, count): (cloze, UInt32(clamping: count))
        }
    }
}
