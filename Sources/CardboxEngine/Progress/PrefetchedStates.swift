/// The card states as read before the decks are known (`ProgressStore.prefetchStates`).
public struct PrefetchedStates: Sendable {
    /// The rows read from the table; nil when they came from the snapshot, or when the table holds
    /// something the byte-wise reading leaves to the general path.
    let tableRows: StateTableScan.Rows?
    /// The snapshot's blob, when the rows came from it.
    let snapshot: SnapshotRows?
    /// The file's count of state writes when the rows were read (nil in a file without the counter).
    let writes: Int64?
    /// Per row, the card it matched at this start, once known (`placed(by:)`).
    var cardOfRow: [Int32]?
    /// Whether the card numbers a snapshot gave its rows all held at this start.
    var placesHeld = false

    init(rows: StateTableScan.Rows?, writes: Int64?) {
        tableRows = rows
        snapshot = nil
        self.writes = writes
    }

    init(snapshot: SnapshotRows, writes: Int64) {
        tableRows = nil
        self.snapshot = snapshot
        self.writes = writes
    }

    /// True when the rows came from the snapshot rather than the table.
    public var fromSnapshot: Bool { snapshot != nil }

    /// The rows, decoded from the snapshot when they came from it; nil when the table holds something
    /// the byte-wise reading leaves to the general path.
    var rows: StateTableScan.Rows? { snapshot?.rows() ?? tableRows }

    /// The number of rows read; nil where the general path reads them.
    private var rowCount: Int? { snapshot?.count ?? tableRows?.rows.count }

    /// Whether these rows can become the snapshot: read from the table, or from a snapshot whose card
    /// numbers no longer hold (the decks changed), in a file that counts its state writes, with no
    /// row the table scan skipped.
    public var canBecomeSnapshot: Bool {
        (!fromSnapshot || (cardOfRow != nil && !placesHeld)) && writes != nil
            && (fromSnapshot || tableRows.map { $0.problems.isEmpty } == true)
    }

    /// These rows with the cards `loaded` (loaded from them) matched them to: the snapshot made from
    /// them keeps each row's card, so that the next start with the same decks checks rows in place.
    public func placed(by loaded: LoadedProgress) -> PrefetchedStates {
        var placed = self
        if let cards = loaded.cardOfRow, cards.count == rowCount {
            placed.cardOfRow = cards
            placed.placesHeld = loaded.placesHeld
        }
        return placed
    }
}
