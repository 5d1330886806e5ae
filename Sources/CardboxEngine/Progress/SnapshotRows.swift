import Foundation
import GRDB
import GRDBSQLite

/// The states' snapshot (`StateSnapshot`) as read at a start: its blob, checked whole, kept as it is.
///
/// A start with the same decks as the one that wrote the snapshot (the usual start) reads each row
/// straight from these bytes into the card its number names (`StateTableScan.matchInPlace`), so no
/// row is copied out before the decks are known: the blob and the per-card states are the only
/// memory the states take. Any other start decodes the rows (`rows()`) and looks every key up.
struct SnapshotRows: Sendable {
    /// The blob, every value of which `StateSnapshot.walk` accepted.
    let bytes: [UInt8]
    /// The deck spellings, in the blob's order (a row's spelling is an index into them).
    let spellings: [[UInt8]]
    /// The number of rows.
    let count: Int
    /// The offset of the first row in `bytes`.
    let firstRow: Int

    /// `bytes` when they are a whole, well-formed snapshot; nil otherwise.
    init?(bytes: [UInt8]) {
        guard
            let layout = bytes.withUnsafeBytes({ raw in
                StateSnapshot.walk(raw, rowCapacity: { _ in }) { _, _, _, _, _ in }
            })
        else { return nil }
        self.bytes = bytes
        spellings = layout.spellings
        count = layout.rows
        firstRow = layout.firstRow
    }

    /// The rows, as `StateTableScan.read` gives them for the table, with each row's card number.
    func rows() -> StateTableScan.Rows {
        // The bytes were checked when these rows were made: decoding them cannot fail.
        bytes.withUnsafeBytes { StateSnapshot.decode($0) } ?? StateTableScan.Rows()
    }

    /// Reads the snapshot's blob on `connection`, in the read transaction the caller has begun, when
    /// it includes exactly `writes` state writes; nil when there is none, it is not a blob, or it
    /// does not read back whole.
    ///
    /// The blob is read with `sqlite3_blob_read` straight into the buffer kept, rather than through a
    /// statement's column, which would assemble it in a buffer of SQLite's first.
    static func read(_ connection: SQLiteConnection, writes: Int64) -> SnapshotRows? {
        var statement: SQLiteStatement?
        guard sqlite3_prepare_v2(connection, currentSQL, -1, &statement, nil) == SQLITE_OK, let statement else {
            return nil
        }
        defer { sqlite3_finalize(statement) }
        guard sqlite3_bind_int64(statement, 1, writes) == SQLITE_OK, sqlite3_step(statement) == SQLITE_ROW else {
            return nil
        }
        let rowid = sqlite3_column_int64(statement, 0)
        var blob: OpaquePointer?
        guard sqlite3_blob_open(connection, "main", "state_snapshot", "data", rowid, 0, &blob) == SQLITE_OK,
            let blob
        else {
            sqlite3_blob_close(blob)
            return nil
        }
        defer { sqlite3_blob_close(blob) }
        let size = Int(sqlite3_blob_bytes(blob))
        var read = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            read = size == 0 || sqlite3_blob_read(blob, buffer.baseAddress, Int32(size), 0) == SQLITE_OK
            initialized = read ? size : 0
        }
        return read ? SnapshotRows(bytes: bytes) : nil
    }

    /// The snapshot's row when it includes exactly the state writes bound to its one parameter and
    /// holds a blob. `typeof` does not read the blob itself.
    static let currentSQL =
        "SELECT rowid FROM state_snapshot WHERE id = 1 AND writes = ? AND typeof(data) = 'blob'"
}
