import Foundation
import GRDB
import Synchronization

/// Owns the SQLite progress file: migrates it on open, appends each answer to the review log and
/// keeps the current state of every reviewed card in step with it, in one transaction per answer.
///
/// Like GRDB's `AppDatabase`, the store is given its `DatabaseWriter`: a `DatabaseQueue` on a file
/// (`init(path:readOnly:)`) or in memory (`init()`). Rows are read and written through the record
/// types `ReviewRecord` and `CardStateRecord`; only the start-up scan reads raw bytes (`StateTableScan`).
public final class ProgressStore: Sendable {
    /// `PRAGMA application_id` of a cardbox progress file ("CBOX").
    public static let applicationID: Int32 = 0x43424F58

    /// The writer, opened at the first use of a store made with `init(openingAtFirstUse:)`.
    private let writer: StoreWriter
    /// The file's connection; for a store opened at first use, opened now if it was not yet.
    var dbWriter: any DatabaseWriter {
        get throws { try writer.get() }
    }
    /// Why writes are refused from now on (the file failed its integrity check), if they are.
    private let refusal = Mutex<String?>(nil)
    /// The file, or nil for an in-memory store.
    public let path: String?
    /// True when the writer was opened read-only: every write is refused before it starts.
    public var isReadOnly: Bool { writer.readOnly }

    /// Checks that `dbWriter` holds a cardbox progress database (or an empty one) and, unless it is
    /// read-only, migrates it. `path` names the file in messages.
    public init(_ dbWriter: any DatabaseWriter, path: String? = nil) throws {
        writer = StoreWriter(try Self.prepare(dbWriter, path: path))
        self.path = path
    }

    /// Opens the progress file at `path`, read-only, or for writing (creating it and its folders).
    public init(path: String, readOnly: Bool = false) throws {
        writer = StoreWriter(try Self.open(path: path, readOnly: readOnly))
        self.path = path
    }

    /// The progress file at `path`, for writing, opened as `init(path:)` opens it but only at the store's
    /// first use (or `open()`), on the thread that uses it first.
    ///
    /// For a start that has already read what its first frame needs from the file, on a connection of its
    /// own that found the file needing nothing done (`ProgressStartReads`): the opening's queue, checks and
    /// schema then come after that frame. An opening that fails fails every use of the store, each
    /// with its reason.
    public init(openingAtFirstUse path: String) {
        writer = StoreWriter(readOnly: false) { try ProgressStore.open(path: path, readOnly: false) }
        self.path = path
    }

    /// Opens the file now if it is not open yet; throws what opening it threw (`init(path:)`'s errors).
    public func open() throws {
        _ = try dbWriter
    }

    /// `dbWriter`, checked to hold a cardbox progress database (or an empty one) and, unless it is
    /// read-only, migrated. `path` names the file in messages.
    private static func prepare(_ dbWriter: any DatabaseWriter, path: String?) throws -> any DatabaseWriter {
        let applied = try Self.checkOwnership(dbWriter, path: path ?? ":memory:")
        if !dbWriter.configuration.readonly {
            if path != nil {
                _ = try dbWriter.writeWithoutTransaction { db in try RawQuery.texts(db, "PRAGMA journal_mode = WAL") }
            }
            // As the migrator would read them: it has nothing to do when every migration is applied (the
            // check refused any it does not know).
            let migrating = !applied.isSuperset(of: Self.knownMigrations)
            let fresh = applied.isEmpty
            if fresh && path != nil {
                // A new file's schema is made in two steps, its write-ahead log emptied in between, so
                // that the log never holds every migration at once (a file-size limit leaves room for
                // answers, not for a schema written twice).
                try Self.migrator.migrate(dbWriter, upTo: "v5-lean-log")
                _ = try? dbWriter.writeWithoutTransaction { db in
                    try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                }
            }
            if migrating { try Self.migrator.migrate(dbWriter) }
            if migrating && path != nil {
                // A migration writes the whole log again (a large one, hundreds of megabytes): the
                // write-ahead log gives that room back now instead of holding it until the app closes.
                _ = try? dbWriter.writeWithoutTransaction { db in
                    try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                }
            }
        }
        return dbWriter
    }

    /// The progress file at `path` opened, checked and migrated, with its errors as `ProgressError`s.
    private static func open(path: String, readOnly: Bool) throws -> any DatabaseWriter {
        if !readOnly { try ProgressPaths.createFolder(for: path) }
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(2)
        configuration.prepareDatabase { db in
            if !readOnly {
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
        }
        do {
            return try prepare(
                DatabaseQueue(
                    path: readOnly ? ProgressFileCheck.readOnlyConnectionPath(path) : path,
                    configuration: configuration),
                path: path)
        } catch let error as ProgressError {
            throw error
        } catch let error as DatabaseError
            where !readOnly
            && [.SQLITE_FULL, .SQLITE_IOERR, .SQLITE_READONLY].contains(error.resultCode.primaryResultCode)
        {
            // The file may be fine; the place it is in cannot take writes.
            throw ProgressError.cannotWrite(path: path, reason: Self.reason(error))
        } catch {
            throw ProgressError.cannotOpen(path: path, reason: Self.reason(error))
        }
    }

    /// A store that lives in memory only (tests, headless rendering without a file).
    public convenience init() throws {
        try self.init(DatabaseQueue())
    }

    /// A short reason for `error`, for one line on the terminal (no SQL text).
    public static func reason(_ error: Error) -> String {
        if let error = error as? ProgressError {
            switch error {
            case .writeFailed(let reason), .cannotOpen(_, let reason), .cannotWrite(_, let reason): return reason
            default: return error.description
            }
        }
        if let error = error as? DatabaseError {
            switch error.resultCode.primaryResultCode {
            case .SQLITE_CORRUPT: return "the file is damaged or truncated (database disk image is malformed)"
            case .SQLITE_NOTADB: return "it is not an SQLite database"
            case .SQLITE_FULL: return "the disk is full"
            case .SQLITE_IOERR where error.extendedResultCode == .SQLITE_IOERR_WRITE:
                return "disk full or file too large"
            case .SQLITE_READONLY: return "the file is read-only"
            default: return error.message ?? "\(error.resultCode)"
            }
        }
        if let error = error as? CocoaError {
            if let underlying = error.underlying as? NSError, underlying.domain == NSPOSIXErrorDomain {
                return String(cString: strerror(Int32(underlying.code)))
            }
            // Foundation on Linux often leaves out the errno; name the usual ones plainly.
            switch error.code {
            case .fileNoSuchFile, .fileReadNoSuchFile: return String(cString: strerror(ENOENT))
            case .fileWriteNoPermission, .fileReadNoPermission: return String(cString: strerror(EACCES))
            case .fileWriteVolumeReadOnly: return String(cString: strerror(EROFS))
            case .fileWriteOutOfSpace: return String(cString: strerror(ENOSPC))
            default: return error.underlying?.localizedDescription ?? error.localizedDescription
            }
        }
        return error.localizedDescription
    }

    /// Refuses files that are SQLite but not ours, files from a newer schema and damaged ones
    /// (`ProgressOwnership`).
    /// Returns the migrations applied to the file.
    private static func checkOwnership(_ reader: any DatabaseReader, path: String) throws -> Set<String> {
        try reader.read { db in try ProgressOwnership.check(db, path: path) }
    }

    static let knownMigrations: Set<String> = [
        "v1-review-log", "v2-study-day", "v2-orphan-check", "v3-review-totals", "v4-journal", "v5-lean-log",
        "v7-state-snapshot", "v8-compact-log", "v9-own-log-index",
    ]

    /// Named migrations; once shipped a migration is never edited, only followed by new ones.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-review-log") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(
                sql: """
                    CREATE TABLE review (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        deck TEXT NOT NULL,
                        card_key TEXT NOT NULL,
                        time REAL NOT NULL,
                        result TEXT NOT NULL CHECK (result IN ('got', 'missed')),
                        box_before INTEGER NOT NULL,
                        box_after INTEGER NOT NULL,
                        mode TEXT NOT NULL,
                        is_repeat INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE INDEX review_by_card ON review(deck, card_key, id);
                    CREATE TABLE card_state (
                        deck TEXT NOT NULL,
                        card_key TEXT NOT NULL,
                        box INTEGER NOT NULL,
                        last_review REAL NOT NULL,
                        missed INTEGER NOT NULL,
                        first_review REAL NOT NULL,
                        question TEXT NOT NULL DEFAULT '',
                        PRIMARY KEY (deck, card_key)
                    ) WITHOUT ROWID;
                    CREATE TABLE key_move (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        deck TEXT NOT NULL,
                        old_key TEXT NOT NULL,
                        new_key TEXT NOT NULL,
                        time REAL NOT NULL,
                        similarity REAL NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v2-study-day") { db in
            // Lapses (graded misses in study and study ahead) count towards leeches; the missed flag now
            // lasts until the next right answer in any mode: both re-derived from the log.
            try db.execute(
                sql: """
                    ALTER TABLE card_state ADD COLUMN lapses INTEGER NOT NULL DEFAULT 0;
                    UPDATE card_state SET
                        lapses = (
                            SELECT COUNT(*) FROM review r
                            WHERE r.deck = card_state.deck AND r.card_key = card_state.card_key
                                AND r.result = 'missed' AND r.mode IN ('study', 'ahead') AND r.is_repeat = 0),
                        missed = COALESCE((
                            SELECT r.result = 'missed' FROM review r
                            WHERE r.deck = card_state.deck AND r.card_key = card_state.card_key
                                AND r.mode != 'browse'
                            ORDER BY r.id DESC LIMIT 1), missed);
                    CREATE TABLE suspension_log (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        deck TEXT NOT NULL,
                        card_key TEXT NOT NULL,
                        time REAL NOT NULL,
                        suspended INTEGER NOT NULL
                    );
                    CREATE INDEX suspension_by_card ON suspension_log(deck, card_key, id);
                    CREATE TABLE new_card_allowance (
                        study_day INTEGER PRIMARY KEY,
                        extra INTEGER NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v2-orphan-check") { db in
            try db.execute(sql: OrphanChecks.createTable)
        }
        migrator.registerMigration("v3-review-totals") { db in
            // Each answer's duration, and running totals per deck and 15-minute UTC bucket, kept in the
            // same transaction as the log row, so statistics never read the whole log. Existing logs are
            // totalled here once; their answers have no duration.
            let bucket = ActivityTotals.bucketSQL
            try db.execute(
                sql: """
                    ALTER TABLE review ADD COLUMN seconds REAL;
                    CREATE TABLE review_total (
                        deck TEXT NOT NULL,
                        bucket INTEGER NOT NULL,
                        reviews INTEGER NOT NULL,
                        got INTEGER NOT NULL,
                        missed INTEGER NOT NULL,
                        seconds REAL NOT NULL,
                        timed INTEGER NOT NULL,
                        PRIMARY KEY (deck, bucket)
                    ) WITHOUT ROWID;
                    CREATE TABLE recall_total (
                        deck TEXT NOT NULL,
                        bucket INTEGER NOT NULL,
                        box INTEGER NOT NULL,
                        reviews INTEGER NOT NULL,
                        got INTEGER NOT NULL,
                        PRIMARY KEY (deck, bucket, box)
                    ) WITHOUT ROWID;
                    INSERT INTO review_total (deck, bucket, reviews, got, missed, seconds, timed)
                        SELECT deck, \(bucket), COUNT(*), SUM(result = 'got'), SUM(result = 'missed'), 0, 0
                        FROM review GROUP BY 1, 2;
                    INSERT INTO recall_total (deck, bucket, box, reviews, got)
                        SELECT deck, \(bucket), box_before, COUNT(*), SUM(result = 'got')
                        FROM review WHERE \(ActivityTotals.recallSQL)
                        GROUP BY 1, 2, 3;
                    """)
        }
        migrator.registerMigration("v4-journal", migrate: Self.migrateToJournal)
        migrator.registerMigration("v5-lean-log", migrate: Self.migrateToLeanLog)
        migrator.registerMigration("v7-state-snapshot") { db in
            // A start reads every state from one blob while no state was written since it was made.
            try db.execute(sql: StateSnapshot.schema)
        }
        // After v7-state-snapshot: a file that has v7 takes this one next.
        migrator.registerMigration("v8-compact-log", migrate: Self.migrateToCompactLog)
        migrator.registerMigration("v9-own-log-index", migrate: Self.migrateToOwnLogIndex)
        return migrator
    }

    // MARK: Writing

    /// Runs `body` in one write transaction: the one place that refuses writes to a read-only store
    /// and turns a failure into `ProgressError.writeFailed` with a short reason.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        guard !isReadOnly else { throw ProgressError.writeFailed(reason: "the progress file is open read-only") }
        if let reason = refusal.withLock({ $0 }) { throw ProgressError.writeFailed(reason: reason) }
        do {
            return try dbWriter.write(body)
        } catch {
            throw ProgressError.writeFailed(reason: Self.reason(error))
        }
    }

    /// Appends `review` to the log and derives the card's new state from its stored state with
    /// `scheduler`, in one durable transaction; returns the state now stored. `question` is the
    /// card's normalized question, kept beside its state for matching edited questions later.
    @discardableResult
    public func record(_ review: Review, question: String, scheduler: LeitnerScheduler) throws -> CardState? {
        try record([RecordedAnswer(review: review, question: question)], scheduler: scheduler).last ?? nil
    }

    /// `record(_:question:scheduler:)` for many answers in one transaction (imports, benchmarks);
    /// returns the state stored after each.
    @discardableResult
    public func record(_ answers: [RecordedAnswer], scheduler: LeitnerScheduler) throws -> [CardState?] {
        try write { db in
            try answers.map { answer in
                let review = answer.review
                var record = ReviewRecord(review)
                record.journalID = try Self.allocateJournalID(db)
                record.questionHash = CardKey.hex(CardKey.fnv1a(answer.question))
                // A merged log can hold answers from another device dated after this one: then the card is
                // replayed in time order, as every device replays it.
                let later =
                    try Bool.fetchOne(
                        db,
                        sql:
                            "SELECT EXISTS (SELECT 1 FROM review WHERE deck = ? AND card_key = ? AND time > ? AND undone = 0)",
                        arguments: [review.deck, review.cardKey, review.time.timeIntervalSince1970]) ?? false
                if later {
                    try record.insertRow(db)
                    try ActivityTotals.add(review, db: db)
                    let state = try Self.rederive(db, review.card, adding: [], scheduler: scheduler, now: review.time)
                    try CardStateRecord.store(db, review.card, state: state, question: answer.question)
                    return state
                }
                let before = try CardStateRecord.find(db, review.card)?.state
                let after = scheduler.state(after: review, from: before)
                try record.insertRow(db)
                try ActivityTotals.add(review, db: db)
                try CardStateRecord.store(db, review.card, state: after, question: answer.question)
                return after
            }
        }
    }

    /// Undo: marks the latest log row matching `review` undone (a tombstone, kept so that the undo reaches
    /// the journal even after a kill), logs the undo, and re-derives the card's state from the rest of its log.
    @discardableResult
    public func remove(_ review: Review, scheduler: LeitnerScheduler) throws -> CardState? {
        try write { db in
            // Rows that cannot be replayed (a NULL time, say) are left out.
            let latest = try ReviewRecord.fetchValidRecords(
                db,
                ReviewRecord.standing(db, review.card)
                    .filter(
                        Column("time") == review.time.timeIntervalSince1970
                            && Column("result") == review.answer.rawValue
                    )
                    .order(Column("id").desc)
                    .limit(1)
            ).first
            if let latest, let id = latest.review.id {
                // A tombstone, not a deletion: the undo reaches the journal even after a kill.
                try db.execute(sql: "UPDATE review SET undone = 1 WHERE id = ?", arguments: [id])
                try ActivityTotals.add(latest.review, db: db, sign: -1)
                if let target = latest.journalID {
                    let undo = try Self.allocateJournalID(db)
                    try db.execute(
                        sql: """
                            INSERT INTO review_undo (device, seq, time, deck, card_key, review_device, review_seq)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            undo.device, undo.seq, review.time.timeIntervalSince1970, review.deck, review.cardKey,
                            target.device, target.seq,
                        ])
                }
            }
            let state = try Self.rederive(db, review.card, adding: [], scheduler: scheduler, now: review.time)
            let question = try CardStateRecord.question(db, review.card)
            try CardStateRecord.store(db, review.card, state: state, question: question)
            return state
        }
    }

    /// Moves the progress of `match.orphan` (log and state) to the key of the card it was matched with.
    public func move(_ match: OrphanMatcher.Match, to newKey: String, now: Date) throws {
        try write { db in
            let args: StatementArguments = [newKey, match.orphan.deck, match.orphan.key]
            try db.execute(sql: "UPDATE review SET card_key = ? WHERE deck = ? AND card_key = ?", arguments: args)
            try db.execute(sql: "UPDATE card_state SET card_key = ? WHERE deck = ? AND card_key = ?", arguments: args)
            try db.execute(
                sql: "UPDATE suspension_log SET card_key = ? WHERE deck = ? AND card_key = ?", arguments: args)
            try db.execute(
                sql: "UPDATE review_undo SET card_key = ? WHERE deck = ? AND card_key = ?", arguments: args)
            let id = try Self.allocateJournalID(db)
            try db.execute(
                sql: """
                    INSERT INTO key_move (deck, old_key, new_key, time, similarity, device, seq)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    match.orphan.deck, match.orphan.key, newKey, now.timeIntervalSince1970, match.similarity,
                    id.device, id.seq,
                ])
            try OrphanChecks.forget(db, deck: match.orphan.deck, key: match.orphan.key)
        }
    }

    // MARK: Reading

    /// Every stored card state, in one query.
    public func storedStates() throws -> [StoredCardState] {
        var problems: [String] = []
        return try storedStates(problems: &problems)
    }

    /// `storedStates()`, adding to `problems` a line for each row that was skipped.
    public func storedStates(problems: inout [String]) throws -> [StoredCardState] {
        var found: [String] = []
        let states = try dbWriter.read { db in
            try CardStateRecord.fetchValid(db, problems: &found).map(\.stored)
        }
        problems += found
        return states
    }

    /// States for every card of `collection`. Edited questions inherit a clearly similar orphan's
    /// progress; the move is written to the file unless `persistMoves` is false or the store is read-only.
    ///
    /// `prefetched`, from `prefetchStates()` (made while the decks were loading), saves reading the
    /// state table again.
    public func loadProgress(
        for collection: CardCollection, persistMoves: Bool = true, now: Date = Date(),
        prefetched: PrefetchedStates? = nil
    ) throws -> LoadedProgress {
        // The usual case, read as raw bytes; the general path below gives the same result for any collection.
        // Rows from a snapshot that names their cards are checked against those cards, in the blob; any
        // others are decoded and looked up by key.
        var scan = prefetched?.snapshot.flatMap { StateTableScan.matchInPlace($0, collection: collection) }
        var problems: [String] = []
        if scan == nil {
            let rows: StateTableScan.Rows?
            if let prefetched {
                rows = prefetched.rows
            } else {
                rows = try dbWriter.read { db in try StateTableScan.read(db, expected: collection.cards.count) }
            }
            if let rows {
                problems = rows.problems
                scan = CardKeyIndex(cards: collection.cards).flatMap {
                    StateTableScan.match(rows, index: $0, cardCount: collection.cards.count)
                }
            }
        }
        if let scan {
            // Every stored card was found: nothing can be orphaned (the usual start).
            guard scan.found < scan.rows else {
                return LoadedProgress(
                    states: scan.states, moved: [], orphans: [], problems: problems, cardOfRow: scan.cardOfRow,
                    placesHeld: scan.placesHeld)
            }
            let storedRows = try storedStates()
            var stored: [CardID: CardState] = [:]
            for row in storedRows { stored[row.id] = row.state }
            let candidates = scan.states.indices.filter { scan.states[$0] == nil }
            var loaded = try resolveOrphans(
                collection: collection, states: scan.states, candidates: candidates, stored: stored,
                rows: storedRows, persistMoves: persistMoves, now: now)
            loaded.problems = problems
            // A move to an edited card writes its row, which makes the snapshot stale anyway.
            loaded.cardOfRow = scan.cardOfRow
            loaded.placesHeld = scan.placesHeld
            return loaded
        }
        return try loadProgressByStrings(for: collection, persistMoves: persistMoves, now: now)
    }

    /// Reads every card state ahead of `loadProgress`, which needs the decks: a caller can do this while
    /// they load. The states come from the snapshot when no state was written since it was made
    /// (`StateSnapshot`), else from the table.
    public func prefetchStates() throws -> PrefetchedStates {
        try dbWriter.read { db in
            let writes = try StateSnapshot.writes(db)
            if let writes, let connection = db.sqliteConnection,
                let snapshot = SnapshotRows.read(connection, writes: writes)
            {
                return PrefetchedStates(snapshot: snapshot, writes: writes)
            }
            return PrefetchedStates(rows: try StateTableScan.readAll(db), writes: writes)
        }
    }

    /// `loadProgress` with every stored deck and key read as a String: right for any collection and file.
    func loadProgressByStrings(for collection: CardCollection, persistMoves: Bool, now: Date) throws -> LoadedProgress {
        // One pass over the state table without the question text, which only orphans need.
        var problems: [String] = []
        let stored = try dbWriter.read { db -> [CardID: CardState] in
            var byKey: [CardID: CardState] = [:]
            byKey.reserveCapacity(try CardStateRecord.fetchCount(db))
            for record in try CardStateRecord.fetchValid(
                db, columns: CardStateRecord.stateColumns, problems: &problems)
            {
                byKey[record.card] = record.state
            }
            return byKey
        }
        var states = [CardState?](repeating: nil, count: collection.cards.count)
        var found = 0
        var candidates: [Int] = []
        for (index, card) in collection.cards.enumerated() {
            if let state = stored[card.id] {
                states[index] = state
                found += 1
            } else {
                candidates.append(index)
            }
        }
        // Every stored card was found: nothing can be orphaned (the usual start).
        guard found < stored.count else {
            return LoadedProgress(states: states, moved: [], orphans: [], problems: problems)
        }
        var loaded = try resolveOrphans(
            collection: collection, states: states, candidates: candidates, stored: stored,
            rows: try storedStates(), persistMoves: persistMoves, now: now)
        loaded.problems = problems
        return loaded
    }

    /// Stored keys of loaded decks that no card has are orphans; each goes to the clearly similar card
    /// among `candidates` (cards without progress), if there is one.
    private func resolveOrphans(
        collection: CardCollection, states: [CardState?], candidates: [Int],
        stored: [CardID: CardState], rows: [StoredCardState], persistMoves: Bool,
        now: Date
    ) throws -> LoadedProgress {
        var states = states
        let loaded = Set(collection.cards.map(\.id))
        let decks = Set(collection.decks.map(\.title))
        var orphans =
            rows
            .filter { decks.contains($0.deck) && !loaded.contains($0.id) }
            .map { OrphanMatcher.Orphan(deck: $0.deck, key: $0.key, question: $0.question) }
        // An orphan already found to match none of the same candidates is not compared again.
        let fingerprints = OrphanChecks.fingerprints(candidates: candidates, in: collection)
        let checked = try dbWriter.read { db in try OrphanChecks.read(db) }
        let unsettled = orphans.filter { orphan in
            guard let group = OrphanMatcher.group(deck: orphan.deck, key: orphan.key),
                let fingerprint = fingerprints[group]
            else { return false }
            return checked[OrphanChecks.Key(deck: orphan.deck, key: orphan.key)] != fingerprint
        }
        let matches = OrphanMatcher.match(orphans: unsettled, candidates: candidates, in: collection)
        for match in matches {
            let card = collection.cards[match.cardIndex]
            states[match.cardIndex] = stored[match.orphan.id]
            if persistMoves && !isReadOnly { try move(match, to: card.key, now: now) }
        }
        let movedKeys = Set(matches.map(\.orphan.id))
        orphans.removeAll { movedKeys.contains($0.id) }
        if persistMoves && !isReadOnly {
            let settled = unsettled.filter { !movedKeys.contains($0.id) }
            try OrphanChecks.remember(settled, fingerprints: fingerprints, in: dbWriter)
        }
        return LoadedProgress(states: states, moved: matches, orphans: orphans)
    }

    /// The number of rows in the review log.
    public func reviewCount() throws -> Int {
        try dbWriter.read { db in
            // A file from before the journal has no undone column: nothing in it was undone.
            let hasUndone = try db.columns(in: "review").contains { $0.name == "undone" }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM review" + (hasUndone ? " WHERE undone = 0" : ""))
                ?? 0
        }
    }

    // MARK: Integrity

    /// Refuses every write from now on with `reason` (the file is damaged: adding to it could lose more).
    public func refuseWrites(_ reason: String) {
        refusal.withLock { $0 = reason }
    }
}
