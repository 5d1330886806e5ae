import Foundation
import GRDB

/// Suspended cards and extra new cards for a day: what the learner decided, kept beside the review log.
extension ProgressStore {
    /// The standing log rows of one card, oldest first (the card details show them).
    public func reviews(of card: CardID) throws -> [Review] {
        try dbWriter.read { db in try ReviewRecord.standing(db, card).fetchAll(db).map(\.review) }
    }

    /// Suspends or unsuspends `card`, as a row of the suspension log.
    public func setSuspended(_ card: CardID, _ suspended: Bool, at time: Date) throws {
        try write { db in
            let id = try Self.allocateJournalID(db)
            try db.execute(
                sql:
                    "INSERT INTO suspension_log (deck, card_key, time, suspended, device, seq) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [card.deck, card.key, time.timeIntervalSince1970, suspended, id.device, id.seq])
        }
    }

    /// The cards whose latest suspension row (by time, device and sequence, as merged logs are ordered)
    /// suspends them.
    public func suspendedCards() throws -> Set<CardID> {
        try dbWriter.read { db in
            let hasDevice = SchemaColumn.exists("device", in: "suspension_log", db)
            var latest: [CardID: Bool] = [:]
            let rows = try Row.fetchCursor(db, sql: Self.suspensionSQL(hasDevice: hasDevice))
            while let row = try rows.next() { latest[CardID(deck: row[0], key: row[1])] = row[2] }
            return Set(latest.filter(\.value).keys)
        }
    }

    /// The suspension log's rows in the order their latest one wins: by time, device and sequence in a
    /// file with the journal's columns (`hasDevice`), else as written.
    static func suspensionSQL(hasDevice: Bool) -> String {
        "SELECT deck, card_key, suspended FROM suspension_log ORDER BY " + (hasDevice ? "time, device, seq" : "id")
    }

    /// Whether each card of `collection` is suspended.
    public func suspension(for collection: CardCollection) throws -> [Bool] {
        Self.suspension(of: try suspendedCards(), for: collection)
    }

    /// Whether each card of `collection` is among `suspended` (empty when none of the file's is suspended).
    public static func suspension(of suspended: Set<CardID>, for collection: CardCollection) -> [Bool] {
        if suspended.isEmpty { return [] }
        return collection.cards.map { suspended.contains($0.id) }
    }

    /// The extra allowance of the study day that is its one parameter.
    static let extraNewSQL = "SELECT extra FROM new_card_allowance WHERE study_day = ?"

    /// New cards allowed on study day `day` beyond the daily limit (`+` in the app).
    public func extraNewCards(onStudyDay day: Int) throws -> Int {
        try dbWriter.read { db in try Int.fetchOne(db, sql: Self.extraNewSQL, arguments: [day]) ?? 0 }
    }

    /// Allows `count` more new cards on study day `day`; returns the day's extra allowance now.
    @discardableResult
    public func addExtraNewCards(_ count: Int, onStudyDay day: Int) throws -> Int {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO new_card_allowance (study_day, extra) VALUES (?, ?)
                    ON CONFLICT (study_day) DO UPDATE SET extra = extra + excluded.extra
                    """, arguments: [day, count])
            return try Int.fetchOne(
                db, sql: "SELECT extra FROM new_card_allowance WHERE study_day = ?", arguments: [day])
                ?? count
        }
    }
}
