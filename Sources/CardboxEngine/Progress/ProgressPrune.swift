import Foundation
import GRDB

/// Removing the progress of cards that no longer exist, always after a full copy of the file.
extension ProgressStore {
    /// Writes a compact copy of the whole file to `target` (`VACUUM INTO`), which must not exist.
    public func backup(to target: String) throws {
        guard !isReadOnly else { throw ProgressError.writeFailed(reason: "the progress file is open read-only") }
        do {
            try dbWriter.writeWithoutTransaction { db in
                try db.execute(sql: "VACUUM INTO ?", arguments: [target])
            }
        } catch {
            throw ProgressError.writeFailed(reason: "could not write the backup \(target): \(Self.reason(error))")
        }
    }

    /// Where a backup of the file goes: `<file>.backup-<yyyyMMdd-HHmmss>`, with a number when taken.
    public func backupPath(now: Date) -> String? {
        guard let path else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let stem = "\(path).backup-\(formatter.string(from: now))"
        var target = stem
        var suffix = 1
        while FileManager.default.fileExists(atPath: target) {
            suffix += 1
            target = "\(stem)-\(suffix)"
        }
        return target
    }

    /// How many standing answers (undone ones left out) the log holds for each of `orphans`, keyed like them.
    public func answerCounts(of orphans: [OrphanMatcher.Orphan]) throws -> [Int] {
        try dbWriter.read { db in
            try orphans.map { orphan in
                try ReviewRecord.standing(db).filter(Column("deck") == orphan.deck && Column("card_key") == orphan.key)
                    .fetchCount(db)
            }
        }
    }

    /// Removes the log, state and remembered checks of `orphans`, in one transaction; returns the
    /// number of log rows removed.
    @discardableResult
    public func removeProgress(of orphans: [OrphanMatcher.Orphan]) throws -> Int {
        guard !isReadOnly else { throw ProgressError.writeFailed(reason: "the progress file is open read-only") }
        do {
            return try dbWriter.write { db in
                var removed = 0
                for orphan in orphans {
                    let arguments: StatementArguments = [orphan.deck, orphan.key]
                    try db.execute(
                        sql: """
                            DELETE FROM review_log WHERE card = (SELECT id FROM log_card WHERE deck = ? AND card_key = ?)
                            """, arguments: arguments)
                    removed += db.changesCount
                    try db.execute(sql: "DELETE FROM card_state WHERE deck = ? AND card_key = ?", arguments: arguments)
                    if try db.tableExists("review_undo") {
                        try db.execute(
                            sql: "DELETE FROM review_undo WHERE deck = ? AND card_key = ?", arguments: arguments)
                    }
                    try OrphanChecks.forget(db, deck: orphan.deck, key: orphan.key)
                }
                return removed
            }
        } catch {
            throw ProgressError.writeFailed(reason: Self.reason(error))
        }
    }
}
