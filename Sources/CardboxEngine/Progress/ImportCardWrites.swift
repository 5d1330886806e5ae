import Foundation
import GRDB
import GRDBSQLite

/// The import's two writes per card, bound and stepped through SQLite's C interface: the card's row in
/// `log_card` (found, or made with the question hash of its first new line), and its re-derived state
/// in `card_state` (the question stored with it kept).
///
/// Through GRDB's arguments these were about 80,000 instructions per card (a first import of 10,000
/// cards: 0.8 billion), most of it boxing the values, not SQLite's work.
struct ImportCardWrites {
    private let db: Database
    private let findCard: Statement
    private let addCard: Statement
    private let upsertState: Statement

    init(_ db: Database) throws {
        self.db = db
        findCard = try db.cachedStatement(sql: "SELECT id, question_hash FROM log_card WHERE deck = ? AND card_key = ?")
        addCard = try db.cachedStatement(sql: "INSERT INTO log_card (deck, card_key, question_hash) VALUES (?, ?, ?)")
        upsertState = try db.cachedStatement(
            sql: """
                INSERT INTO card_state (deck, card_key, box, last_review, missed, first_review, lapses, question)
                VALUES (?, ?, ?, ?, ?, ?, ?, '')
                ON CONFLICT (deck, card_key) DO UPDATE SET box = excluded.box, last_review = excluded.last_review,
                    missed = excluded.missed, first_review = excluded.first_review, lapses = excluded.lapses
                """)
    }

    /// The id of `card` in `log_card` and the question hash kept for it, made with `questionHash` when
    /// new (as `ProgressStore.logCard`).
    func logCard(_ card: CardID, questionHash: String) throws -> (id: Int64, questionHash: String) {
        let find = findCard.sqliteStatement
        let found: (Int64, String)? = try Self.withTexts(card.deck, card.key) { deck, key in
            sqlite3_reset(find)
            sqlite3_bind_text(find, 1, deck.start, deck.count, nil)
            sqlite3_bind_text(find, 2, key.start, key.count, nil)
            defer {
                sqlite3_reset(find)
                sqlite3_clear_bindings(find)
            }
            guard try RawStatementStep.nextRow(find, in: db) else { return nil }
            let hash = sqlite3_column_text(find, 1).map { String(cString: $0) } ?? ""
            return (sqlite3_column_int64(find, 0), hash)
        }
        if let found { return found }
        let add = addCard.sqliteStatement
        try Self.withTexts(card.deck, card.key, questionHash) { deck, key, hash in
            sqlite3_bind_text(add, 1, deck.start, deck.count, nil)
            sqlite3_bind_text(add, 2, key.start, key.count, nil)
            sqlite3_bind_text(add, 3, hash.start, hash.count, nil)
            try RawStatementStep.run(add, in: db)
        }
        return (sqlite3_last_insert_rowid(db.sqliteConnection), questionHash)
    }

    /// Stores `state` as `card`'s, keeping the question stored with it; a card with no state loses its row.
    func store(_ state: CardState?, of card: CardID) throws {
        guard let state else {
            try db.cachedStatement(sql: "DELETE FROM card_state WHERE deck = ? AND card_key = ?")
                .execute(arguments: [card.deck, card.key])
            return
        }
        let upsert = upsertState.sqliteStatement
        try Self.withTexts(card.deck, card.key) { deck, key in
            sqlite3_bind_text(upsert, 1, deck.start, deck.count, nil)
            sqlite3_bind_text(upsert, 2, key.start, key.count, nil)
            sqlite3_bind_int64(upsert, 3, Int64(state.box))
            sqlite3_bind_double(upsert, 4, state.lastReview.timeIntervalSince1970)
            sqlite3_bind_int64(upsert, 5, state.missed ? 1 : 0)
            sqlite3_bind_double(upsert, 6, state.firstReview.timeIntervalSince1970)
            sqlite3_bind_int64(upsert, 7, Int64(state.lapses))
            try RawStatementStep.run(upsert, in: db)
        }
    }

    /// A text's UTF-8 bytes for `sqlite3_bind_text`, valid while the body runs (bound without a copy).
    struct Text {
        var start: UnsafePointer<CChar>
        var count: Int32
    }

    private static func withText<T>(_ text: String, _ body: (Text) throws -> T) rethrows -> T {
        var text = text
        return try text.withUTF8 { bytes in
            try UnsafeRawBufferPointer(bytes).withMemoryRebound(to: CChar.self) { chars in
                try body(Text(start: chars.baseAddress ?? empty, count: Int32(chars.count)))
            }
        }
    }

    private static func withTexts<T>(
        _ first: String, _ second: String, _ body: (Text, Text) throws -> T
    ) rethrows
        -> T
    {
        try withText(first) { first in try withText(second) { second in try body(first, second) } }
    }

    private static func withTexts<T>(
        _ first: String, _ second: String, _ third: String, _ body: (Text, Text, Text) throws -> T
    ) rethrows -> T {
        try withText(first) { first in
            try withText(second) { second in try withText(third) { third in try body(first, second, third) } }
        }
    }

    /// A valid pointer for an empty text (SQLite reads no byte of it; a NULL pointer would bind NULL).
    private static var empty: UnsafePointer<CChar> {
        UnsafeRawPointer(("" as StaticString).utf8Start).assumingMemoryBound(to: CChar.self)
    }
}
