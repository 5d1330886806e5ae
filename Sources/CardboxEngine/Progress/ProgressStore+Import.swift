import Foundation
import GRDB

extension ProgressStore {
    /// What `recordImports` did.
    public struct ImportOutcome: Sendable, Equatable {
        /// Import rows added to the log.
        public var recorded: Int
        /// Rows left out because the log already holds an import of that card at that time.
        public var alreadyImported: Int

        public init(recorded: Int, alreadyImported: Int) {
            self.recorded = recorded
            self.alreadyImported = alreadyImported
        }
    }

    /// Adds `imported`-mode reviews (progress from another program) to the log in one transaction,
    /// skipping any the log already holds (same card, same time), then derives each card's state by
    /// replaying its whole log in time order, so that an import older than answers given here comes
    /// before them, as a replay of merged logs would put it. Reviews of other modes are not taken.
    @discardableResult
    public func recordImports(_ answers: [RecordedAnswer], scheduler: LeitnerScheduler) throws -> ImportOutcome {
        try write { db in
            var outcome = ImportOutcome(recorded: 0, alreadyImported: 0)
            var touched: [CardID: String] = [:]
            for answer in answers where answer.review.mode == .imported {
                let review = answer.review
                let existing = try ReviewRecord.standing(db, review.card)
                    .filter(
                        Column("mode") == StudyMode.imported.rawValue
                            && Column("time") == review.time.timeIntervalSince1970
                    )
                    .fetchCount(db)
                if existing > 0 {
                    outcome.alreadyImported += 1
                    continue
                }
                // Numbered like every event, so that the import reaches the journal too.
                var record = ReviewRecord(review)
                record.journalID = try Self.allocateJournalID(db)
                record.questionHash = CardKey.hex(CardKey.fnv1a(answer.question))
                try record.insertRow(db)
                try ActivityTotals.add(review, db: db)
                touched[review.card] = answer.question
                outcome.recorded += 1
            }
            for (card, question) in touched {
                // In replay order (time, device, sequence), undone answers left out.
                let log = try ReviewRecord.fetchValid(db, ReviewRecord.standing(db, card))
                try CardStateRecord.store(db, card, state: scheduler.replay(log), question: question)
            }
            return outcome
        }
    }
}
