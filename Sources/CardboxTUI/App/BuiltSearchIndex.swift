import CardboxEngine

/// A search index built off the UI thread, with the version of the decks it was built from.
///
/// Two are equal when they index the same decks' version and number of cards: the index itself is a
/// pure function of those cards' texts.
public struct BuiltSearchIndex: Hashable, Sendable {
    public let index: SearchIndex
    /// `AppState.decksVersion` when it was asked for: an index of decks replaced since is dropped.
    public let decksVersion: Int

    public init(index: SearchIndex, decksVersion: Int) {
        self.index = index
        self.decksVersion = decksVersion
    }

    /// Indexes every card's folded text; the slow part, meant for a thread other than the UI's.
    public init(collection: CardCollection, decksVersion: Int) {
        self.init(index: SearchIndex(texts: collection.cards.map(\.searchText)), decksVersion: decksVersion)
    }

    public static func == (lhs: BuiltSearchIndex, rhs: BuiltSearchIndex) -> Bool {
        lhs.decksVersion == rhs.decksVersion && lhs.index.count == rhs.index.count
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(decksVersion)
        hasher.combine(index.count)
    }
}
