import Foundation
import GRDB

/// The review log's rows as integers only, where they can be: the result as 1 (got) or 0 (missed), the
/// mode as a small code, and the question hash kept once per card in `log_card`, a row holding its own
/// only when it differs from its card's (migration `v8-compact-log`).
///
/// A row of the lean log was about 60 bytes, a third of them texts; most of a million-row import's
/// cost is writing those bytes and pages. The `review` view still presents the same columns with the
/// same texts, and its triggers take the texts, so readers and writers of the view do not change.
extension ProgressStore {
    /// Rewrites `review_log` with integer results and modes, moves each card's question hash into
    /// `log_card`, and puts the view, its triggers and the log's indexes back; every row keeps its id.
    static func migrateToCompactLog(_ db: Database) throws {
        let top =
            try Int64.fetchOne(
                db,
                sql: """
                    SELECT MAX(COALESCE((SELECT MAX(seq) FROM sqlite_sequence WHERE name = 'review_log'), 0),
                        COALESCE((SELECT MAX(id) FROM review_log), 0))
                    """) ?? 0
        try db.execute(
            sql: """
                DROP VIEW review;
                ALTER TABLE log_card ADD COLUMN question_hash TEXT NOT NULL DEFAULT '';
                UPDATE log_card SET question_hash = COALESCE(
                    (SELECT question_hash FROM review_log r WHERE r.card = log_card.id ORDER BY r.id DESC LIMIT 1), '');
                CREATE TABLE review_log_compact (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    card INTEGER NOT NULL,
                    time REAL NOT NULL,
                    result INTEGER NOT NULL CHECK (result IN (0, 1)),
                    box_before INTEGER NOT NULL,
                    box_after INTEGER NOT NULL,
                    mode INTEGER NOT NULL,
                    is_repeat INTEGER NOT NULL DEFAULT 0,
                    seconds REAL,
                    device INTEGER,
                    seq INTEGER,
                    question_hash TEXT,
                    undone INTEGER NOT NULL DEFAULT 0
                );
                INSERT INTO review_log_compact (id, card, time, result, box_before, box_after, mode, is_repeat, seconds,
                        device, seq, question_hash, undone)
                    SELECT r.id, r.card, r.time, CASE r.result WHEN 'got' THEN 1 WHEN 'missed' THEN 0 ELSE r.result END,
                        r.box_before, r.box_after,
                        CASE r.mode WHEN 'study' THEN 1 WHEN 'ahead' THEN 2 WHEN 'missed' THEN 3 WHEN 'cram' THEN 4
                            WHEN 'browse' THEN 5 WHEN 'import' THEN 6 ELSE r.mode END,
                        r.is_repeat, r.seconds, r.device, r.seq, NULLIF(r.question_hash, c.question_hash), r.undone
                    FROM review_log r JOIN log_card c ON c.id = r.card
                    ORDER BY r.id;
                DROP TABLE review_log;
                ALTER TABLE review_log_compact RENAME TO review_log;
                DELETE FROM sqlite_sequence WHERE name IN ('review_log', 'review_log_compact');
                """)
        if top > 0 {
            try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES ('review_log', ?)", arguments: [top])
        }
        try db.execute(sql: compactReviewView)
        try db.execute(sql: compactReviewTriggers)
        for (_, sql) in logIndexes { try db.execute(sql: sql) }
    }

    /// `review` over the compact log: the columns and texts of the table it replaced.
    static let compactReviewView = """
        CREATE VIEW review AS
            SELECT r.id AS id, c.deck AS deck, c.card_key AS card_key, r.time AS time,
                CASE r.result WHEN 1 THEN 'got' WHEN 0 THEN 'missed' ELSE r.result END AS result,
                r.box_before AS box_before, r.box_after AS box_after,
                CASE r.mode WHEN 1 THEN 'study' WHEN 2 THEN 'ahead' WHEN 3 THEN 'missed' WHEN 4 THEN 'cram'
                    WHEN 5 THEN 'browse' WHEN 6 THEN 'import' ELSE r.mode END AS mode,
                r.is_repeat AS is_repeat, r.seconds AS seconds, d.device AS device, r.seq AS seq,
                COALESCE(r.question_hash, c.question_hash) AS question_hash, r.undone AS undone
            FROM review_log r JOIN log_card c ON c.id = r.card LEFT JOIN log_device d ON d.id = r.device;
        """

    /// Writes to `review` land in the compact log, texts turned into codes; a card first met takes the
    /// row's question hash as its own. A column an insert leaves out takes the old table's default.
    static let compactReviewTriggers = """
        CREATE TRIGGER review_insert INSTEAD OF INSERT ON review BEGIN
            INSERT OR IGNORE INTO log_card (deck, card_key, question_hash)
                VALUES (NEW.deck, NEW.card_key, COALESCE(NEW.question_hash, ''));
            INSERT OR IGNORE INTO log_device (device) SELECT NEW.device WHERE NEW.device IS NOT NULL;
            INSERT INTO review_log (id, card, time, result, box_before, box_after, mode, is_repeat, seconds, device,
                    seq, question_hash, undone)
                VALUES (NEW.id, (SELECT id FROM log_card WHERE deck = NEW.deck AND card_key = NEW.card_key), NEW.time,
                    CASE NEW.result WHEN 'got' THEN 1 WHEN 'missed' THEN 0 ELSE NEW.result END, NEW.box_before,
                    NEW.box_after,
                    CASE NEW.mode WHEN 'study' THEN 1 WHEN 'ahead' THEN 2 WHEN 'missed' THEN 3 WHEN 'cram' THEN 4
                        WHEN 'browse' THEN 5 WHEN 'import' THEN 6 ELSE NEW.mode END,
                    COALESCE(NEW.is_repeat, 0), NEW.seconds, (SELECT id FROM log_device WHERE device = NEW.device),
                    NEW.seq,
                    NULLIF(COALESCE(NEW.question_hash, ''),
                        (SELECT question_hash FROM log_card WHERE deck = NEW.deck AND card_key = NEW.card_key)),
                    COALESCE(NEW.undone, 0));
        END;
        CREATE TRIGGER review_update INSTEAD OF UPDATE ON review BEGIN
            INSERT OR IGNORE INTO log_card (deck, card_key, question_hash)
                VALUES (NEW.deck, NEW.card_key, COALESCE(NEW.question_hash, ''));
            INSERT OR IGNORE INTO log_device (device) SELECT NEW.device WHERE NEW.device IS NOT NULL;
            UPDATE review_log SET
                card = (SELECT id FROM log_card WHERE deck = NEW.deck AND card_key = NEW.card_key), time = NEW.time,
                result = CASE NEW.result WHEN 'got' THEN 1 WHEN 'missed' THEN 0 ELSE NEW.result END,
                box_before = NEW.box_before, box_after = NEW.box_after,
                mode = CASE NEW.mode WHEN 'study' THEN 1 WHEN 'ahead' THEN 2 WHEN 'missed' THEN 3 WHEN 'cram' THEN 4
                    WHEN 'browse' THEN 5 WHEN 'import' THEN 6 ELSE NEW.mode END,
                is_repeat = NEW.is_repeat, seconds = NEW.seconds,
                device = (SELECT id FROM log_device WHERE device = NEW.device), seq = NEW.seq,
                question_hash = NULLIF(NEW.question_hash,
                    (SELECT question_hash FROM log_card WHERE deck = NEW.deck AND card_key = NEW.card_key)),
                undone = NEW.undone
                WHERE id = OLD.id;
        END;
        CREATE TRIGGER review_delete INSTEAD OF DELETE ON review BEGIN
            DELETE FROM review_log WHERE id = OLD.id;
        END;
        """

    /// The code a row of the compact log stores for `mode` (the view's and triggers' `CASE`s agree:
    /// `CompactLogUpgradeTests` checks them).
    static func modeCode(_ mode: StudyMode) -> Int64 {
        switch mode {
        case .study: 1
        case .ahead: 2
        case .missed: 3
        case .cram: 4
        case .browse: 5
        case .imported: 6
        }
    }

    /// The code a row of the compact log stores for `answer`.
    static func resultCode(_ answer: Answer) -> Int64 { answer == .gotIt ? 1 : 0 }
}
