import Foundation
import GRDB

@testable import CardboxEngine

/// What the tests read from a store besides what the app reads.
extension ProgressStore {
    /// The standing review log (undone answers left out), in the order it was written.
    func allReviews() throws -> [Review] {
        try dbWriter.read { db in try ReviewRecord.standing(db).order(Column("id")).fetchAll(db).map(\.review) }
    }

    /// `PRAGMA integrity_check`'s verdict ("ok" for a sound file).
    func integrityCheck() throws -> String {
        try dbWriter.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    /// Card states derived from the review log alone, by replaying each card's rows.
    func replayedStates(scheduler: LeitnerScheduler) throws -> [CardID: CardState] {
        let log = try dbWriter.read { db in
            try ReviewRecord.standing(db).order(Column("time"), Column("device"), Column("seq")).fetchAll(db)
                .map(\.review)
        }
        return Dictionary(grouping: log, by: \.card).compactMapValues { scheduler.replay($0) }
    }
}
