/// What cardbox reads from an Anki collection: note types, decks, notes, cards and reviews.
public struct AnkiCollection: Sendable {
    /// A note type: its kind, field names and each card template's question format.
    public struct Notetype: Sendable {
        public var id: Int64
        public var name: String
        public var isCloze: Bool
        public var fieldNames: [String]
        /// The question format of each template, by ordinal.
        public var questionFormats: [String]
    }

    /// A note: its fields (HTML) and tags.
    public struct Note: Sendable {
        public var id: Int64
        public var guid: String
        public var notetypeID: Int64
        public var fields: [String]
        public var tags: [String]
    }

    /// A card of a note: which template (or cloze number − 1) and which deck; its interval in days.
    public struct Card: Sendable {
        public var id: Int64
        public var noteID: Int64
        public var deckID: Int64
        public var ordinal: Int
        /// Days for a review card; 0 for new and learning cards.
        public var interval: Int
    }

    /// One answer in Anki's review log.
    public struct Review: Sendable {
        /// Milliseconds since 1970: when it was answered (and the review's id).
        public var id: Int64
        public var cardID: Int64
        /// 1 = again, 2 = hard, 3 = good, 4 = easy.
        public var ease: Int
        /// Days; negative values are seconds (learning steps).
        public var interval: Int
    }

    public var notetypes: [Int64: Notetype]
    /// Deck names with `::` between levels.
    public var decks: [Int64: String]
    public var notes: [Note]
    public var cards: [Card]
    public var reviews: [Review]
}
