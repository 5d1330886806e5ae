import GRDB
import GRDBSQLite

/// Whether a table of the progress file has a column, asked of the schema SQLite already holds.
///
/// GRDB's `Database.columns(in:)` gives the same answer through its schema cache: the database list
/// and `PRAGMA table_xinfo` read as records, each with types set up on first use, about a million
/// instructions on a start for one yes or no. This is one call into SQLite.
enum SchemaColumn {
    /// Whether the main database has a table `table` with a column named `column` (names compared as
    /// SQLite compares them, ignoring ASCII case). Tables only: SQLite answers no for a view's columns.
    static func exists(_ column: String, in table: String, _ db: Database) -> Bool {
        exists(column, in: table, connection: db.sqliteConnection)
    }

    /// `exists(_:in:_:)` asked of a connection opened with SQLite's C functions.
    static func exists(_ column: String, in table: String, connection: SQLiteConnection?) -> Bool {
        sqlite3_table_column_metadata(connection, "main", table, column, nil, nil, nil, nil, nil) == SQLITE_OK
    }
}
