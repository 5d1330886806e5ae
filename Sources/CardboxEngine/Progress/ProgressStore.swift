import Foundation
import GRDB

/// Owns the SQLite progress file: migrates it on open, appends each answer to the review log and
/// keeps the current state of every reviewed card in step with it, in one transaction per answer.
public final class ProgressStore: Sendable {
    /// `PRAGMA application_id` of a cardbox progress file ("CBOX").
    public static let applicationID: Int32 = 0x43424F58

    let dbQueue: DatabaseQueue
    /// The file, or nil for an in-memory store.
    public let path: String?
    public let isReadOnly: Bool

    /// Opens (creating it and its folders unless `readOnly`) the progress file at `path`.
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        self.isReadOnly = readOnly
        if !readOnly {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw ProgressError.cannotCreateFolder(path: path, reason: Self.reason(error))
            }
        }
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(2)
        configuration.prepareDatabase { db in
            if !readOnly {
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
        }
        do {
            dbQueue = try DatabaseQueue(
                path: readOnly ? ProgressFileCheck.readOnlyConnectionPath(path) : path, configuration: configuration)
            try Self.checkOwnership(dbQueue, path: path)
            if !readOnly {
                _ = try dbQueue.writeWithoutTransaction { db in
                    try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                }
                try Self.migrator.migrate(dbQueue)
            }
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
    public init() throws {
        path = nil
        isReadOnly = false
        dbQueue = try DatabaseQueue()
        try Self.migrator.migrate(dbQueue)
    }

    /// A short reason for `error`, for one line on the terminal (no SQL text).
    public static func reason(_ error: Error) -> String {
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
    private static func checkOwnership(_ queue: DatabaseQueue, path: String) throws {
        try queue.read { db in try ProgressOwnership.check(db, path: path) }
    }

    static let knownMigrations: Set<String> = ["v1-review-log", "v2-orphan-check"]

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
        migrator.registerMigration("v2-orphan-check") { db in
            try db.execute(sql: OrphanChecks.createTable)
        }
        return migrator
    }

    // MARK: Writing

    /// Appends `review` to the log and stores the card's new state, durably, before returning the row id.
    @discardableResult
    public func record(_ review: Review, state: CardState?, question: String) throws -> Int64 {
        guard !isReadOnly else { throw ProgressError.writeFailed(reason: "the progress file is open read-only") }
        do {
            return try dbQueue.write { db in
                try Self.insert(db, review)
                let id = db.lastInsertedRowID
                try Self.storeState(db, deck: review.deck, key: review.cardKey, state: state, question: question)
                return id
            }
        } catch {
            throw ProgressError.writeFailed(reason: Self.reason(error))
        }
    }

    /// Appends `review` and derives the card's new state from its stored state with `scheduler`,
    /// in one durable transaction; returns the state now stored.
    @discardableResult
    public func record(_ review: Review, question: String, scheduler: LeitnerScheduler) throws -> CardState? {
        guard !isReadOnly else { throw ProgressError.writeFailed(reason: "the progress file is open read-only") }
        do {
            return try dbQueue.write { db in
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT box, last_review, missed, first_review FROM card_state WHERE deck = ? AND card_key = ?
                        """, arguments: [review.deck, review.cardKey])
                let before = row.map { row in
                    CardState(
                        box: row[0], lastReview: Date(timeIntervalSince1970: row[1]), missed: row[2],
                        firstReview: Date(timeIntervalSince1970: row[3]))
                }
                let after = scheduler.apply(
                    review.answer, to: before, mode: review.mode, isRepeat: review.isRepeat,
                    now: review.time)
                try Self.insert(db, review)
                try Self.storeState(db, deck: review.deck, key: review.cardKey, state: after, question: question)
                return after
            }
        } catch {
            throw ProgressError.writeFailed(reason: Self.reason(error))
        }
    }

    private static func insert(_ db: Database, _ review: Review) throws {
        try db.execute(
            sql: """
                INSERT INTO review (deck, card_key, time, result, box_before, box_after, mode, is_repeat)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                review.deck, review.cardKey, review.time.timeIntervalSince1970, review.answer.rawValue,
                review.boxBefore, review.boxAfter, review.mode.rawValue, review.isRepeat,
            ])
    }

    /// Appends many reviews in one transaction (imports and benchmarks); each entry's state is the card's state after it.
    public func recordBatch(_ entries: [(review: Review, state: CardState?, question: String)]) throws {
        guard !isReadOnly else { throw ProgressError.writeFailed(reason: "the progress file is open read-only") }
        try dbQueue.write { db in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO review (deck, card_key, time, result, box_before, box_after, mode, is_repeat)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for entry in entries {
                let review = entry.review
                try insert.execute(arguments: [
                    review.deck, review.cardKey, review.time.timeIntervalSince1970,
                    review.answer.rawValue, review.boxBefore, review.boxAfter,
                    review.mode.rawValue, review.isRepeat,
                ])
                try Self.storeState(
                    db, deck: review.deck, key: review.cardKey, state: entry.state, question: entry.question)
            }
        }
    }

    /// Undo: removes the latest log row matching `review` and re-derives the card's state from the rest of its log.
    @discardableResult
    public func remove(_ review: Review, scheduler: LeitnerScheduler) throws -> CardState? {
        guard !isReadOnly else { throw ProgressError.writeFailed(reason: "the progress file is open read-only") }
        do {
            return try dbQueue.write { db in
                let id = try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT id FROM review WHERE deck = ? AND card_key = ? AND time = ? AND result = ?
                        ORDER BY id DESC LIMIT 1
                        """,
                    arguments: [review.deck, review.cardKey, review.time.timeIntervalSince1970, review.answer.rawValue])
                if let id { try db.execute(sql: "DELETE FROM review WHERE id = ?", arguments: [id]) }
                let rows = try Self.reviews(db, deck: review.deck, key: review.cardKey)
                let state = scheduler.replay(rows)
                let question =
                    try String.fetchOne(
                        db, sql: "SELECT question FROM card_state WHERE deck = ? AND card_key = ?",
                        arguments: [review.deck, review.cardKey]) ?? ""
                try Self.storeState(db, deck: review.deck, key: review.cardKey, state: state, question: question)
                return state
            }
        } catch {
            throw ProgressError.writeFailed(reason: Self.reason(error))
        }
    }

    private static func storeState(
        _ db: Database, deck: String, key: String, state: CardState?, question: String
    ) throws {
        guard let state else {
            try db.execute(sql: "DELETE FROM card_state WHERE deck = ? AND card_key = ?", arguments: [deck, key])
            return
        }
        try db.execute(
            sql: """
                INSERT INTO card_state (deck, card_key, box, last_review, missed, first_review, question)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (deck, card_key) DO UPDATE SET box = excluded.box, last_review = excluded.last_review,
                    missed = excluded.missed, first_review = excluded.first_review, question = excluded.question
                """,
            arguments: [
                deck, key, state.box, state.lastReview.timeIntervalSince1970, state.missed,
                state.firstReview.timeIntervalSince1970, question,
            ])
    }

    /// Moves the progress of `match.orphan` (log and state) to the key of the card it was matched with.
    public func move(_ match: OrphanMatcher.Match, to newKey: String, now: Date) throws {
        try dbQueue.write { db in
            let args: StatementArguments = [newKey, match.orphan.deck, match.orphan.key]
            try db.execute(sql: "UPDATE review SET card_key = ? WHERE deck = ? AND card_key = ?", arguments: args)
            try db.execute(sql: "UPDATE card_state SET card_key = ? WHERE deck = ? AND card_key = ?", arguments: args)
            try db.execute(
                sql: "INSERT INTO key_move (deck, old_key, new_key, time, similarity) VALUES (?, ?, ?, ?, ?)",
                arguments: [match.orphan.deck, match.orphan.key, newKey, now.timeIntervalSince1970, match.similarity])
            try OrphanChecks.forget(db, deck: match.orphan.deck, key: match.orphan.key)
        }
    }

    // MARK: Reading

    /// Every stored card state, in one query.
    public func storedStates() throws -> [StoredCardState] {
        try dbQueue.read { db in
            try Row.fetchAll(
                db, sql: "SELECT deck, card_key, box, last_review, missed, first_review, question FROM card_state"
            )
            .map { row in
                StoredCardState(
                    deck: row[0], key: row[1], question: row[6],
                    state: CardState(
                        box: row[2], lastReview: Date(timeIntervalSince1970: row[3]), missed: row[4],
                        firstReview: Date(timeIntervalSince1970: row[5])))
            }
        }
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
        let rows: StateTableScan.Rows?
        if let prefetched {
            rows = prefetched.rows
        } else {
            rows = try dbQueue.read { db in try StateTableScan.read(db, expected: collection.cards.count) }
        }
        if let rows, let index = CardKeyIndex(cards: collection.cards),
            let scan = StateTableScan.match(rows, index: index, cardCount: collection.cards.count)
        {
            // Every stored card was found: nothing can be orphaned (the usual start).
            guard scan.found < scan.rows else { return LoadedProgress(states: scan.states, moved: [], orphans: []) }
            let rows = try storedStates()
            var stored: [StoredKey: CardState] = [:]
            for row in rows { stored[StoredKey(deck: row.deck, key: row.key)] = row.state }
            let candidates = scan.states.indices.filter { scan.states[$0] == nil }
            return try resolveOrphans(
                collection: collection, states: scan.states, candidates: candidates, stored: stored,
                rows: rows, persistMoves: persistMoves, now: now)
        }
        return try loadProgressByStrings(for: collection, persistMoves: persistMoves, now: now)
    }

    /// Reads the state table ahead of `loadProgress`, which needs the decks: a caller can do this while
    /// they load.
    public func prefetchStates() throws -> PrefetchedStates {
        PrefetchedStates(
            rows: try dbQueue.read { db in
                // Sized up front: growing the buffer while the decks load would hold two copies at once.
                try StateTableScan.read(db, expected: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM card_state") ?? 0)
            })
    }

    /// `loadProgress` with every stored deck and key read as a String: right for any collection and file.
    func loadProgressByStrings(for collection: CardCollection, persistMoves: Bool, now: Date) throws -> LoadedProgress {
        // One pass over the state table without the question text, which only orphans need.
        let stored = try dbQueue.read { db -> [StoredKey: CardState] in
            var byKey: [StoredKey: CardState] = [:]
            byKey.reserveCapacity(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM card_state") ?? 0)
            let rows = try Row.fetchCursor(
                db, sql: "SELECT deck, card_key, box, last_review, missed, first_review FROM card_state")
            while let row = try rows.next() {
                byKey[StoredKey(deck: row[0], key: row[1])] = CardState(
                    box: row[2], lastReview: Date(timeIntervalSince1970: row[3]), missed: row[4],
                    firstReview: Date(timeIntervalSince1970: row[5]))
            }
            return byKey
        }
        var states = [CardState?](repeating: nil, count: collection.cards.count)
        var found = 0
        var candidates: [Int] = []
        for (index, card) in collection.cards.enumerated() {
            if let state = stored[StoredKey(deck: card.deck, key: card.key)] {
                states[index] = state
                found += 1
            } else {
                candidates.append(index)
            }
        }
        // Every stored card was found: nothing can be orphaned (the usual start).
        guard found < stored.count else { return LoadedProgress(states: states, moved: [], orphans: []) }
        return try resolveOrphans(
            collection: collection, states: states, candidates: candidates, stored: stored,
            rows: try storedStates(), persistMoves: persistMoves, now: now)
    }

    /// Stored keys of loaded decks that no card has are orphans; each goes to the clearly similar card
    /// among `candidates` (cards without progress), if there is one.
    private func resolveOrphans(
        collection: CardCollection, states: [CardState?], candidates: [Int],
        stored: [StoredKey: CardState], rows: [StoredCardState], persistMoves: Bool,
        now: Date
    ) throws -> LoadedProgress {
        var states = states
        let loaded = Set(collection.cards.map { StoredKey(deck: $0.deck, key: $0.key) })
        let decks = Set(collection.decks.map(\.title))
        var orphans =
            rows
            .filter { decks.contains($0.deck) && !loaded.contains(StoredKey(deck: $0.deck, key: $0.key)) }
            .map { OrphanMatcher.Orphan(deck: $0.deck, key: $0.key, question: $0.question) }
        // An orphan already found to match none of the same candidates is not compared again.
        let fingerprints = OrphanChecks.fingerprints(candidates: candidates, in: collection)
        let checked = try dbQueue.read { db in try OrphanChecks.read(db) }
        let unsettled = orphans.filter { orphan in
            guard let group = OrphanMatcher.group(deck: orphan.deck, key: orphan.key),
                let fingerprint = fingerprints[group]
            else { return false }
            return checked[OrphanChecks.Key(deck: orphan.deck, key: orphan.key)] != fingerprint
        }
        let matches = OrphanMatcher.match(orphans: unsettled, candidates: candidates, in: collection)
        for match in matches {
            let card = collection.cards[match.cardIndex]
            states[match.cardIndex] = stored[StoredKey(deck: match.orphan.deck, key: match.orphan.key)]
            if persistMoves && !isReadOnly { try move(match, to: card.key, now: now) }
        }
        let movedKeys = Set(matches.map { StoredKey(deck: $0.orphan.deck, key: $0.orphan.key) })
        orphans.removeAll { movedKeys.contains(StoredKey(deck: $0.deck, key: $0.key)) }
        if persistMoves && !isReadOnly {
            let settled = unsettled.filter { !movedKeys.contains(StoredKey(deck: $0.deck, key: $0.key)) }
            try OrphanChecks.remember(settled, fingerprints: fingerprints, in: dbQueue)
        }
        return LoadedProgress(states: states, moved: matches, orphans: orphans)
    }

    /// A card's identity in the state table.
    private struct StoredKey: Hashable {
        var deck: String
        var key: String
    }

    /// The log rows of one card, oldest first.
    public func reviews(deck: String, key: String) throws -> [Review] {
        try dbQueue.read { db in try Self.reviews(db, deck: deck, key: key) }
    }

    /// The whole review log, oldest first.
    public func allReviews() throws -> [Review] {
        try dbQueue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM review ORDER BY id").map(Self.review(from:))
        }
    }

    public func reviewCount() throws -> Int {
        try dbQueue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM review") ?? 0 }
    }

    /// `PRAGMA integrity_check`'s verdict ("ok" for a sound file).
    public func integrityCheck() throws -> String {
        try dbQueue.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    /// Card states derived from the review log alone, by replaying it; keyed by deck and card key.
    public func replayedStates(scheduler: LeitnerScheduler) throws -> [String: CardState] {
        var grouped: [String: [Review]] = [:]
        for review in try allReviews() { grouped[review.deck + "\u{0}" + review.cardKey, default: []].append(review) }
        return grouped.compactMapValues { scheduler.replay($0) }
    }

    private static func reviews(_ db: Database, deck: String, key: String) throws -> [Review] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM review WHERE deck = ? AND card_key = ? ORDER BY id",
            arguments: [deck, key]
        ).map(review(from:))
    }

    private static func review(from row: Row) -> Review {
        Review(
            id: row["id"], deck: row["deck"], cardKey: row["card_key"],
            time: Date(timeIntervalSince1970: row["time"]),
            answer: Answer(rawValue: row["result"]) ?? .missed, boxBefore: row["box_before"],
            boxAfter: row["box_after"],
            mode: StudyMode(rawValue: row["mode"]) ?? .study, isRepeat: row["is_repeat"])
    }
}
