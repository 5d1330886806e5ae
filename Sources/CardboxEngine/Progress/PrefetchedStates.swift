/// The card states as read before the decks are known (`ProgressStore.prefetchStates`).
public struct PrefetchedStates: Sendable {
    /// Nil when the table holds something the byte-wise reading leaves to the general path.
    let rows: StateTableScan.Rows?
    /// The file's count of state writes when the rows were read (nil in a file without the counter).
    let writes: Int64?
    /// True when the rows came from the snapshot rather than the table.
    public let fromSnapshot: Bool
    /// Per row, the card it matched at this start, once known (`placed(by:)`).
    var cardOfRow: [Int32]?
    /// Whether the card numbers a snapshot gave its rows all held at this start.
    var placesHeld = false

    init(rows: StateTableScan.Rows?, writes: Int64?, fromSnapshot: Bool) {
        self.rows = rows
        self.writes = writes
        self.fromSnapshot = fromSnapshot
    }

    /// Whether these rows can become the snapshot: read from the table, or from a snapshot whose card
    /// numbers no longer hold (the decks changed), in a file that counts its state writes, with no
    /// row the table scan skipped.
    public var canBecomeSnapshot: Bool {
        (!fromSnapshot || (cardOfRow != nil && !placesHeld)) && writes != nil
            && rows.map { $0.problems.isEmpty } == true
    }

    /// These rows with the cards `loaded` (loaded from them) matched them to: the snapshot made from
    /// them keeps each row's card, so that the next start with the same decks checks rows in place.
    public func placed(by loaded: LoadedProgress) -> PrefetchedStates {
        var placed = self
        if let cards = loaded.cardOfRow, cards.count == rows?.rows.count {
            placed.cardOfRow = cards
            placed.placesHeld = loaded.placesHeld
        }
        return placed
    }
}
