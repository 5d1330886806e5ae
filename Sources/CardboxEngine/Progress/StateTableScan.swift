import Foundation
import GRDB
import GRDBSQLite

/// One pass over the `card_state` table with SQLite's column functions, matching each row to its card
/// through a `CardKeyIndex`: no Row, String or dictionary entry per row.
///
/// Gives up (returns nil) wherever reading bytes could differ from reading Strings through GRDB, and
/// the caller then takes the general path: a key that is not plain ASCII or holds a NUL, a NULL value,
/// or one deck title stored under two spellings that compare equal as Strings.
enum StateTableScan {
    struct Result {
        /// Aligned with the collection's cards.
        var states: [CardState?]
        /// Rows in the table.
        var rows: Int
        /// Cards that found their row.
        var found: Int
        /// Per row, the card it matched (-1: none); nil when each row's card is the one the snapshot
        /// names (`matchInPlace`).
        var cardOfRow: [Int32]?
        /// True when the rows' card numbers from the snapshot all held (`matchInPlace`).
        var placesHeld: Bool
    }

    /// The table's rows as read, before any card is known: deck spellings are numbered in order of
    /// appearance, and each row's probe holds that number until `match` puts the deck's number there.
    struct Rows {
        var spellings: [[UInt8]] = []
        var rows: [(probe: CardKeyIndex.Probe, state: CardState)] = []
        var longKeys: [Int: [UInt8]] = [:]
        /// Per row, the card it matched at the start that wrote the snapshot (`StateSnapshot.noCard`:
        /// none), for rows decoded from the snapshot; nil for rows read from the table.
        var cards: [UInt32]?
        /// Rows whose values the scheduler cannot use, skipped: "card KEY: bad value in …".
        var problems: [String] = []
    }

    /// Every row of the table, its buffer sized up front by counting them: growing it while the decks
    /// load would hold two copies at once. Nil where bytes could disagree with Strings.
    static func readAll(_ db: Database) throws -> Rows? {
        try read(db, expected: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM card_state") ?? 0)
    }

    /// The columns `read(rowsOf:expected:next:)` takes, in its order.
    static let selectSQL = "SELECT deck, card_key, box, last_review, missed, first_review, lapses FROM card_state"

    /// Copies every row, touching nothing else; nil where bytes could disagree with Strings.
    static func read(_ db: Database, expected: Int) throws -> Rows? {
        let statement = try db.makeStatement(sql: selectSQL)
        let sqlite = statement.sqliteStatement
        return try read(rowsOf: sqlite, expected: expected) {
            try RawStatementStep.nextRow(sqlite, in: db, sql: statement.sql)
        }
    }

    /// The rows of `sqlite`, a statement of `selectSQL`, stepped by `next` (true on a row, false when done);
    /// nil where bytes could disagree with Strings.
    static func read(rowsOf sqlite: SQLiteStatement, expected: Int, next: () throws -> Bool) rethrows -> Rows? {
        var result = Rows()
        result.rows.reserveCapacity(expected)
        var lastSpelling = -1
        while try next() {
            guard let deckText = sqlite3_column_text(sqlite, 0), let keyText = sqlite3_column_text(sqlite, 1) else {
                return nil
            }
            let deckBytes = UnsafeRawBufferPointer(start: deckText, count: Int(sqlite3_column_bytes(sqlite, 0)))
            let key = UnsafeRawBufferPointer(start: keyText, count: Int(sqlite3_column_bytes(sqlite, 1)))
            guard isPlainASCII(key), !deckBytes.contains(0) else { return nil }
            // Rows of one deck share one spelling: almost every row compares with the last one only.
            let spelling: Int
            if lastSpelling >= 0, DeckSpellings.same(result.spellings[lastSpelling], deckBytes) {
                spelling = lastSpelling
            } else if let known = result.spellings.firstIndex(where: { DeckSpellings.same($0, deckBytes) }) {
                spelling = known
            } else {
                result.spellings.append(Array(deckBytes))
                spelling = result.spellings.count - 1
            }
            lastSpelling = spelling
            // Every value goes through the one validated reader (the usual row through its checks
            // inlined, `plainState`); a bad row is reported and skipped.
            let state: CardState
            if let plain = plainState(sqlite) {
                state = plain
            } else {
                do {
                    state = try StoredValues.cardState(
                        box: StoredValues.Value(sqlite, column: 2), lastReview: StoredValues.Value(sqlite, column: 3),
                        missed: StoredValues.Value(sqlite, column: 4),
                        firstReview: StoredValues.Value(sqlite, column: 5),
                        lapses: StoredValues.Value(sqlite, column: 6))
                } catch {
                    result.problems.append("card \(String(decoding: key, as: UTF8.self)): \(error)")
                    continue
                }
            }
            if key.count > CardKeyIndex.Words.capacity { result.longKeys[result.rows.count] = Array(key) }
            result.rows.append((CardKeyIndex.Probe(deck: spelling, key: key), state))
        }
        return result
    }

    /// Matches read rows to the cards `index` holds; nil when one deck is stored under two spellings.
    static func match(_ read: Rows, index: CardKeyIndex, cardCount: Int) -> Result? {
        var decks = DeckSpellings(titles: index.deckTitles)
        var deckOfSpelling: [Int32] = []
        for spelling in read.spellings {
            guard let deck = spelling.withUnsafeBytes({ decks.deck(spelled: $0) }) else { return nil }
            deckOfSpelling.append(Int32(deck))
        }
        var result = Result(
            states: Array(repeating: nil, count: cardCount), rows: read.rows.count, found: 0, cardOfRow: nil,
            placesHeld: false)
        var cardOfRow = [Int32](repeating: -1, count: read.rows.count)
        let cardDecks = Int32(index.deckTitles.count)
        // A loop of its own, with nothing but table work in it: the lookups' cache misses overlap.
        for (row, entry) in read.rows.enumerated() {
            var probe = entry.probe
            probe.deck = deckOfSpelling[Int(probe.deck)]
            guard probe.deck < cardDecks else { continue }
            let card: Int?
            if let long = read.longKeys[row] {
                card = long.withUnsafeBytes { index.card(probe, longKey: $0) }
            } else {
                card = index.card(probe)
            }
            if let card {
                result.states[card] = entry.state
                result.found += 1
                cardOfRow[row] = Int32(card)
            }
        }
        result.cardOfRow = cardOfRow
        return result
    }

    /// The state of the current row when it is stored the usual way (whole numbers as INTEGER, times
    /// as REAL or INTEGER) and every value lies in its range: what `StoredValues.cardState` gives for
    /// it, without making a `Value` per column. Nil for anything else, which then takes that reader.
    static func plainState(_ statement: OpaquePointer) -> CardState? {
        func whole(_ column: Int32, in range: ClosedRange<Int>) -> Int? {
            guard sqlite3_column_type(statement, column) == SQLITE_INTEGER else { return nil }
            let number = sqlite3_column_int64(statement, column)
            guard let exact = Int(exactly: number), range.contains(exact) else { return nil }
            return exact
        }
        func instant(_ column: Int32) -> Date? {
            let seconds: Double
            switch sqlite3_column_type(statement, column) {
            case SQLITE_FLOAT: seconds = sqlite3_column_double(statement, column)
            case SQLITE_INTEGER: seconds = Double(sqlite3_column_int64(statement, column))
            default: return nil
            }
            guard seconds.isFinite, Bounded.instantRange.contains(seconds) else { return nil }
            return Date(timeIntervalSince1970: seconds)
        }
        guard let box = whole(2, in: StoredValues.boxes), let lastReview = instant(3),
            let missed = whole(4, in: 0...1), let firstReview = instant(5),
            let lapses = whole(6, in: StoredValues.lapseCounts)
        else { return nil }
        return CardState(
            box: box, lastReview: lastReview, missed: missed == 1, firstReview: firstReview, lapses: lapses)
    }

    /// ASCII without NUL: bytes that compare as their String does. Eight bytes a step: a file's keys
    /// are checked in one piece.
    static func isPlainASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            // A byte with its high bit set, or (the classic test) a zero byte.
            let high: UInt64 = 0x8080_8080_8080_8080
            guard word & high == 0, (word &- 0x0101_0101_0101_0101) & ~word & high == 0 else { return false }
            offset += 8
        }
        while offset < bytes.count {
            let byte = bytes[offset]
            guard byte != 0, byte < 0x80 else { return false }
            offset += 1
        }
        return true
    }

    /// Maps a stored deck spelling to a deck number: the index of an equal card deck title, or a number
    /// past them for decks no card has. Rows of one deck share one spelling, so a String is made once
    /// per deck, not per row.
    struct DeckSpellings {
        private var titles: [String]
        /// Per deck number, the one spelling seen in the table.
        private var spellings: [[UInt8]?]
        private var last: (bytes: [UInt8], deck: Int)?
        private var seen: [(bytes: [UInt8], deck: Int)] = []

        init(titles: [String]) {
            self.titles = titles
            spellings = Array(repeating: nil, count: titles.count)
        }

        /// Nil when the title holds a NUL, or when a deck turns up under a second spelling.
        mutating func deck(spelled bytes: UnsafeRawBufferPointer) -> Int? {
            if let last, Self.same(last.bytes, bytes) { return last.deck }
            if let known = seen.first(where: { Self.same($0.bytes, bytes) }) {
                last = known
                return known.deck
            }
            guard !bytes.contains(0) else { return nil }
            let title = String(decoding: bytes, as: UTF8.self)
            let deck: Int
            if let index = titles.firstIndex(of: title) {
                guard spellings[index] == nil else { return nil }
                deck = index
            } else {
                titles.append(title)
                spellings.append(nil)
                deck = titles.count - 1
            }
            spellings[deck] = Array(bytes)
            last = (Array(bytes), deck)
            seen.append(last!)
            return deck
        }

        static func same(_ spelling: [UInt8], _ bytes: UnsafeRawBufferPointer) -> Bool {
            spelling.count == bytes.count
                && spelling.withUnsafeBytes { stored in
                    bytes.isEmpty || memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0
                }
        }
    }
}
