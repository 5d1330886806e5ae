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

    init(row: Row) throws {
        card = CardID(deck: row["deck"], key: row["card_key"])
        state = CardState(
            box: row["box"], lastReview: Date(timeIntervalSince1970: row["last_review"]), missed: row["missed"],
            firstReview: Date(timeIntervalSince1970: row["first_review"]), lapses: row["lapses"])
        question = row.hasColumn("question") ? row["question"] : ""
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

    /// The stored row of `card`, if it has one.
    static func find(_ db: Database, _ card: CardID) throws -> CardStateRecord? {
        try filter(Column("deck") == card.deck && Column("card_key") == card.key).fetchOne(db)
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
