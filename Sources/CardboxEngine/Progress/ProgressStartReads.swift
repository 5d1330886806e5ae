import Foundation
import GRDB
import GRDBSQLite

/// What the full-screen app's start reads from the progress file before its first frame (the card
/// states, the suspensions, today's extra new cards, then the answers per study day), read with SQLite's
/// C functions on a read-only connection of its own, on a thread of its own: while it reads, the start's
/// thread opens the file's `ProgressStore`, whose queue, checks and migrator cost more than the reads.
///
/// Only a file that opening the store leaves as it is can be read this way: cardbox's application id,
/// and every migration this build knows applied, no other. For anything else, and on any error, `read`
/// gives nil and the start reads through the store as it always did, which names what is wrong. The
/// reads are one read transaction; the caller holds the progress file's lock, and no journal is merged
/// before them, so they see what the store's reads would.
public struct ProgressStartReads: Sendable {
    /// The card states, as `ProgressStore.prefetchStates` reads them.
    public let states: PrefetchedStates
    /// The cards whose latest suspension row suspends them, as `ProgressStore.suspendedCards` reads them.
    public let suspendedCards: Set<CardID>
    /// New cards allowed today beyond the daily limit, as `ProgressStore.extraNewCards` reads them.
    public let extraNewToday: Int

    /// Reads the file at `path`. `early` is called once, as soon as the states, suspensions and extra new
    /// cards are read (nil when they could not be). Then every deck's running totals are read while the
    /// decks load, and `collection`, which waits for the decks, is called once to pick the loaded decks':
    /// the answers per study day over them, as `ProgressStore.activity` reads them, are returned (nil
    /// when they could not be read, and always after `early` was given nil).
    public static func read(
        path: String, scheduler: LeitnerScheduler, now: Date, collection: () -> CardCollection,
        early: (ProgressStartReads?) -> Void
    ) -> ActivityHistory? {
        var delivered = false
        defer { if !delivered { early(nil) } }
        guard let connection = RawReadConnection(path: path) else { return nil }
        do {
            guard try connection.needsNothingDone() else { return nil }
            try connection.execute("BEGIN")
            defer { try? connection.execute("COMMIT") }
            guard let states = try connection.states(),
                let suspended = try connection.suspendedCards(),
                let extra = try connection.extraNew(onStudyDay: scheduler.studyDay(of: now))
            else { return nil }
            delivered = true
            early(ProgressStartReads(states: states, suspendedCards: suspended, extraNewToday: extra))
            // Every deck's totals while the decks load; the loaded decks' are picked once they are in.
            let first = ActivityTotals.bucket(of: ActivityHistory.recallSince(now: now))
            guard let totals = try connection.totalsByDeck(recallFrom: first) else { return nil }
            var buckets: [[ActivityBucket]] = []
            var recall: [[RecallBucket]] = []
            for title in Set(collection().decks.map(\.title)).sorted() {
                let bytes = Array(title.utf8)
                if let deck = totals.first(where: { $0.deck == bytes }) {
                    buckets.append(deck.buckets)
                    recall.append(deck.recall)
                } else {
                    // No answer in the running totals: its recall rows, if any, are read as the store reads them.
                    buckets.append([])
                    guard let rows = try connection.recall(deck: title, from: first) else { return nil }
                    recall.append(rows)
                }
            }
            return ActivityHistory(
                buckets: ProgressStore.mergedBuckets(buckets), recall: ProgressStore.mergedRecall(recall),
                scheduler: scheduler)
        } catch {
            return nil
        }
    }
}

/// A read-only SQLite connection made with SQLite's C functions: no queue, no schema cache, no generic
/// types met for the first time. Closed when released.
private final class RawReadConnection {
    /// An SQLite result that is neither a row nor done.
    struct Failure: Error {
        var code: Int32
    }

    private let handle: SQLiteConnection

    init?(path: String) {
        var handle: SQLiteConnection?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK,
            let handle
        else {
            sqlite3_close(handle)
            return nil
        }
        self.handle = handle
        // As the store waits for a lock.
        sqlite3_busy_timeout(handle, 2_000)
        // Every page is read once: a page cache only holds the snapshot's pages on their way into its
        // buffer (SQLite's default of 2 MB is memory touched for nothing).
        sqlite3_exec(handle, "PRAGMA cache_size = 16", nil, nil, nil)
    }

    deinit { sqlite3_close(handle) }

    func execute(_ sql: String) throws {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw Failure(code: code) }
    }

    /// A value bound to a statement's parameter.
    enum Argument {
        case text(String)
        case integer(Int64)
    }

    /// Runs `body` with `sql` prepared, its parameters bound to `arguments`.
    func withStatement<T>(
        _ sql: String, _ arguments: [Argument] = [], _ body: (SQLiteStatement) throws -> T
    ) throws -> T {
        var statement: SQLiteStatement?
        let code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else { throw Failure(code: code) }
        defer { sqlite3_finalize(statement) }
        for (index, argument) in arguments.enumerated() {
            let place = Int32(index + 1)
            let bound: Int32
            switch argument {
            case .text(let text):
                // SQLite copies the text (SQLITE_TRANSIENT, which Swift does not import).
                bound = sqlite3_bind_text(
                    statement, place, text, Int32(text.utf8.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
            case .integer(let number): bound = sqlite3_bind_int64(statement, place, number)
            }
            guard bound == SQLITE_OK else { throw Failure(code: bound) }
        }
        return try body(statement)
    }

    /// Steps `statement`: true on a row, false when done.
    func next(_ statement: SQLiteStatement) throws -> Bool {
        let code = sqlite3_step(statement)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        throw Failure(code: code)
    }

    /// The first column of the first row as an integer: nil when there is no row or it is not an INTEGER.
    func integer(_ sql: String, _ arguments: [Argument] = []) throws -> Int64? {
        try withStatement(sql, arguments) { statement in
            guard try next(statement), sqlite3_column_type(statement, 0) == SQLITE_INTEGER else { return nil }
            return sqlite3_column_int64(statement, 0)
        }
    }

    /// Whether opening the store changes nothing these reads see and accepts the file: cardbox's
    /// application id, the tables the store's check asks for (`ProgressOwnership`), and the migrations
    /// applied exactly those this build knows.
    func needsNothingDone() throws -> Bool {
        guard try integer("PRAGMA application_id") == Int64(ProgressStore.applicationID) else { return false }
        let required = ProgressOwnership.requiredTables.map { "'\($0)'" }.joined(separator: ", ")
        let present = try integer(
            "SELECT COUNT(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name IN (\(required))")
        guard present == Int64(ProgressOwnership.requiredTables.count) else { return false }
        var applied: Set<String> = []
        try withStatement("SELECT identifier FROM grdb_migrations") { statement in
            while try next(statement) {
                guard let text = self.text(statement, 0) else { throw Failure(code: SQLITE_MISMATCH) }
                applied.insert(text)
            }
        }
        return applied == ProgressStore.knownMigrations
    }

    /// Column `column`'s text, nil when it is not text or holds a NUL (which a String read through GRDB
    /// would end at).
    func text(_ statement: SQLiteStatement, _ column: Int32) -> String? {
        guard sqlite3_column_type(statement, column) == SQLITE_TEXT, let bytes = sqlite3_column_text(statement, column)
        else { return nil }
        let buffer = UnsafeRawBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column)))
        guard !buffer.contains(0) else { return nil }
        return String(decoding: buffer, as: UTF8.self)
    }

    /// The card states as `ProgressStore.prefetchStates` reads them: the snapshot while it is current,
    /// else the table.
    func states() throws -> PrefetchedStates? {
        var writes: Int64?
        if try integer(StateSnapshot.triggerCountSQL) == Int64(StateSnapshot.triggerNames.count) {
            writes = try withStatement(StateSnapshot.writesSQL) { statement in
                guard try next(statement) else { return nil }
                // A count that is not a whole number is read by the store, as it reads it.
                guard sqlite3_column_type(statement, 0) == SQLITE_INTEGER else { throw Failure(code: SQLITE_MISMATCH) }
                return sqlite3_column_int64(statement, 0)
            }
        }
        if let writes, let snapshot = SnapshotRows.read(handle, writes: writes) {
            return PrefetchedStates(snapshot: snapshot, writes: writes)
        }
        guard let count = try integer("SELECT COUNT(*) FROM card_state") else { return nil }
        let rows = try withStatement(StateTableScan.selectSQL) { statement in
            try StateTableScan.read(rowsOf: statement, expected: Int(count)) { try next(statement) }
        }
        return PrefetchedStates(rows: rows, writes: writes)
    }

    /// The suspended cards as `ProgressStore.suspendedCards` finds them; nil for a value it would read
    /// otherwise than as a plain String or whole number.
    func suspendedCards() throws -> Set<CardID>? {
        let hasDevice = SchemaColumn.exists("device", in: "suspension_log", connection: handle)
        var latest: [CardID: Bool] = [:]
        let complete = try withStatement(ProgressStore.suspensionSQL(hasDevice: hasDevice)) { statement in
            while try next(statement) {
                guard let deck = text(statement, 0), let key = text(statement, 1),
                    sqlite3_column_type(statement, 2) == SQLITE_INTEGER
                else { return false }
                latest[CardID(deck: deck, key: key)] = sqlite3_column_int64(statement, 2) != 0
            }
            return true
        }
        return complete ? Set(latest.filter(\.value).keys) : nil
    }

    /// Study day `day`'s extra new cards (0 when none were allowed); nil for a value that is not a whole number.
    func extraNew(onStudyDay day: Int) throws -> Int? {
        try withStatement(ProgressStore.extraNewSQL, [.integer(Int64(day))]) { statement in
            guard try next(statement) else { return 0 }
            guard sqlite3_column_type(statement, 0) == SQLITE_INTEGER else { return nil }
            return Int(sqlite3_column_int64(statement, 0))
        }
    }

    /// One deck's running totals (in bucket order) and recall rows, as the store reads them for it.
    struct DeckTotals {
        /// The deck's title as stored (SQLite compares a bound title with these bytes).
        var deck: [UInt8]
        var buckets: [ActivityBucket]
        var recall: [RecallBucket]
    }

    /// The running totals of every deck in the file, in the table's order (deck, then bucket), with each
    /// such deck's recall rows from bucket `first` on; nil for a deck title that is not plain text.
    func totalsByDeck(recallFrom first: Int) throws -> [DeckTotals]? {
        var decks: [DeckTotals] = []
        let complete = try withStatement(
            "SELECT deck, bucket, reviews, got, missed, seconds, timed FROM review_total ORDER BY deck, bucket"
        ) { statement in
            while try next(statement) {
                guard sqlite3_column_type(statement, 0) == SQLITE_TEXT, let text = sqlite3_column_text(statement, 0)
                else { return false }
                let title = UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, 0)))
                let same = decks.last.map { last in
                    last.deck.count == title.count
                        && (title.isEmpty
                            || last.deck.withUnsafeBytes { memcmp($0.baseAddress!, text, title.count) == 0 })
                }
                if same != true {
                    decks.append(DeckTotals(deck: Array(title), buckets: [], recall: []))
                }
                decks[decks.count - 1].buckets.append(ProgressStore.bucket(statement, from: 1))
            }
            return true
        }
        guard complete else { return nil }
        for index in decks.indices {
            guard !decks[index].deck.contains(0),
                let rows = try recall(deck: String(decoding: decks[index].deck, as: UTF8.self), from: first)
            else { return nil }
            decks[index].recall = rows
        }
        return decks
    }

    /// `deck`'s recall rows from bucket `first` on; nil for a value that is not a whole number.
    func recall(deck: String, from first: Int) throws -> [RecallBucket]? {
        try withStatement(ProgressStore.recallSQL, [.text(deck), .integer(Int64(first))]) { statement in
            var rows: [RecallBucket] = []
            while try next(statement) {
                for column in Int32(0)..<4 where sqlite3_column_type(statement, column) != SQLITE_INTEGER {
                    return nil
                }
                func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement, column)) }
                rows.append(RecallBucket(bucket: int(0), box: int(1), reviews: int(2), got: int(3)))
            }
            return rows
        }
    }
}
