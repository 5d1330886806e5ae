import Foundation
import GRDB

/// What an import changed: the new state of every card it touched and the new suspension of every card
/// whose suspension log grew.
public struct JournalMerge: Sendable {
    public var states: [CardID: CardState?] = [:]
    public var suspensions: [CardID: Bool] = [:]
    /// Lines that were new to this file (duplicates not counted).
    public var imported = 0

    public init() {}

    public var isEmpty: Bool { states.isEmpty && suspensions.isEmpty }
}

extension ProgressStore {
    /// Imports other devices' journal lines and records where each file was read up to, in one
    /// transaction. Lines already in the file (by id) are ignored; every card they touch is replayed
    /// from its whole log in (time, device, sequence) order, lines dated after `now` counting as `now`.
    public func importJournal(
        _ lines: [JournalLine], positions: [String: JournalPosition], scheduler: LeitnerScheduler, now: Date
    ) throws -> JournalMerge {
        try write { db in
            var merge = JournalMerge()
            let device = try String.fetchOne(db, sql: "SELECT device FROM journal_device") ?? ""
            var affected = Set<CardID>()
            var suspensionChanged = Set<CardID>()
            var ownHighest: Int64 = 0
            func noteOwn(_ id: JournalID) { if id.device == device { ownHighest = max(ownHighest, id.seq) } }

            // Key moves first, oldest first, so that later lines find their card under its new key.
            var moves: [String: [String: String]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT deck, old_key, new_key FROM key_move ORDER BY time, device, seq")
            {
                moves[row[0], default: [:]][row[1]] = row[2]
            }
            let moveLines = lines.filter { $0.kind == .keyMove }.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
            for line in moveLines {
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO key_move (deck, old_key, new_key, time, similarity, device, seq)
                        VALUES (?, ?, ?, ?, 0, ?, ?)
                        """,
                    arguments: [
                        line.card.deck, line.card.key, line.newKey, line.time.timeIntervalSince1970, line.id.device,
                        line.id.seq,
                    ])
                guard db.changesCount > 0 else { continue }
                merge.imported += 1
                noteOwn(line.id)
                moves[line.card.deck, default: [:]][line.card.key] = line.newKey
                let args: StatementArguments = [line.newKey, line.card.deck, line.card.key]
                for table in ["review", "suspension_log", "review_undo"] {
                    try db.execute(
                        sql: "UPDATE \(table) SET card_key = ? WHERE deck = ? AND card_key = ?", arguments: args)
                }
                // The state is re-derived below; the question stays with the card.
                try db.execute(
                    sql: """
                        UPDATE OR IGNORE card_state SET card_key = ? WHERE deck = ? AND card_key = ?
                        """, arguments: args)
                try db.execute(
                    sql: "DELETE FROM card_state WHERE deck = ? AND card_key = ?",
                    arguments: [line.card.deck, line.card.key])
                affected.insert(CardID(deck: line.card.deck, key: line.newKey))
                affected.insert(line.card)
            }
            /// The card a line names, after the key moves known here (a short chain at most).
            func current(_ card: CardID) -> CardID {
                guard let deckMoves = moves[card.deck] else { return card }
                var key = card.key
                var steps = 0
                while let next = deckMoves[key], next != key, steps < 16 {
                    key = next
                    steps += 1
                }
                return CardID(deck: card.deck, key: key)
            }

            let insertSuspension = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO suspension_log (deck, card_key, time, suspended, device, seq)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
            let insertUndo = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO review_undo (device, seq, time, deck, card_key, review_device, review_seq)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            var undone = Set<JournalID>()
            var newReviews: [CardID: [LogRow]] = [:]
            var seen = Set<JournalID>()
            for line in lines {
                let card = current(line.card)
                switch line.kind {
                case .keyMove:
                    continue
                case .suspension:
                    try insertSuspension.execute(arguments: [
                        card.deck, card.key, line.time.timeIntervalSince1970, line.suspended, line.id.device,
                        line.id.seq,
                    ])
                    if db.changesCount > 0 {
                        merge.imported += 1
                        noteOwn(line.id)
                        suspensionChanged.insert(card)
                    }
                case .undo:
                    guard let target = line.cancels else { continue }
                    try insertUndo.execute(arguments: [
                        line.id.device, line.id.seq, line.time.timeIntervalSince1970, card.deck, card.key,
                        target.device, target.seq,
                    ])
                    if db.changesCount > 0 {
                        merge.imported += 1
                        noteOwn(line.id)
                        try Self.cancel(db, target)
                        undone.insert(target)
                        affected.insert(card)
                    }
                case .review:
                    guard seen.insert(line.id).inserted else { continue }
                    newReviews[card, default: []].append(
                        LogRow(
                            id: line.id, time: line.time.timeIntervalSince1970, answer: line.answer, mode: line.mode,
                            isRepeat: line.isRepeat, boxBefore: 0, boxAfter: 0, questionHash: line.questionHash,
                            seconds: line.duration, isNew: true))
                }
            }

            // Answers already in the file are dropped by id; an answer whose undo came first is stored undone.
            let exists = try db.cachedStatement(sql: "SELECT 1 FROM review WHERE device = ? AND seq = ?")
            let undoneEarlier = try db.cachedStatement(
                sql: "SELECT 1 FROM review_undo WHERE review_device = ? AND review_seq = ?")
            let insertUndone = try db.cachedStatement(
                sql: """
                    INSERT INTO review (deck, card_key, time, result, box_before, box_after, mode, is_repeat, device, seq,
                        question_hash, seconds, undone)
                    VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?, ?, 1)
                    """)
            let hasAnyReviews = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM review)") ?? false
            let hasAnyUndos = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM review_undo)") ?? false
            var dueDates = DueDateCache(scheduler: scheduler, expectedStates: 16_384)
            for (card, rows) in newReviews {
                var fresh: [LogRow] = []
                fresh.reserveCapacity(rows.count)
                for row in rows {
                    let args: StatementArguments = [row.id.device, row.id.seq]
                    if hasAnyReviews, try Bool.fetchOne(exists, arguments: args) != nil { continue }
                    let cancelled =
                        try undone.contains(row.id)
                        || (hasAnyUndos && Bool.fetchOne(undoneEarlier, arguments: args) != nil)
                    if cancelled {
                        try insertUndone.execute(arguments: [
                            card.deck, card.key, row.time, row.answer.rawValue, row.mode.rawValue, row.isRepeat,
                            row.id.device, row.id.seq, row.questionHash, row.seconds,
                        ])
                        merge.imported += 1
                        noteOwn(row.id)
                        continue
                    }
                    fresh.append(row)
                    noteOwn(row.id)
                }
                guard !fresh.isEmpty else { continue }
                merge.imported += fresh.count
                merge.states[card] = try Self.rederive(
                    db, card, adding: fresh, scheduler: scheduler, now: now, dueDates: &dueDates)
                affected.remove(card)
            }
            for card in affected {
                merge.states[card] = try Self.rederive(
                    db, card, adding: [], scheduler: scheduler, now: now, dueDates: &dueDates)
            }
            for (card, state) in merge.states {
                let question =
                    try String.fetchOne(
                        db, sql: "SELECT question FROM card_state WHERE deck = ? AND card_key = ?",
                        arguments: [card.deck, card.key]) ?? ""
                try CardStateRecord.store(db, card, state: state, question: question)
            }
            for card in suspensionChanged {
                let latest = try Bool.fetchOne(
                    db,
                    sql: """
                        SELECT suspended FROM suspension_log WHERE deck = ? AND card_key = ?
                        ORDER BY time DESC, device DESC, seq DESC LIMIT 1
                        """, arguments: [card.deck, card.key])
                merge.suspensions[card] = latest ?? false
            }
            if ownHighest > 0 {
                // Own events found in a conflict copy: never hand out their numbers again.
                try db.execute(
                    sql: "UPDATE journal_device SET next_seq = MAX(next_seq, ?)", arguments: [ownHighest + 1])
            }
            let savePosition = try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO journal_file (name, position, line, tail) VALUES (?, ?, ?, ?)")
            for (name, position) in positions {
                try savePosition.execute(arguments: [
                    name, position.offset, position.line, Int64(bitPattern: position.tail),
                ])
            }
            return merge
        }
    }

    /// Marks the standing answer `id` undone (a tombstone) and takes it out of the activity totals; the
    /// card is re-derived by the caller.
    static func cancel(_ db: Database, _ id: JournalID) throws {
        let request = try ReviewRecord.standing(db).filter(Column("device") == id.device && Column("seq") == id.seq)
        for record in try ReviewRecord.fetchValidRecords(db, request) {
            try ActivityTotals.add(record.review, db: db, sign: -1)
        }
        try db.execute(
            sql: "UPDATE review SET undone = 1 WHERE device = ? AND seq = ?", arguments: [id.device, id.seq])
    }
}
