import Foundation
import GRDB

/// Suspended cards and extra new cards for a day: what the learner decided, kept beside the review log.
extension ProgressStore {
    /// The log rows of one card, oldest first (the card details show them).
    public func reviews(of card: CardID) throws -> [Review] {
        try dbWriter.read { db in try ReviewRecord.filter(card).fetchAll(db).map(\.review) }
    }

    /// Suspends or unsuspends `card`, as a row of the suspension log.
    public func setSuspended(_ card: CardID, _ suspended: Bool, at time: Date) throws {
        try write { db in
            try db.execute(
                sql: "INSERT INTO suspension_log (deck, card_key, time, suspended) VALUES (?, ?, ?, ?)",
                arguments: [card.deck, card.key, time.timeIntervalSince1970, suspended])
        }
    }

    /// The cards whose latest suspension row suspends them.
    public func suspendedCards() throws -> Set<CardID> {
        try dbWriter.read { db in
            var cards = Set<CardID>()
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT deck, card_key FROM suspension_log s
                    WHERE suspended = 1 AND id = (
                        SELECT MAX(id) FROM suspension_log WHERE deck = s.deck AND card_key = s.card_key)
                    """)
            while let row = try rows.next() { cards.insert(CardID(deck: row[0], key: row[1])) }
            return cards
        }
    }

    /// Whether each card of `collection` is suspended.
    public func suspension(for collection: CardCollection) throws -> [Bool] {
        let suspended = try suspendedCards()
        if suspended.isEmpty { return [] }
        return collection.cards.map { suspended.contains($0.id) }
    }

    /// New cards allowed on study day `day` beyond the daily limit (`+` in the app).
    public func extraNewCards(onStudyDay day: Int) throws -> Int {
        try dbWriter.read { db in
            try Int.fetchOne(db, sql: "SELECT extra FROM new_card_allowance WHERE study_day = ?", arguments: [day])
                ?? 0
        }
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
