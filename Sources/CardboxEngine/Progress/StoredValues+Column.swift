import GRDBSQLite

extension StoredValues.Value {
    /// Column `column` of a raw statement's current row, as SQLite holds it (the text only where it is
    /// text), for the readers that step statements through SQLite's C interface.
    init(_ statement: OpaquePointer, column: Int32) {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: self = .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: self = .real(sqlite3_column_double(statement, column))
        case SQLITE_NULL: self = .null
        case SQLITE_TEXT: self = .text(sqlite3_column_text(statement, column).map { String(cString: $0) } ?? "")
        default: self = .blob
        }
    }
}
