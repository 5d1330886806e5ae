import Foundation
import GRDB

/// Keeping the states' snapshot (`StateSnapshot`) up to date: after a start that had to read the table,
/// and when the app quits.
extension ProgressStore {
    /// Writes `prefetched` (read from the table at start) as the snapshot, unless a state was written
    /// since it was read. Returns whether it wrote. Made for a thread other than the UI's, after the
    /// first frame: the blob is made before the write transaction, which only checks the count and
    /// stores it.
    @discardableResult
    public func saveStateSnapshot(_ prefetched: PrefetchedStates) throws -> Bool {
        guard !isReadOnly, prefetched.canBecomeSnapshot, let writes = prefetched.writes,
            let rows = prefetched.rows, let data = StateSnapshot.encode(rows)
        else { return false }
        return try write { db in
            guard try StateSnapshot.writes(db) == writes else { return false }
            try StateSnapshot.store(db, data, writes: writes)
            return true
        }
    }

    /// Makes the snapshot include every state written so far, reading the table when it does not
    /// (answers were given): what the app does when it quits. Returns whether it wrote.
    @discardableResult
    public func refreshStateSnapshot() throws -> Bool {
        guard !isReadOnly else { return false }
        return try write { db in
            guard let writes = try StateSnapshot.writes(db) else { return false }
            guard try StateSnapshot.storedWrites(db) != writes else { return false }
            guard let rows = try StateTableScan.readAll(db), let data = StateSnapshot.encode(rows)
            else {
                // States the snapshot cannot hold: an old snapshot would only take room.
                try db.execute(sql: "DELETE FROM state_snapshot")
                return false
            }
            try StateSnapshot.store(db, data, writes: writes)
            return true
        }
    }
}
