import Foundation
import GRDB

/// The review log as a handful of integers per answer: deck and key, and device, kept once each in
/// side tables (`log_card`, `log_device`), the rows in `review_log` with two integer indexes.
///
/// Every reader keeps reading `review`, now a view that joins the names back in, with the same columns
/// in the same order; writes to it go through triggers into the side tables and `review_log`. Only the
/// journal import writes `review_log` itself, binding integers.
extension ProgressStore {
    /// Moves the log into `review_log` and its side tables, keeping every row's id, and puts the `review`
    /// view in the old table's place.
    static func migrateToLeanLog(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE log_card (
                    id INTEGER PRIMARY KEY,
                    deck TEXT NOT NULL,
                    card_key TEXT NOT NULL,
                    UNIQUE (deck, card_key)
                );
                CREATE TABLE log_device (
                    id INTEGER PRIMARY KEY,
                    device TEXT NOT NULL UNIQUE
                );
                \(reviewLogTable)
                INSERT INTO log_card (deck, card_key) SELECT DISTINCT deck, card_key FROM review ORDER BY deck, card_key;
                INSERT INTO log_device (device) SELECT DISTINCT device FROM review WHERE device IS NOT NULL;
                INSERT INTO review_log (id, card, time, result, box_before, box_after, mode, is_repeat, seconds, device,
                        seq, question_hash, undone)
                    SELECT r.id, c.id, r.time, r.result, r.box_before, r.box_after, r.mode, r.is_repeat, r.seconds, d.id,
                        r.seq, r.question_hash, r.undone
                    FROM review r JOIN log_card c ON c.deck = r.deck AND c.card_key = r.card_key
                        LEFT JOIN log_device d ON d.device = r.device
                    ORDER BY r.id;
                """)
        // Ids are never handed out twice, not even those of rows removed since.
        let top =
            try Int64.fetchOne(
                db,
                sql: """
                    SELECT MAX(COALESCE((SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('review', 'review_log')), 0),
                        COALESCE((SELECT MAX(id) FROM review_log), 0))
                    """) ?? 0
        try db.execute(sql: "DELETE FROM sqlite_sequence WHERE name IN ('review', 'review_log')")
        if top > 0 {
            try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES ('review_log', ?)", arguments: [top])
        }
        try db.execute(sql: "DROP TABLE review")
        try db.execute(sql: reviewView)
        try db.execute(sql: reviewTriggers)
        for (_, sql) in logIndexes { try db.execute(sql: sql) }
    }

    /// The lean log. `CHECK` and `NOT NULL` as the table before it had them.
    static let reviewLogTable = """
        CREATE TABLE review_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            card INTEGER NOT NULL,
            time REAL NOT NULL,
            result TEXT NOT NULL CHECK (result IN ('got', 'missed')),
            box_before INTEGER NOT NULL,
            box_after INTEGER NOT NULL,
            mode TEXT NOT NULL,
            is_repeat INTEGER NOT NULL DEFAULT 0,
            seconds REAL,
            device INTEGER,
            seq INTEGER,
            question_hash TEXT NOT NULL DEFAULT '',
            undone INTEGER NOT NULL DEFAULT 0
        );
        """

    /// `review` as every reader knows it: the columns of the table it replaces, in the same order.
    static let reviewView = """
        CREATE VIEW review AS
            SELECT r.id AS id, c.deck AS deck, c.card_key AS card_key, r.time AS time, r.result AS result,
                r.box_before AS box_before, r.box_after AS box_after, r.mode AS mode, r.is_repeat AS is_repeat,
                r.seconds AS seconds, d.device AS device, r.seq AS seq, r.question_hash AS question_hash,
                r.undone AS undone
            FROM review_log r JOIN log_card c ON c.id = r.card LEFT JOIN log_device d ON d.id = r.device;
        """

    /// Writes to `review` land in `review_log`, with the names kept once in the side tables. A column an
    /// insert leaves out takes the old table's default.
    static let reviewTriggers = """
        CREATE TRIGGER review_insert INSTEAD OF INSERT ON review BEGIN
            INSERT OR IGNORE INTO log_card (deck, card_key) VALUES (NEW.deck, NEW.card_key);
            INSERT OR IGNORE INTO log_device (device) SELECT NEW.device WHERE NEW.device IS NOT NULL;
            INSERT INTO review_log (id, card, time, result, box_before, box_after, mode, is_repeat, seconds, device,
                    seq, question_hash, undone)
                VALUES (NEW.id, (SELECT id FROM log_card WHERE deck = NEW.deck AND card_key = NEW.card_key), NEW.time,
                    NEW.result, NEW.box_before, NEW.box_after, NEW.mode, COALESCE(NEW.is_repeat, 0), NEW.seconds,
                    (SELECT id FROM log_device WHERE device = NEW.device), NEW.seq, COALESCE(NEW.question_hash, ''),
                    COALESCE(NEW.undone, 0));
        END;
        CREATE TRIGGER review_update INSTEAD OF UPDATE ON review BEGIN
            INSERT OR IGNORE INTO log_card (deck, card_key) VALUES (NEW.deck, NEW.card_key);
            INSERT OR IGNORE INTO log_device (device) SELECT NEW.device WHERE NEW.device IS NOT NULL;
            UPDATE review_log SET
                card = (SELECT id FROM log_card WHERE deck = NEW.deck AND card_key = NEW.card_key), time = NEW.time,
                result = NEW.result, box_before = NEW.box_before, box_after = NEW.box_after, mode = NEW.mode,
                is_repeat = NEW.is_repeat, seconds = NEW.seconds,
                device = (SELECT id FROM log_device WHERE device = NEW.device), seq = NEW.seq,
                question_hash = NEW.question_hash, undone = NEW.undone
                WHERE id = OLD.id;
        END;
        CREATE TRIGGER review_delete INSTEAD OF DELETE ON review BEGIN
            DELETE FROM review_log WHERE id = OLD.id;
        END;
        """

    /// The log's indexes as `v5-lean-log` and `v8-compact-log` make them: a card's rows, and each answer
    /// by its journal id (since `v9-own-log-index` only this device's answers are, `ownLogIndexName`).
    static let logIndexes = [
        cardLogIndex,
        ("review_log_by_journal_id", "CREATE UNIQUE INDEX review_log_by_journal_id ON review_log(device, seq)"),
    ]

    /// The index of a card's rows, which every replay reads.
    static let cardLogIndex = ("review_log_by_card", "CREATE INDEX review_log_by_card ON review_log(card, id)")

    /// The id of `card` in `log_card` and the question hash kept for it (`v8-compact-log`), made with
    /// `questionHash` when new.
    static func logCard(
        _ db: Database, _ card: CardID, questionHash: String
    ) throws -> (
        id: Int64, questionHash: String
    ) {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO log_card (deck, card_key, question_hash) VALUES (?, ?, ?)")
            .execute(arguments: [card.deck, card.key, questionHash])
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT id, question_hash FROM log_card WHERE deck = ? AND card_key = ?"),
                arguments: [card.deck, card.key])
        else { throw ProgressError.writeFailed(reason: "the log lost a card") }
        return (row[0], row[1])
    }

    /// The id of `device` in `log_device`, made when new.
    static func logDeviceID(_ db: Database, _ device: String) throws -> Int64 {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO log_device (device) VALUES (?)")
            .execute(arguments: [device])
        guard
            let id = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM log_device WHERE device = ?"), arguments: [device])
        else { throw ProgressError.writeFailed(reason: "the log lost a device") }
        return id
    }
}
