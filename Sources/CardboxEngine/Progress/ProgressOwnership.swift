import GRDB

/// Decides, before anything is written, whether an SQLite file may be used as a progress file.
///
/// Only an empty database (no schema object of any kind, no `user_version`, no `application_id`)
/// may become a progress file. Any other file must carry cardbox's application id, its migration
/// table with no migration this build does not know, and the tables those migrations made: a file
/// missing one of them is refused as it is, never repaired by running migrations over it.
enum ProgressOwnership {
    /// The tables every applied first migration leaves.
    static let requiredTables = ["review", "card_state", "key_move"]

    /// Throws what is wrong with the file; else returns the migrations applied to it (none for an
    /// empty database), which are then all ones this build knows. Asked of SQLite directly
    /// (`RawQuery`): every opening of the file makes these checks.
    @discardableResult
    static func check(_ db: Database, path: String) throws -> Set<String> {
        // Reading the schema fails on a file that is not SQLite at all.
        let objects = try RawQuery.integer(db, "SELECT COUNT(*) FROM sqlite_master") ?? 0
        let appID = try RawQuery.integer(db, "PRAGMA application_id") ?? 0
        let userVersion = try RawQuery.integer(db, "PRAGMA user_version") ?? 0
        if objects == 0 && appID == 0 && userVersion == 0 { return [] }
        guard appID == Int64(ProgressStore.applicationID) else { throw ProgressError.notCardbox(path: path) }
        let tables = Set(try RawQuery.texts(db, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"))
        guard tables.contains("grdb_migrations") else { throw missing("grdb_migrations", path: path) }
        let applied = Set(try RawQuery.texts(db, "SELECT identifier FROM grdb_migrations"))
        if !applied.isSubset(of: ProgressStore.knownMigrations) {
            throw ProgressError.newerSchema(path: path)
        }
        guard applied.contains("v1-review-log") else { throw missing("v1-review-log migration", path: path) }
        for table in requiredTables where !tables.contains(table) { throw missing(table, path: path) }
        return applied
    }

    private static func missing(_ what: String, path: String) -> ProgressError {
        .cannotOpen(
            path: path,
            reason:
                "it has no \(what)\(what.hasSuffix("migration") ? "" : " table"), so it was changed by another program")
    }
}
