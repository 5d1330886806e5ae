import GRDB
import GRDBSQLite

/// Stepping a prepared statement through SQLite's C interface, for the few hot paths that bind and read
/// values without GRDB's boxing, with SQLite's own error thrown as GRDB's.
enum RawStatementStep {
    /// Steps `statement` to its next row: true on a row, false when done; SQLite's error otherwise.
    /// `sql` is read only for the error (GRDB's `Statement.sql` makes and trims a string each time).
    static func nextRow(
        _ statement: SQLiteStatement, in db: Database, sql: @autoclosure () -> String? = nil
    ) throws -> Bool {
        let code = sqlite3_step(statement)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        throw error(code, in: db, sql: sql())
    }

    /// Runs `statement`, which returns no row, once, then resets it and clears its values for the next
    /// run; SQLite's error when it did not finish.
    static func run(_ statement: SQLiteStatement, in db: Database) throws {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        guard code == SQLITE_DONE else { throw error(code, in: db, sql: nil) }
    }

    private static func error(_ code: Int32, in db: Database, sql: String?) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
            sql: sql)
    }
}
