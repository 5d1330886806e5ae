import Foundation
import GRDB

/// One row of the `card_state` table: a card's current state with the question it was stored with.
struct CardStateRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "card_state"
    /// Every column but the question, which only orphan matching needs.
    static var stateColumns: [any SQLSelectable] {
        [
            Column("deck"), Column("card_key"), Column("box"), Column("last_review"), Column("missed"),
            Column("first_review"), Column("lapses"),
        ]
    }

    var card: CardID
    var state: CardState
    var question: String

    init(card: CardID, state: CardState, question: String) {
        self.card = card
        self.state = state
        self.question = question
    }

    /// Every value goes through `StoredValues`: a row the scheduler cannot use throws, never traps.
    init(row: Row) throws {
        self = try Self.decode(row).get()
    }

    /// The row as a record, or what is wrong with it (a NULL, `Inf`, a box out of range …).
    static func decode(_ row: Row) -> Result<CardStateRecord, StoredValues.BadValue> {
        do {
            let deck = try StoredValues.text(row.storedValue("deck"), "deck")
            let key = try StoredValues.text(row.storedValue("card_key"), "card_key")
            let state = try StoredValues.cardState(
                box: row.storedValue("box"), lastReview: row.storedValue("last_review"),
                missed: row.storedValue("missed"), firstReview: row.storedValue("first_review"),
                lapses: row.storedValue("lapses"))
            let question: String
            if row.hasColumn("question"), case .text(let text) = row.storedValue("question") {
                question = text
            } else {
                question = ""
            }
            return .success(CardStateRecord(card: CardID(deck: deck, key: key), state: state, question: question))
        } catch {
            return .failure(error)
        }
    }

    func encode(to container: inout PersistenceContainer) throws {
        container["deck"] = card.deck
        container["card_key"] = card.key
        container["box"] = state.box
        container["last_review"] = state.lastReview.timeIntervalSince1970
        container["missed"] = state.missed
        container["first_review"] = state.firstReview.timeIntervalSince1970
        container["lapses"] = state.lapses
        container["question"] = question
    }

    /// The stored row of `card`, if it has one that holds usable values (a bad one counts as none,
    /// and is replaced by the next answer's state).
    static func find(_ db: Database, _ card: CardID) throws -> CardStateRecord? {
        guard let row = try Row.fetchOne(db, filter(Column("deck") == card.deck && Column("card_key") == card.key))
        else { return nil }
        return try? decode(row).get()
    }

    /// The question stored with `card`'s state, whatever its other values.
    static func question(_ db: Database, _ card: CardID) throws -> String {
        try String.fetchOne(
            db, sql: "SELECT question FROM card_state WHERE deck = ? AND card_key = ? AND typeof(question) = 'text'",
            arguments: [card.deck, card.key]) ?? ""
    }

    /// Every row, decoded; `problems` gets "card KEY: bad value …" for each row that is skipped.
    static func fetchValid(
        _ db: Database, columns: [any SQLSelectable]? = nil, problems: inout [String]
    ) throws
        -> [CardStateRecord]
    {
        var records: [CardStateRecord] = []
        let request = columns.map { select($0) } ?? all()
        let rows = try Row.fetchCursor(db, request)
        while let row = try rows.next() {
            switch decode(row) {
            case .success(let record): records.append(record)
            case .failure(let problem): problems.append("card \(row.describedKey): \(problem)")
            }
        }
        return records
    }

    /// Stores `state` as `card`'s state (replacing the row), or deletes the row when `state` is nil.
    static func store(_ db: Database, _ card: CardID, state: CardState?, question: String) throws {
        guard let state else {
            try filter(Column("deck") == card.deck && Column("card_key") == card.key).deleteAll(db)
            return
        }
        try CardStateRecord(card: card, state: state, question: question).insert(db, onConflict: .replace)
    }

    var stored: StoredCardState {
        StoredCardState(deck: card.deck, key: card.key, question: question, state: state)
    }
}

extension Row {
    /// The column's value as `StoredValues` reads it.
    func storedValue(_ column: String) -> StoredValues.Value {
        guard hasColumn(column) else { return .null }
        switch (self[column] as DatabaseValue).storage {
        case .null: return .null
        case .int64(let value): return .integer(value)
        case .double(let value): return .real(value)
        case .string(let value): return .text(value)
        case .blob: return .blob
        }
    }

    /// The row's card key for a message, whatever it holds.
    var describedKey: String {
        if case .text(let key) = storedValue("card_key") { return key }
        return StoredValues.describe(storedValue("card_key"))
    }
}
