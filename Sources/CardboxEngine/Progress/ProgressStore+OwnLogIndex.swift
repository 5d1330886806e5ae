import Foundation
import GRDB

/// The log's journal-id index over this device's rows only (migration `v9-own-log-index`).
///
/// Until `v8-compact-log` a unique index on (device, sequence) held every row of the log, and a
/// million-line import from another device paid for sorting it (about a quarter of the import's
/// SQLite time). Only this device's rows are looked up by their id: the journal writer (`ownEvents`),
/// the check of a copied file (`ownEventTime`) and a new device id (`takeNewDeviceID`). Other devices'
/// rows are found through their card, whose index every replay reads anyway: the import checks a
/// line's id against the rows of the card it names, and an undo finds its answer the same way.
///
/// The index is partial, `WHERE device = K` with K this device's id in `log_device`, so it is made
/// again whenever the device id changes, and a query uses it only when it names K as that literal.
extension ProgressStore {
    /// The name of the index of this device's rows by sequence number.
    static let ownLogIndexName = "review_log_own"

    /// Drops the index of every row's journal id and indexes this device's rows instead.
    static func migrateToOwnLogIndex(_ db: Database) throws {
        try db.execute(sql: "DROP INDEX IF EXISTS review_log_by_journal_id")
        try createOwnLogIndex(db)
    }

    /// (Re)makes the index of this device's rows for the device id the file holds now, giving the
    /// device its id in `log_device` when it has none yet. Nothing when the file has no device id.
    static func createOwnLogIndex(_ db: Database) throws {
        try db.execute(sql: "DROP INDEX IF EXISTS \(ownLogIndexName)")
        guard let device = try String.fetchOne(db, sql: "SELECT device FROM journal_device") else { return }
        let id = try logDeviceID(db, device)
        try db.execute(sql: "CREATE UNIQUE INDEX \(ownLogIndexName) ON review_log(seq) WHERE device = \(id)")
    }

    /// SQL selecting the ids of this device's answers that meet `condition` (on `seq`), through the index
    /// of its rows: the query names the device by the same literal as the index.
    static func ownAnswers(_ db: Database, where condition: String) throws -> String {
        guard try db.tableExists("log_device") else {
            // A file from before `v5-lean-log` opened read-only: the log is still a table.
            return "SELECT id FROM review WHERE device = (SELECT device FROM journal_device) AND \(condition)"
        }
        guard let own = try ownLogDevice(db) else { return "SELECT NULL WHERE 0" }
        return "SELECT id FROM review_log WHERE device = \(own) AND \(condition)"
    }

    /// This device's id in `log_device`, which the index of its rows names; nil when it has none (then
    /// no row of the log is this device's).
    static func ownLogDevice(_ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT id FROM log_device WHERE device = (SELECT device FROM journal_device)")
    }
}
