import Foundation
import GRDB

/// One row of the `review` table: the database shape of a `Review`.
struct ReviewRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "review"

    var review: Review

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
            return .success(
                ReviewRecord(
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
                        seconds: row.hasColumn("seconds") ? StoredValues.seconds(row.storedValue("seconds")) : nil)))
        } catch {
            return .failure(error)
        }
    }

    /// The rows of `request` that can be replayed, in order; bad rows are left out.
    static func fetchValid(_ db: Database, _ request: QueryInterfaceRequest<ReviewRecord>) throws -> [Review] {
        var reviews: [Review] = []
        let rows = try Row.fetchCursor(db, request)
        while let row = try rows.next() {
            if case .success(let record) = decode(row) { reviews.append(record.review) }
        }
        return reviews
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
        container["seconds"] = review.seconds
    }

    /// The log rows of one card, oldest first.
    static func filter(_ card: CardID) -> QueryInterfaceRequest<ReviewRecord> {
        filter(Column("deck") == card.deck && Column("card_key") == card.key).order(Column("id"))
    }
}
