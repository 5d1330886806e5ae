import Foundation
import GRDB

/// The device id, the sequence numbers of this device's events and the import of other devices' events:
/// the progress file's side of the journal folder.
extension ProgressStore {
    /// Adds the device id and the sequence numbers of every event (answers, undos, suspensions, key
    /// moves), a tombstone flag on answers, and where each journal file was read up to. Events made
    /// before get this device's id, so turning the journal on writes them all out.
    static func migrateToJournal(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE review ADD COLUMN device TEXT;
                ALTER TABLE review ADD COLUMN seq INTEGER;
                ALTER TABLE review ADD COLUMN question_hash TEXT NOT NULL DEFAULT '';
                ALTER TABLE review ADD COLUMN undone INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE suspension_log ADD COLUMN device TEXT;
                ALTER TABLE suspension_log ADD COLUMN seq INTEGER;
                ALTER TABLE key_move ADD COLUMN device TEXT;
                ALTER TABLE key_move ADD COLUMN seq INTEGER;
                CREATE TABLE review_undo (
                    device TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    time REAL NOT NULL,
                    deck TEXT NOT NULL,
                    card_key TEXT NOT NULL,
                    review_device TEXT NOT NULL,
                    review_seq INTEGER NOT NULL,
                    PRIMARY KEY (device, seq)
                ) WITHOUT ROWID;
                CREATE TABLE journal_device (
                    device TEXT NOT NULL,
                    next_seq INTEGER NOT NULL
                );
                CREATE TABLE journal_file (
                    name TEXT PRIMARY KEY,
                    position INTEGER NOT NULL,
                    line INTEGER NOT NULL,
                    tail INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
        let device = JournalFolder.newDeviceID()
        // Each statement is given the id on its own: GRDB hands arguments to one statement at a time.
        let statements = [
            "UPDATE review SET device = ?, seq = id",
            "UPDATE suspension_log SET device = ?, seq = id + (SELECT COALESCE(MAX(seq), 0) FROM review)",
            """
            UPDATE key_move SET device = ?, seq = id + MAX(
                COALESCE((SELECT MAX(seq) FROM review), 0), COALESCE((SELECT MAX(seq) FROM suspension_log), 0))
            """,
            """
            INSERT INTO journal_device (device, next_seq) VALUES (?, 1 + MAX(
                COALESCE((SELECT MAX(seq) FROM review), 0), COALESCE((SELECT MAX(seq) FROM suspension_log), 0),
                COALESCE((SELECT MAX(seq) FROM key_move), 0)))
            """,
        ]
        for sql in statements { try db.execute(sql: sql, arguments: [device]) }
        try db.execute(
            sql: """
                CREATE UNIQUE INDEX review_by_journal_id ON review(device, seq);
                CREATE UNIQUE INDEX suspension_by_journal_id ON suspension_log(device, seq);
                CREATE UNIQUE INDEX key_move_by_journal_id ON key_move(device, seq);
                """)
    }

    /// The next id for an event of this device, taken inside the event's own transaction.
    static func allocateJournalID(_ db: Database) throws -> JournalID {
        guard let row = try Row.fetchOne(db, sql: "SELECT device, next_seq FROM journal_device") else {
            throw ProgressError.writeFailed(reason: "the progress file has no device id")
        }
        try db.execute(sql: "UPDATE journal_device SET next_seq = next_seq + 1")
        return JournalID(device: row[0], seq: row[1])
    }

    /// This installation's device id; nil for a file from before the journal, opened read-only.
    public func deviceID() throws -> String? {
        try dbWriter.read { db in
            guard try db.tableExists("journal_device") else { return nil }
            return try String.fetchOne(db, sql: "SELECT device FROM journal_device")
        }
    }

    /// This device's events with a sequence number above `seq`, in sequence order, as journal lines.
    public func ownEvents(after seq: Int64) throws -> [JournalLine] {
        try dbWriter.read { db in
            guard let device = try String.fetchOne(db, sql: "SELECT device FROM journal_device") else { return [] }
            let ownAnswers = try Self.ownAnswers(db, where: "seq > ?2")
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT 'R', seq, time, deck, card_key, question_hash, result, mode, is_repeat, NULL, seconds,
                            CASE WHEN mode = '\(StudyMode.imported.rawValue)' THEN box_after END
                        FROM review WHERE id IN (\(ownAnswers))
                    UNION ALL SELECT 'U', seq, time, deck, card_key, '', review_device, NULL, NULL, review_seq, NULL, NULL
                        FROM review_undo WHERE device = ?1 AND seq > ?2
                    UNION ALL SELECT 'S', seq, time, deck, card_key, '', suspended, NULL, NULL, NULL, NULL, NULL
                        FROM suspension_log WHERE device = ?1 AND seq > ?2
                    UNION ALL SELECT 'M', seq, time, deck, old_key, '', new_key, NULL, NULL, NULL, NULL, NULL
                        FROM key_move WHERE device = ?1 AND seq > ?2
                    ORDER BY 2
                    """, arguments: [device, seq])
            var lines: [JournalLine] = []
            while let row = try rows.next() {
                guard let kind = JournalLine.Kind(rawValue: row[0]) else { continue }
                var line = JournalLine(
                    kind: kind, id: JournalID(device: device, seq: row[1]),
                    time: Date(timeIntervalSince1970: row[2]), card: CardID(deck: row[3], key: row[4]),
                    questionHash: row[5])
                switch kind {
                case .review:
                    line.answer = Answer(rawValue: row[6]) ?? .missed
                    line.mode = StudyMode(rawValue: row[7]) ?? .study
                    line.isRepeat = row[8]
                    line.duration = row[10]
                    line.box = row[11]
                case .undo: line.cancels = JournalID(device: row[6], seq: row[9])
                case .suspension: line.suspended = row[6]
                case .keyMove: line.newKey = row[6]
                }
                lines.append(line)
            }
            return lines
        }
    }

    /// The time this device's event `seq` was made, or nil when the file holds no such event.
    public func ownEventTime(seq: Int64) throws -> Date? {
        try dbWriter.read { db in
            let ownAnswers = try Self.ownAnswers(db, where: "seq = ?1")
            let ownAnswer = "SELECT time FROM review WHERE id IN (\(ownAnswers))"
            let time = try Double.fetchOne(
                db,
                sql: """
                    SELECT time FROM (
                        SELECT time, device, seq FROM review_undo UNION ALL SELECT time, device, seq FROM suspension_log
                        UNION ALL SELECT time, device, seq FROM key_move)
                    WHERE device = (SELECT device FROM journal_device) AND seq = ?1
                    UNION ALL \(ownAnswer)
                    """, arguments: [seq])
            return time.map(Date.init(timeIntervalSince1970:))
        }
    }

    /// Takes a new device id because this file's own journal holds events it did not write (a copied
    /// or restored file). Events of the old id that the journal does not hold (`written` lists the
    /// ones it does: sequence and time) move to the new id with new numbers; the rest stay, and the old
    /// id's file is from now on read like any other device's. Returns the new id.
    @discardableResult
    public func takeNewDeviceID(written: [Int64: Date]) throws -> String {
        try write { db in
            guard let old = try String.fetchOne(db, sql: "SELECT device FROM journal_device") else {
                throw ProgressError.writeFailed(reason: "the progress file has no device id")
            }
            let device = JournalFolder.newDeviceID()
            // The old id's answers are read and renumbered through the index of its rows (made again for
            // the new id below), the new id named by its id in `log_device` as well.
            let oldLog = try Self.ownLogDevice(db)
            try db.execute(sql: "UPDATE journal_device SET device = ?, next_seq = 1", arguments: [device])
            let newLog = try Self.logDeviceID(db, device)
            for table in ["review", "review_undo", "suspension_log", "key_move"] {
                let answers = table == "review"
                if answers && oldLog == nil { continue }
                let rows =
                    try answers
                    ? Row.fetchAll(
                        db, sql: "SELECT seq, time FROM review_log WHERE device = \(oldLog ?? 0) ORDER BY seq")
                    : Row.fetchAll(
                        db, sql: "SELECT seq, time FROM \(table) WHERE device = ? ORDER BY seq", arguments: [old])
                for row in rows {
                    let seq: Int64 = row[0]
                    let time: Double = row[1]
                    if let kept = written[seq], abs(kept.timeIntervalSince1970 - time) < 0.002 { continue }
                    let id = try Self.allocateJournalID(db)
                    if answers {
                        try db.execute(
                            sql: "UPDATE review_log SET device = ?, seq = ? WHERE device = \(oldLog ?? 0) AND seq = ?",
                            arguments: [newLog, id.seq, seq])
                    } else {
                        try db.execute(
                            sql: "UPDATE \(table) SET device = ?, seq = ? WHERE device = ? AND seq = ?",
                            arguments: [id.device, id.seq, old, seq])
                    }
                    if table == "review" {
                        try db.execute(
                            sql:
                                "UPDATE review_undo SET review_device = ?, review_seq = ? WHERE review_device = ? AND review_seq = ?",
                            arguments: [id.device, id.seq, old, seq])
                    }
                }
            }
            try Self.createOwnLogIndex(db)
            return device
        }
    }

    // MARK: Reading journal files

    /// Where each journal file was read up to.
    public func journalPositions() throws -> [String: JournalPosition] {
        try dbWriter.read { db in
            guard try db.tableExists("journal_file") else { return [:] }
            var positions: [String: JournalPosition] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, position, line, tail FROM journal_file") {
                positions[row[0]] = JournalPosition(offset: row[1], line: row[2], tail: UInt64(bitPattern: row[3]))
            }
            return positions
        }
    }

    // MARK: Re-deriving a card

    /// One answer of a card's merged log, as replay needs it.
    struct LogRow {
        var id: JournalID
        var time: Double
        var answer: Answer
        var mode: StudyMode
        var isRepeat: Bool
        var boxBefore: Int
        var boxAfter: Int
        var questionHash = ""
        /// The answer's duration in seconds.
        var seconds: Double?
        /// The row's id in the log; nil for answers not yet in the file.
        var rowID: Int64?
        /// Not yet in the file.
        var isNew = false

        /// The answer as a `Review` of `card` with the given boxes.
        func review(_ card: CardID, boxBefore: Int, boxAfter: Int) -> Review {
            Review(
                deck: card.deck, cardKey: card.key, time: Date(timeIntervalSince1970: time), answer: answer,
                boxBefore: boxBefore, boxAfter: boxAfter, mode: mode, isRepeat: isRepeat, seconds: seconds)
        }
    }

    /// Replays every standing answer of `card` (with `adding`, not yet stored, which are inserted) in
    /// (time, device, sequence) order, stores each answer's boxes where they changed and returns the
    /// card's state. An answer dated after `now` keeps its place but counts as `now`.
    static func rederive(
        _ db: Database, _ card: CardID, adding: [LogRow], scheduler: LeitnerScheduler, now: Date
    ) throws -> CardState? {
        var dueDates = DueDateCache(scheduler: scheduler, expectedStates: 64)
        return try rederive(db, card, adding: adding, scheduler: scheduler, now: now, dueDates: &dueDates)
    }

    /// `rederive` with a due-date cache shared by many cards (an import).
    static func rederive(
        _ db: Database, _ card: CardID, adding: [LogRow], scheduler: LeitnerScheduler, now: Date,
        dueDates: inout DueDateCache
    ) throws -> CardState? {
        // Through the validated reader: a row the scheduler cannot use (a NULL time, say) is left out.
        var rows: [LogRow] = try ReviewRecord.fetchValidRecords(db, ReviewRecord.standing(db, card)).map { record in
            let review = record.review
            return LogRow(
                id: record.journalID ?? JournalID(device: "", seq: review.id ?? 0),
                time: review.time.timeIntervalSince1970,
                answer: review.answer, mode: review.mode, isRepeat: review.isRepeat, boxBefore: review.boxBefore,
                boxAfter: review.boxAfter, seconds: review.seconds, rowID: review.id)
        }
        rows += adding
        rows.sort { lhs, rhs in
            if lhs.time != rhs.time { return lhs.time < rhs.time }
            if lhs.id.device != rhs.id.device { return lhs.id.device < rhs.id.device }
            return lhs.id.seq < rhs.id.seq
        }
        let limit = now.timeIntervalSince1970
        var state: CardState?
        let update = try db.cachedStatement(
            sql: "UPDATE review_log SET box_before = ?, box_after = ? WHERE id = ?")
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO review (deck, card_key, time, result, box_before, box_after, mode, is_repeat, device, seq,
                    question_hash, seconds)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for row in rows {
            let (before, after) = scheduler.replayStep(
                row.answer, mode: row.mode, isRepeat: row.isRepeat, time: row.time,
                logged: (row.boxBefore, row.boxAfter), state: &state, limit: limit, dueDates: &dueDates)
            if row.isNew {
                try insert.execute(arguments: [
                    card.deck, card.key, row.time, row.answer.rawValue, before, after, row.mode.rawValue, row.isRepeat,
                    row.id.device, row.id.seq, row.questionHash, row.seconds,
                ])
                // Imported answers count in the history, streaks and retention like answers given here.
                try ActivityTotals.add(row.review(card, boxBefore: before, boxAfter: after), db: db)
            } else if before != row.boxBefore || after != row.boxAfter {
                // A replay can change the boxes of an answer already stored; an import's never change.
                try update.execute(arguments: [before, after, row.rowID])
                if before != row.boxBefore {
                    // The answer now counts for the box it was really given in.
                    try ActivityTotals.addRecall(
                        row.review(card, boxBefore: row.boxBefore, boxAfter: row.boxAfter), db: db, sign: -1)
                    try ActivityTotals.addRecall(row.review(card, boxBefore: before, boxAfter: after), db: db)
                }
            }
        }
        return state
    }
}

/// How far a journal file was read: the byte offset after the last complete line, its line number,
/// and a hash of the bytes just before the offset, which tells a rewritten file from a grown one.
public struct JournalPosition: Hashable, Sendable {
    public var offset: Int64
    public var line: Int
    public var tail: UInt64

    public init(offset: Int64, line: Int, tail: UInt64) {
        self.offset = offset
        self.line = line
        self.tail = tail
    }
}
