import Foundation
import GRDB
import GRDBSQLite

/// One import of other devices' journal lines, inside the caller's write transaction: key moves first,
/// then undos and suspensions, then answers; then every card they touched is replayed once.
///
/// Answers are many (a first import can be a million lines), so they take a path of their own: their
/// ids are checked against the rows of the card each names (read once per card, and only for devices
/// the log has rows of), each card's lines are replayed once with one due-date cache, rows go in card
/// by card through one prepared statement with their texts bound from `JournalStrings`' bytes, and the
/// activity totals are added up in memory and written once per bucket.
struct JournalImporter {
    private let db: Database
    private let lines: JournalLines
    private let scheduler: LeitnerScheduler
    private let now: Date
    private let ownDevice: String
    private var merge = JournalMerge()
    private var ownHighest: Int64 = 0
    /// Cards whose log changed other than by new answers (a key move, an undo): replayed at the end.
    private var affected = Set<CardID>()
    private var replayed = Set<CardID>()
    private var suspensionChanged = Set<CardID>()
    /// Key moves known here, per deck: old key to new key.
    private var moves: [String: [String: String]] = [:]
    /// Answers cancelled by the undos of this batch.
    private var cancelled = Set<JournalID>()
    /// The sequence numbers of this batch's answers, by device (`batchHolds`).
    private var batchAnswers: [String: Set<Int64>]?
    private var dueDates: DueDateCache
    private var totals = ActivityTotals.Pending()
    /// The writes of each card's `log_card` row and state.
    private let cardWrites: ImportCardWrites
    /// From how many new rows on an import counts as bulk (`isBulk`).
    private let bulkThreshold: Int

    /// New rows from which an import is bulk, unless the log already holds more.
    static let bulkRows = 50_000

    init(
        _ db: Database, lines: JournalLines, scheduler: LeitnerScheduler, now: Date, bulkThreshold: Int = bulkRows
    ) throws {
        self.db = db
        self.bulkThreshold = bulkThreshold
        self.lines = lines
        self.scheduler = scheduler
        self.now = now
        ownDevice = try String.fetchOne(db, sql: "SELECT device FROM journal_device") ?? ""
        dueDates = DueDateCache(scheduler: scheduler, expectedStates: 16_384)
        cardWrites = try ImportCardWrites(db)
    }

    mutating func run() throws -> JournalMerge {
        try importKeyMoves()
        try importUndosAndSuspensions()
        try importAnswers()
        for card in affected where !replayed.contains(card) {
            let state = try ProgressStore.rederive(
                db, card, adding: [], scheduler: scheduler, now: now, dueDates: &dueDates)
            try store(state, of: card)
        }
        try totals.write(db)
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
            try db.execute(sql: "UPDATE journal_device SET next_seq = MAX(next_seq, ?)", arguments: [ownHighest + 1])
        }
        return merge
    }

    private mutating func noteOwn(_ device: String, _ seq: Int64) {
        if device == ownDevice { ownHighest = max(ownHighest, seq) }
    }

    /// Stores `card`'s re-derived state, keeping the question stored with it.
    private mutating func store(_ state: CardState?, of card: CardID) throws {
        merge.states[card] = state
        replayed.insert(card)
        try cardWrites.store(state, of: card)
    }

    /// The card a line names, after the key moves known here (a short chain at most).
    private func current(_ card: CardID) -> CardID {
        guard let deckMoves = moves[card.deck] else { return card }
        var key = card.key
        var steps = 0
        while let next = deckMoves[key], next != key, steps < 16 {
            key = next
            steps += 1
        }
        return CardID(deck: card.deck, key: key)
    }

    // MARK: Key moves, undos, suspensions

    /// Key moves first, oldest first, so that later lines find their card under its new key.
    private mutating func importKeyMoves() throws {
        for row in try Row.fetchAll(db, sql: "SELECT deck, old_key, new_key FROM key_move ORDER BY time, device, seq") {
            moves[row[0], default: [:]][row[1]] = row[2]
        }
        let moveLines = lines.others.filter { $0.kind == .keyMove }.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
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
            noteOwn(line.id.device, line.id.seq)
            moves[line.card.deck, default: [:]][line.card.key] = line.newKey
            let args: StatementArguments = [line.newKey, line.card.deck, line.card.key]
            for table in ["review", "suspension_log", "review_undo"] {
                try db.execute(sql: "UPDATE \(table) SET card_key = ? WHERE deck = ? AND card_key = ?", arguments: args)
            }
            // The state is re-derived below; the question stays with the card.
            try db.execute(
                sql: "UPDATE OR IGNORE card_state SET card_key = ? WHERE deck = ? AND card_key = ?", arguments: args)
            try db.execute(
                sql: "DELETE FROM card_state WHERE deck = ? AND card_key = ?",
                arguments: [line.card.deck, line.card.key])
            affected.insert(CardID(deck: line.card.deck, key: line.newKey))
            affected.insert(line.card)
        }
    }

    private mutating func importUndosAndSuspensions() throws {
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
        for line in lines.others {
            let card = current(line.card)
            switch line.kind {
            case .keyMove, .review:
                continue
            case .suspension:
                try insertSuspension.execute(arguments: [
                    card.deck, card.key, line.time.timeIntervalSince1970, line.suspended, line.id.device, line.id.seq,
                ])
                if db.changesCount > 0 {
                    merge.imported += 1
                    noteOwn(line.id.device, line.id.seq)
                    suspensionChanged.insert(card)
                }
            case .undo:
                guard let target = line.cancels else { continue }
                try insertUndo.execute(arguments: [
                    line.id.device, line.id.seq, line.time.timeIntervalSince1970, card.deck, card.key, target.device,
                    target.seq,
                ])
                if db.changesCount > 0 {
                    merge.imported += 1
                    noteOwn(line.id.device, line.id.seq)
                    try ProgressStore.cancel(db, target, card: card, elsewhere: !batchHolds(target))
                    cancelled.insert(target)
                    affected.insert(card)
                }
            }
        }
    }

    /// Whether `id` is one of this batch's answers (read once, when an undo first asks).
    private mutating func batchHolds(_ id: JournalID) -> Bool {
        if batchAnswers == nil {
            var byDevice: [Int32: Set<Int64>] = [:]
            for answer in lines.answers { byDevice[answer.device, default: []].insert(answer.seq) }
            batchAnswers = Dictionary(uniqueKeysWithValues: byDevice.map { (lines.strings[$0.key], $0.value) })
        }
        return batchAnswers?[id.device]?.contains(id.seq) == true
    }

    // MARK: Answers

    private mutating func importAnswers() throws {
        let answers = lines.answers
        guard !answers.isEmpty else { return }
        let strings = lines.strings

        // Each distinct deck and key of the lines, after the key moves: the cards to replay.
        var groupOfPair: [Int64: Int32] = [:]
        var groupOfCard: [CardID: Int32] = [:]
        var cards: [CardID] = []
        var group = [Int32](repeating: 0, count: answers.count)
        // A key's first deck and card by the key's text index: one array read per line, the dictionary
        // only for a key met under two decks.
        var groupOfKey = [Int32](repeating: -1, count: strings.count)
        var deckOfKey = [Int32](repeating: -1, count: strings.count)
        for (index, answer) in answers.enumerated() {
            let key = Int(answer.key)
            if groupOfKey[key] >= 0 && deckOfKey[key] == answer.deck {
                group[index] = groupOfKey[key]
                continue
            }
            let pair = Int64(answer.deck) << 32 | Int64(answer.key)
            if let known = groupOfPair[pair] {
                group[index] = known
                continue
            }
            let card = current(CardID(deck: strings[answer.deck], key: strings[answer.key]))
            let number: Int32
            if let known = groupOfCard[card] {
                number = known
            } else {
                number = Int32(cards.count)
                cards.append(card)
                groupOfCard[card] = number
            }
            groupOfPair[pair] = number
            group[index] = number
            if groupOfKey[key] < 0 {
                groupOfKey[key] = number
                deckOfKey[key] = answer.deck
            }
        }

        // Which lines are new: not in the file by id and not repeated in the batch (checked by set only
        // once a device's ids go back). Other devices' rows have no index by id: a line is looked for
        // among the rows of the card it names, read once per card, and only when the log has rows of
        // its device at all (a first import reads none).
        // A card's rows are read once, for its stored ids here and its standing rows for the replay.
        // Per device (by its text's index): whether it was looked up in the log (0: not yet, 1: no rows,
        // 2: its id there), and the last sequence number met; arrays, read once per line.
        var deviceLookedUp = [UInt8](repeating: 0, count: strings.count)
        var deviceLogID = [Int64](repeating: 0, count: strings.count)
        var hasLastSeq = [Bool](repeating: false, count: strings.count)
        var lastSeq = [Int64](repeating: 0, count: strings.count)
        var stored: [Int32: Set<StoredID>] = [:]
        var names = strings
        var logRows = try CardLogRows.Reader(db)
        var rowsOfCard: [Int32: [JournalReplay.Row]] = [:]
        let deviceNamed = try db.cachedStatement(sql: "SELECT id FROM log_device WHERE device = ?")
        var seen: [Int32: Set<Int64>] = [:]
        var isNew = [Bool](repeating: false, count: answers.count)
        for index in answers.indices {
            let answer = answers[index]
            let device = Int(answer.device)
            if deviceLookedUp[device] == 0 {
                let found = try Int64.fetchOne(deviceNamed, arguments: [strings[answer.device]])
                deviceLookedUp[device] = found == nil ? 1 : 2
                deviceLogID[device] = found ?? 0
            }
            if deviceLookedUp[device] == 2 {
                let known = deviceLogID[device]
                let number = group[index]
                if stored[number] == nil {
                    let read = try logRows.read(cards[Int(number)], names: &names)
                    var ids = Set<StoredID>(minimumCapacity: read.ids.count)
                    for id in read.ids { ids.insert(StoredID(device: id.device, seq: id.seq)) }
                    stored[number] = ids
                    rowsOfCard[number] = read.rows
                }
                if stored[number]!.contains(StoredID(device: known, seq: answer.seq)) { continue }
            }
            if !seen.isEmpty, seen[answer.device] != nil {
                guard seen[answer.device]!.insert(answer.seq).inserted else { continue }
            } else if hasLastSeq[device], answer.seq <= lastSeq[device] {
                var set = Set<Int64>()
                for earlier in 0..<index where answers[earlier].device == answer.device && isNew[earlier] {
                    set.insert(answers[earlier].seq)
                }
                guard set.insert(answer.seq).inserted else {
                    seen[answer.device] = set
                    continue
                }
                seen[answer.device] = set
            } else {
                hasLastSeq[device] = true
                lastSeq[device] = answer.seq
            }
            isNew[index] = true
        }

        // Answers whose undo is known (this batch's or an earlier one) are stored undone and replay nothing.
        var undone: [Int32: Set<Int64>] = [:]
        let devices = Set(deviceLookedUp.indices.filter { deviceLookedUp[$0] != 0 }.map(Int32.init))
        let anyUndo = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM review_undo)") ?? false
        if !cancelled.isEmpty || anyUndo {
            var byName: [String: Set<Int64>] = [:]
            for id in cancelled { byName[id.device, default: []].insert(id.seq) }
            let rows = try Row.fetchCursor(db, sql: "SELECT review_device, review_seq FROM review_undo")
            while let row = try rows.next() { byName[row[0], default: []].insert(row[1]) }
            for device in devices { if let set = byName[strings[device]] { undone[device] = set } }
        }
        let insertUndone = try db.cachedStatement(
            sql: """
                INSERT INTO review (deck, card_key, time, result, box_before, box_after, mode, is_repeat, device, seq,
                    question_hash, seconds, undone)
                VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?, ?, 1)
                """)
        for index in answers.indices where isNew[index] {
            let answer = answers[index]
            guard undone[answer.device]?.contains(answer.seq) == true else { continue }
            let card = cards[Int(group[index])]
            try insertUndone.execute(arguments: [
                card.deck, card.key, answer.time, answer.answer.rawValue, answer.mode.rawValue, answer.isRepeat,
                strings[answer.device], answer.seq, strings[answer.questionHash],
                answer.seconds.isNaN ? nil : answer.seconds,
            ])
            isNew[index] = false
            merge.imported += 1
            noteOwn(strings[answer.device], answer.seq)
        }

        // The new lines of each card, in the order read (a counting sort by card).
        var starts = [Int](repeating: 0, count: cards.count + 1)
        for index in answers.indices where isNew[index] { starts[Int(group[index]) + 1] += 1 }
        for number in cards.indices { starts[number + 1] += starts[number] }
        var order = [Int32](repeating: 0, count: starts[cards.count])
        var fill = starts
        for index in answers.indices where isNew[index] {
            let number = Int(group[index])
            order[fill[number]] = Int32(index)
            fill[number] += 1
        }
        merge.imported += order.count
        for device in devices where strings[device] == ownDevice {
            for index in order where answers[Int(index)].device == device {
                ownHighest = max(ownHighest, answers[Int(index)].seq)
            }
        }

        // The cards with new lines, and the rows they already have in the file (read before the replay,
        // which reads no database; the replay puts them in order). Device names for ordering equal
        // times: the batch's texts, then devices met in the file.
        var replayed: [Int32] = []
        for number in cards.indices where starts[number] < starts[number + 1] { replayed.append(Int32(number)) }
        var existing: [[JournalReplay.Row]] = []
        if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM review_log WHERE undone = 0)") ?? false {
            existing.reserveCapacity(replayed.count)
            for number in replayed {
                if let rows = rowsOfCard.removeValue(forKey: number) {
                    existing.append(rows)
                } else {
                    existing.append(try logRows.read(cards[Int(number)], names: &names).rows)
                }
            }
        }

        // Each card replayed once; its state stored, the boxes that changed on its old rows written.
        var replay = JournalReplay(
            answers: answers, names: names, cards: replayed, cardDecks: cards.map(\.deck), order: order,
            starts: starts, existing: existing, scheduler: scheduler, now: now, dueDates: dueDates, totals: totals)
        replay.run()
        dueDates = replay.dueDates
        totals = replay.totals
        let update = try db.cachedStatement(sql: "UPDATE review_log SET box_before = ?, box_after = ? WHERE id = ?")
        for (position, number) in replayed.enumerated() {
            let card = cards[Int(number)]
            for fix in replay.fixes[position] {
                let row = fix.row
                try update.execute(arguments: [fix.before, fix.after, row.rowID])
                if fix.before != row.boxBefore {
                    // The answer now counts for the box it was really given in.
                    let old = Review(
                        deck: card.deck, cardKey: card.key, time: Date(timeIntervalSince1970: row.time),
                        answer: row.answer, boxBefore: row.boxBefore, boxAfter: row.boxAfter, mode: row.mode,
                        isRepeat: row.isRepeat)
                    var new = old
                    new.boxBefore = fix.before
                    new.boxAfter = fix.after
                    try ActivityTotals.addRecall(old, db: db, sign: -1)
                    try ActivityTotals.addRecall(new, db: db)
                }
            }
            try store(replay.states[position], of: card)
        }

        // The new rows card by card (each card's in the order read), so that a card new to the log adds
        // its rows at the end of the card index: a bulk import builds that index from sorted rows.
        // Cards and devices go in by their ids in the side tables.
        // A card new to the log keeps the question hash of its first new line; a row stores its own only
        // when it differs from its card's.
        var cardIDs = [Int64](repeating: 0, count: cards.count)
        var cardHashes = [Int32](repeating: -1, count: cards.count)
        for number in replayed.map(Int.init) {
            let first = answers[Int(order[starts[number]])]
            let (id, hash) = try cardWrites.logCard(cards[number], questionHash: strings[first.questionHash])
            cardIDs[number] = id
            cardHashes[number] = hash == strings[first.questionHash] ? first.questionHash : names.intern(hash)
        }
        var deviceIDs: [Int32: Int64] = [:]
        for device in devices { deviceIDs[device] = try ProgressStore.logDeviceID(db, strings[device]) }
        let bulk = try isBulk(adding: order.count)
        let cacheSize = bulk ? try Self.dropLogIndexes(db) : 0
        // Many rows per statement: each run of an insert into the log also reads and writes its
        // AUTOINCREMENT counter, once per statement rather than once per row.
        let full = try Self.insertStatement(db, rows: Self.rowsPerInsert)
        var batch: [Int] = []
        batch.reserveCapacity(Self.rowsPerInsert)
        // The loop reads locals only: a method of `self` called per row would copy the importer (and
        // retain each of its tables) a million times.
        let boxes = replay.boxes
        let database = db
        try strings.bytes.withUnsafeBytes { text in
            func insert(_ batch: [Int], with statement: Statement) throws {
                let sqlite = statement.sqliteStatement
                for (row, index) in batch.enumerated() {
                    let answer = answers[index]
                    let number = Int(group[index])
                    Self.bindRow(
                        answer, card: cardIDs[number], cardHash: cardHashes[number],
                        device: deviceIDs[answer.device] ?? 0, boxes: boxes[index],
                        hash: strings.range(answer.questionHash), strings: text, into: sqlite,
                        at: Int32(row * Self.insertColumns))
                }
                try RawStatementStep.run(sqlite, in: database)
            }
            for index in order.map(Int.init) {
                batch.append(index)
                if batch.count == Self.rowsPerInsert {
                    try insert(batch, with: full)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try insert(batch, with: try Self.insertStatement(db, rows: batch.count)) }
        }
        if bulk { try Self.createLogIndexes(db, cacheSize: cacheSize) }
    }

    /// Whether `count` new rows are a bulk import: at least `bulkRows`, and more than the log holds.
    /// Then the log's two indexes are dropped for the insert and built again after it, which sorts once
    /// instead of descending two B-trees per row.
    private func isBulk(adding count: Int) throws -> Bool {
        guard count >= bulkThreshold else { return false }
        return count > (try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM review_log") ?? 0)
    }

    /// Drops the log's card index and gives the sort that builds it again room (64 MB); returns the
    /// connection's cache size, for `createLogIndexes` to put back. The index of this device's rows
    /// stays: no row of another device goes into it.
    private static func dropLogIndexes(_ db: Database) throws -> Int {
        let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        try db.execute(sql: "PRAGMA cache_size = -65536")
        try db.execute(sql: "DROP INDEX IF EXISTS \(ProgressStore.cardLogIndex.0)")
        return cacheSize
    }

    private static func createLogIndexes(_ db: Database, cacheSize: Int) throws {
        try db.execute(sql: ProgressStore.cardLogIndex.1)
        try db.execute(sql: "PRAGMA cache_size = \(cacheSize)")
    }

    /// Binds one new answer as the row of an insert whose values start after parameter `base`, its card
    /// and device by their ids in the side tables, its result and mode as codes, its question hash as
    /// NULL when it is its card's (`cardHash`); `strings` are the bytes of `lines.strings`, of which
    /// `hash` is the question hash's range.
    private static func bindRow(
        _ answer: JournalLines.PackedAnswer, card: Int64, cardHash: Int32, device: Int64,
        boxes: (before: UInt8, after: UInt8), hash: Range<Int>, strings: UnsafeRawBufferPointer,
        into sqlite: SQLiteStatement, at base: Int32
    ) {
        sqlite3_bind_int64(sqlite, base + 1, card)
        sqlite3_bind_double(sqlite, base + 2, answer.time)
        sqlite3_bind_int64(sqlite, base + 3, ProgressStore.resultCode(answer.answer))
        sqlite3_bind_int64(sqlite, base + 4, Int64(boxes.before))
        sqlite3_bind_int64(sqlite, base + 5, Int64(boxes.after))
        sqlite3_bind_int64(sqlite, base + 6, ProgressStore.modeCode(answer.mode))
        sqlite3_bind_int64(sqlite, base + 7, answer.isRepeat ? 1 : 0)
        sqlite3_bind_int64(sqlite, base + 8, device)
        sqlite3_bind_int64(sqlite, base + 9, answer.seq)
        if answer.questionHash == cardHash {
            sqlite3_bind_null(sqlite, base + 10)
        } else {
            sqlite3_bind_text(
                sqlite, base + 10, Self.chars(UnsafeRawBufferPointer(rebasing: strings[hash])), Int32(hash.count), nil)
        }
        if answer.seconds.isNaN {
            sqlite3_bind_null(sqlite, base + 11)
        } else {
            sqlite3_bind_double(sqlite, base + 11, answer.seconds)
        }
    }

    /// A row's journal id as the log stores it: the device's id in `log_device` and the sequence number.
    private struct StoredID: Hashable {
        var device: Int64
        var seq: Int64
    }

    /// Rows per statement of the answers' insert, and the values bound for each.
    private static let rowsPerInsert = 128
    private static let insertColumns = 11

    /// An insert of `rows` new answers into the log.
    private static func insertStatement(_ db: Database, rows: Int) throws -> Statement {
        let row = "(" + Array(repeating: "?", count: insertColumns).joined(separator: ", ") + ")"
        return try db.makeStatement(
            sql: """
                INSERT INTO review_log (card, time, result, box_before, box_after, mode, is_repeat, device, seq,
                    question_hash, seconds)
                VALUES \(Array(repeating: row, count: rows).joined(separator: ", "))
                """)
    }

    private static var empty: UnsafePointer<CChar> {
        UnsafeRawPointer(("" as StaticString).utf8Start).assumingMemoryBound(to: CChar.self)
    }

    private static func chars(_ bytes: UnsafeRawBufferPointer) -> UnsafePointer<CChar> {
        bytes.baseAddress?.assumingMemoryBound(to: CChar.self) ?? empty
    }
}
