import Foundation
import GRDB

extension ProgressStore {
    /// Imports other devices' journal lines and records where each file was read up to, in one
    /// transaction. Lines already in the file (by id) are ignored; every card they touch is replayed
    /// from its whole log in (time, device, sequence) order, lines dated after `now` counting as `now`.
    public func importJournal(
        _ lines: JournalLines, positions: [String: JournalPosition], scheduler: LeitnerScheduler, now: Date
    ) throws -> JournalMerge {
        try importJournal(
            lines, positions: positions, scheduler: scheduler, now: now, bulkThreshold: JournalImporter.bulkRows)
    }

    /// `importJournal` treating `bulkThreshold` new rows or more as a bulk import (tests take small ones).
    func importJournal(
        _ lines: JournalLines, positions: [String: JournalPosition], scheduler: LeitnerScheduler, now: Date,
        bulkThreshold: Int
    ) throws -> JournalMerge {
        try write { db in
            var importer = try JournalImporter(
                db, lines: lines, scheduler: scheduler, now: now, bulkThreshold: bulkThreshold)
            let merge = try importer.run()
            let savePosition = try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO journal_file (name, position, line, tail) VALUES (?, ?, ?, ?)")
            for (name, position) in positions {
                try savePosition.execute(arguments: [
                    name, position.offset, position.line, Int64(bitPattern: position.tail),
                ])
            }
            return merge
        }
    }

    /// `importJournal` in several transactions of at most `cardsPerTransaction` cards' answers each, so
    /// that a writer beside it (the app's answers, while a big arrival is merged off the UI thread) waits
    /// for one part, never for the whole import. Each part replays its cards from their whole log as it
    /// stands then, answers committed in between included; where each file was read up to is stored
    /// with the last part, so a kill in between reads the lines again and the stored ones fall away by
    /// id. `between` runs after each part but the last. The states returned are those each part left:
    /// a card answered here after its part was merged is read again with `refreshed(_:)`.
    public func importJournal(
        _ lines: JournalLines, positions: [String: JournalPosition], scheduler: LeitnerScheduler, now: Date,
        cardsPerTransaction: Int, between: () throws -> Void = {}
    ) throws -> JournalMerge {
        let parts = lines.split(cardsPerPart: cardsPerTransaction)
        var merge = JournalMerge()
        for (number, part) in parts.enumerated() {
            let last = number == parts.count - 1
            let done = try importJournal(
                part, positions: last ? positions : [:], scheduler: scheduler, now: now,
                bulkThreshold: JournalImporter.bulkRows)
            merge.add(done)
            if !last { try between() }
        }
        return merge
    }

    /// `merge` with the state and suspension of each card it names read again from the file: what the
    /// screen must show once a merge that ran beside this device's own answers is done.
    public func refreshed(_ merge: JournalMerge) throws -> JournalMerge {
        try dbWriter.read { db in
            var fresh = merge
            for card in merge.states.keys {
                fresh.states[card] = try CardStateRecord.find(db, card)?.state
            }
            for card in merge.suspensions.keys {
                fresh.suspensions[card] =
                    try Bool.fetchOne(
                        db,
                        sql: """
                            SELECT suspended FROM suspension_log WHERE deck = ? AND card_key = ?
                            ORDER BY time DESC, device DESC, seq DESC LIMIT 1
                            """, arguments: [card.deck, card.key]) ?? false
            }
            return fresh
        }
    }

    /// `importJournal` for lines given one by one.
    public func importJournal(
        _ lines: [JournalLine], positions: [String: JournalPosition], scheduler: LeitnerScheduler, now: Date
    ) throws -> JournalMerge {
        try importJournal(JournalLines(lines), positions: positions, scheduler: scheduler, now: now)
    }

    /// Marks the answer `id` undone (a tombstone) and takes it out of the activity totals when it was
    /// standing; the card is re-derived by the caller. Only this device's rows are indexed by id: another
    /// device's answer is looked for among the rows of `card` (the card the undo names), and in the
    /// whole log only when it is not there and `elsewhere` allows (not when the answer is in the same
    /// batch, still to be stored).
    static func cancel(_ db: Database, _ id: JournalID, card: CardID, elsewhere: Bool) throws {
        var ids: [Int64]
        if let own = try ownLogDevice(db),
            try String.fetchOne(db, sql: "SELECT device FROM journal_device") == id.device
        {
            ids = try Int64.fetchAll(
                db, sql: "SELECT id FROM review_log WHERE device = \(own) AND seq = ?", arguments: [id.seq])
        } else {
            ids = try Int64.fetchAll(
                db, sql: "SELECT id FROM review WHERE deck = ? AND card_key = ? AND device = ? AND seq = ?",
                arguments: [card.deck, card.key, id.device, id.seq])
            if ids.isEmpty && elsewhere {
                ids = try Int64.fetchAll(
                    db, sql: "SELECT id FROM review WHERE device = ? AND seq = ?", arguments: [id.device, id.seq])
            }
        }
        guard !ids.isEmpty else { return }
        let request = try ReviewRecord.standing(db).filter(ids.contains(Column("id")))
        for record in try ReviewRecord.fetchValidRecords(db, request) {
            try ActivityTotals.add(record.review, db: db, sign: -1)
        }
        for rowID in ids { try db.execute(sql: "UPDATE review SET undone = 1 WHERE id = ?", arguments: [rowID]) }
    }
}
