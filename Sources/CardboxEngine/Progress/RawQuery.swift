import GRDB
import GRDBSQLite

/// A few small queries run with SQLite's C functions on a GRDB connection, for the checks every opening
/// of the progress file makes: no statement cache and no generic fetching types met for the first time
/// (GRDB's `fetchOne` and `fetchAll` set those up on first use, about a million instructions for the
/// opening's handful of answers). SQLite's errors are thrown as GRDB's `DatabaseError`.
enum RawQuery {
    /// The first column of the first row as an integer; nil when there is no row or it is NULL.
    static func integer(_ db: Database, _ sql: String) throws -> Int64? {
        try withStatement(db, sql) { statement in
            guard try RawStatementStep.nextRow(statement, in: db, sql: sql),
                sqlite3_column_type(statement, 0) != SQLITE_NULL
            else { return nil }
            return sqlite3_column_int64(statement, 0)
        }
    }

    /// The first column of every row as text; a NULL is an error (`SQLITE_MISMATCH`).
    static func texts(_ db: Database, _ sql: String) throws -> [String] {
        try withStatement(db, sql) { statement in
            var texts: [String] = []
            while try RawStatementStep.nextRow(statement, in: db, sql: sql) {
                guard let text = sqlite3_column_text(statement, 0) else {
                    throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "NULL where text was expected", sql: sql)
                }
                texts.append(String(cString: text))
            }
            return texts
        }
    }

    /// Runs `body` with `sql` prepared on `db`'s connection, finalized after.
    private static func withStatement<T>(
        _ db: Database, _ sql: String, _ body: (SQLiteStatement) throws -> T
    ) throws -> T {
        var statement: SQLiteStatement?
        let code = sqlite3_prepare_v2(db.sqliteConnection, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                sql: sql)
        }
        defer { sqlite3_finalize(statement) }
        return try body(statement)
    }
}
