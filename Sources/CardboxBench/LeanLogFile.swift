import Foundation
import GRDB

/// Turns a progress file's compact log back into the lean log of `v5-lean-log` (texts in every row,
/// no question hash per card, every row's journal id indexed), and forgets `v8-compact-log` and
/// `v9-own-log-index`: the next open runs both again, which the journal bench times on a million rows.
enum LeanLogFile {
    /// Gives a progress file's log the indexes `v8-compact-log` left (every row's journal id indexed,
    /// not only this device's) and forgets `v9-own-log-index`, which the next open runs again.
    static func indexEveryJournalID(_ path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(
                sql: """
                    DROP INDEX IF EXISTS review_log_own;
                    CREATE UNIQUE INDEX review_log_by_journal_id ON review_log(device, seq);
                    DELETE FROM grdb_migrations WHERE identifier = 'v9-own-log-index';
                    """)
        }
        try queue.close()
    }

    static func make(fromCompact path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            let top = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'review_log'") ?? 0
            try db.execute(
                sql: """
                    DROP VIEW review;
                    CREATE TABLE review_log_lean (
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
                    INSERT INTO review_log_lean (id, card, time, result, box_before, box_after, mode, is_repeat,
                            seconds, device, seq, question_hash, undone)
                        SELECT r.id, r.card, r.time, CASE r.result WHEN 1 THEN 'got' ELSE 'missed' END, r.box_before,
                            r.box_after,
                            CASE r.mode WHEN 1 THEN 'study' WHEN 2 THEN 'ahead' WHEN 3 THEN 'missed' WHEN 4 THEN 'cram'
                                WHEN 5 THEN 'browse' ELSE 'import' END,
                            r.is_repeat, r.seconds, r.device, r.seq, COALESCE(r.question_hash, c.question_hash),
                            r.undone
                        FROM review_log r JOIN log_card c ON c.id = r.card ORDER BY r.id;
                    DROP TABLE review_log;
                    ALTER TABLE review_log_lean RENAME TO review_log;
                    ALTER TABLE log_card DROP COLUMN question_hash;
                    CREATE VIEW review AS
                        SELECT r.id AS id, c.deck AS deck, c.card_key AS card_key, r.time AS time, r.result AS result,
                            r.box_before AS box_before, r.box_after AS box_after, r.mode AS mode,
                            r.is_repeat AS is_repeat, r.seconds AS seconds, d.device AS device, r.seq AS seq,
                            r.question_hash AS question_hash, r.undone AS undone
                        FROM review_log r JOIN log_card c ON c.id = r.card LEFT JOIN log_device d ON d.id = r.device;
                    CREATE INDEX review_log_by_card ON review_log(card, id);
                    CREATE UNIQUE INDEX review_log_by_journal_id ON review_log(device, seq);
                    DELETE FROM sqlite_sequence WHERE name IN ('review_log', 'review_log_lean');
                    DELETE FROM grdb_migrations WHERE identifier IN ('v8-compact-log', 'v9-own-log-index');
                    """)
            try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES ('review_log', ?)", arguments: [top])
        }
        try queue.close()
    }
}
