import CSQLiteConfig

/// SQLite's process-wide settings, made once before any connection is opened.
///
/// Memory accounting off: by default SQLite counts the bytes it allocates (for `sqlite3_memory_used`
/// and a soft heap limit, neither of which cardbox uses) under one mutex for the whole process, so
/// the start's connections, opened at the same time on different threads (the store's and the
/// start's reads, each parsing the schema), queued on it at almost every allocation.
public enum SQLiteProcessSettings {
    /// Makes the settings; returns false when SQLite was already in use (then nothing changes, and
    /// nothing is wrong: the defaults stay).
    @discardableResult
    public static func apply() -> Bool {
        cardbox_sqlite3_config_memstatus_off() == 0
    }
}
