import Foundation
import GRDB

/// One row of the `review` table: the database shape of a `Review`.
struct ReviewRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "review"

    var review: Review
    /// The answer's id across devices; nil only while a row is being made.
    var journalID: JournalID?
    /// FNV-1a of the card's normalized question, hex.
    var questionHash = ""

    init(_ review: Review) {
        self.review = review
    }

    init(row: Row) throws {
        review = Review(
            id: row["id"], deck: row["deck"], cardKey: row["card_key"],
            time: Date(timeIntervalSince1970: row["time"]),
            answer: Answer(rawValue: row["result"]) ?? .missed, boxBefore: row["box_before"],
            boxAfter: row["box_after"],
            mode: StudyMode(rawValue: row["mode"]) ?? .study, isRepeat: row["is_repeat"])
        if row.hasColumn("device"), let device: String = row["device"], let seq: Int64 = row["seq"] {
            journalID = JournalID(device: device, seq: seq)
        }
    }

    func encode(to container: inout PersistenceContainer) throws {
        container["id"] = review.id
        container["deck"] = review.deck
        container["card_key"] = review.cardKey
        container["time"] = review.time.timeIntervalSince1970
        container["result"] = review.answer.rawValue
        container["box_before"] = review.boxBefore
        container["box_after"] = review.boxAfter
        container["mode"] = review.mode.rawValue
        container["is_repeat"] = review.isRepeat
        if let journalID {
            container["device"] = journalID.device
            container["seq"] = journalID.seq
            container["question_hash"] = questionHash
        }
    }

    /// The log rows of one card that stand (not undone), in replay order: time, device, sequence.
    static func filter(_ card: CardID) -> QueryInterfaceRequest<ReviewRecord> {
        filter(Column("deck") == card.deck && Column("card_key") == card.key && Column("undone") == 0)
            .order(Column("time"), Column("device"), Column("seq"))
    }
}
