import Foundation
import GRDB

/// Keeping the states' snapshot (`StateSnapshot`) up to date: after a start that had to read the table,
/// and when the app quits.
extension ProgressStore {
    /// Writes `prefetched` (read from the table at start, or from a snapshot whose card numbers no longer
    /// hold) as the snapshot, with each row's card when `placed(by:)` gave them, unless a state was
    /// written since it was read. Returns whether it wrote. Made for a thread other than the UI's, after the
    /// first frame: the blob is made before the write transaction, which only checks the count and
    /// stores it.
    @discardableResult
    public func saveStateSnapshot(_ prefetched: PrefetchedStates) throws -> Bool {
        guard !isReadOnly, prefetched.canBecomeSnapshot, let writes = prefetched.writes,
            let rows = prefetched.rows, let data = StateSnapshot.encode(rows, cards: prefetched.cardOfRow)
        else { return false }
        return try write { db in
            guard try StateSnapshot.writes(db) == writes else { return false }
            try StateSnapshot.store(db, data, writes: writes)
            return true
        }
    }

    /// Makes the snapshot include every state written so far, reading the table when it does not
    /// (answers were given): what the app does when it quits. Each row keeps the card of `collection`
    /// it belongs to, when one is given. Returns whether it wrote.
    @discardableResult
    public func refreshStateSnapshot(for collection: CardCollection? = nil) throws -> Bool {
        guard !isReadOnly else { return false }
        return try write { db in
            guard let writes = try StateSnapshot.writes(db) else { return false }
            guard try StateSnapshot.storedWrites(db) != writes else { return false }
            guard let rows = try StateTableScan.readAll(db),
                let data = StateSnapshot.encode(rows, cards: collection.flatMap { Self.cards(of: rows, in: $0) })
            else {
                // States the snapshot cannot hold: an old snapshot would only take room.
                try db.execute(sql: "DELETE FROM state_snapshot")
                return false
            }
            try StateSnapshot.store(db, data, writes: writes)
            return true
        }
    }

    /// Per row, the card of `collection` it belongs to (-1: none), as a start finds them.
    private static func cards(of rows: StateTableScan.Rows, in collection: CardCollection) -> [Int32]? {
        guard let index = CardKeyIndex(cards: collection.cards) else { return nil }
        return StateTableScan.match(rows, index: index, cardCount: collection.cards.count)?.cardOfRow
    }
}
