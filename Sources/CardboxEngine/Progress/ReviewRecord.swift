import Foundation
import GRDB

/// One row of the `review` view (the log, `ProgressStore+LeanLog`): the database shape of a `Review`.
///
/// An undone answer keeps its row, marked `undone` (a tombstone): every reader of the log goes through
/// `standing(_:)`, which leaves such rows out.
struct ReviewRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "review"

    var review: Review
    /// The answer's id across devices; nil only while a row is being made.
    var journalID: JournalID?
    /// FNV-1a of the card's normalized question, hex.
    var questionHash = ""

    init(_ review: Review) {
        self.review = review
    }

    /// Every value goes through `StoredValues`: a row that cannot be replayed throws, never traps.
    init(row: Row) throws {
        self = try Self.decode(row).get()
    }

    static func decode(_ row: Row) -> Result<ReviewRecord, StoredValues.BadValue> {
        do {
            let id: Int64?
            if case .integer(let value) = row.storedValue("id") { id = value } else { id = nil }
            let result = try StoredValues.text(row.storedValue("result"), "result")
            let mode = try StoredValues.text(row.storedValue("mode"), "mode")
            var record = ReviewRecord(
                Review(
                    id: id, deck: try StoredValues.text(row.storedValue("deck"), "deck"),
                    cardKey: try StoredValues.text(row.storedValue("card_key"), "card_key"),
                    time: try StoredValues.instant(row.storedValue("time"), "time"),
                    answer: Answer(rawValue: result) ?? .missed,
                    boxBefore: try StoredValues.integer(
                        row.storedValue("box_before"), "box_before", in: StoredValues.logBoxes),
                    boxAfter: try StoredValues.integer(
                        row.storedValue("box_after"), "box_after", in: StoredValues.logBoxes),
                    mode: StudyMode(rawValue: mode) ?? .study,
                    isRepeat: try StoredValues.integer(row.storedValue("is_repeat"), "is_repeat", in: 0...1) == 1,
                    seconds: row.hasColumn("seconds") ? StoredValues.seconds(row.storedValue("seconds")) : nil))
            if row.hasColumn("device"), case .text(let device) = row.storedValue("device"),
                case .integer(let seq) = row.storedValue("seq")
            {
                record.journalID = JournalID(device: device, seq: seq)
            }
            return .success(record)
        } catch {
            return .failure(error)
        }
    }

    /// The rows of `request` that can be replayed, in order; bad rows are left out.
    static func fetchValid(_ db: Database, _ request: QueryInterfaceRequest<ReviewRecord>) throws -> [Review] {
        try fetchValidRecords(db, request).map(\.review)
    }

    /// `fetchValid` keeping each row's journal id.
    static func fetchValidRecords(
        _ db: Database, _ request: QueryInterfaceRequest<ReviewRecord>
    ) throws
        -> [ReviewRecord]
    {
        var records: [ReviewRecord] = []
        let rows = try Row.fetchCursor(db, request)
        while let row = try rows.next() {
            if case .success(let record) = decode(row) { records.append(record) }
        }
        return records
    }

    /// Appends the row to the log (`review_log`, its card and device by id).
    func insertRow(_ db: Database) throws {
        let hash = journalID == nil ? "" : questionHash
        let card = try ProgressStore.logCard(db, review.card, questionHash: hash)
        let device = try journalID.map { try ProgressStore.logDeviceID(db, $0.device) }
        try db.cachedStatement(
            sql: """
                INSERT INTO review_log (id, card, time, result, box_before, box_after, mode, is_repeat, seconds, device,
                    seq, question_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            review.id, card.id, review.time.timeIntervalSince1970, ProgressStore.resultCode(review.answer),
            review.boxBefore, review.boxAfter, ProgressStore.modeCode(review.mode), review.isRepeat, review.seconds,
            device, journalID?.seq, hash == card.questionHash ? nil : hash,
        ])
    }

    /// Whether the file has the tombstone column: a file from before the journal opened read-only has
    /// not been migrated, and nothing in it was undone.
    static func hasTombstones(_ db: Database) throws -> Bool {
        try db.columns(in: databaseTableName).contains { $0.name == "undone" }
    }

    /// The log rows that stand (not undone); in replay order (time, device, sequence) when ordered by
    /// `replayOrder`.
    static func standing(_ db: Database) throws -> QueryInterfaceRequest<ReviewRecord> {
        try hasTombstones(db) ? filter(Column("undone") == 0) : all()
    }

    /// The standing log rows of one card, in replay order: time, device, sequence (time and row id in a
    /// file from before the journal).
    static func standing(_ db: Database, _ card: CardID) throws -> QueryInterfaceRequest<ReviewRecord> {
        let rows = try standing(db).filter(Column("deck") == card.deck && Column("card_key") == card.key)
        return try hasTombstones(db)
            ? rows.order(Column("time"), Column("device"), Column("seq"))
            : rows.order(Column("time"), Column("id"))
    }
}
