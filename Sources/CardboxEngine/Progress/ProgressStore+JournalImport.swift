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

    /// `importJournal` for lines given one by one.
    public func importJournal(
        _ lines: [JournalLine], positions: [String: JournalPosition], scheduler: LeitnerScheduler, now: Date
    ) throws -> JournalMerge {
        try importJournal(JournalLines(lines), positions: positions, scheduler: scheduler, now: now)
    }

    /// Marks the standing answer `id` undone (a tombstone) and takes it out of the activity totals; the
    /// card is re-derived by the caller.
    static func cancel(_ db: Database, _ id: JournalID) throws {
        let request = try ReviewRecord.standing(db).filter(Column("device") == id.device && Column("seq") == id.seq)
        for record in try ReviewRecord.fetchValidRecords(db, request) {
            try ActivityTotals.add(record.review, db: db, sign: -1)
        }
        try db.execute(
            sql: "UPDATE review SET undone = 1 WHERE device = ? AND seq = ?", arguments: [id.device, id.seq])
    }
}
