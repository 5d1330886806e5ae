import Foundation
import GRDB
import GRDBSQLite

/// Every card state of the progress file in one blob, so that a start reads a few megabytes in one
/// piece instead of stepping the `card_state` table row by row.
///
/// The snapshot names the number of state writes it includes. That number lives in `state_writes`,
/// which triggers on `card_state` raise in the same transaction as every insert, update and delete,
/// whoever makes them (an older build, a journal import, `sqlite3` by hand). A start uses the snapshot
/// only while the two numbers agree and the triggers are in place; otherwise it reads the table, as
/// before. So a snapshot can be missing or out of date, never wrong.
///
/// The blob holds `StateTableScan.Rows` exactly (dates as their `Date` bits), so the table and the
/// snapshot give the same states. Layout, little-endian: the magic `CBS2`; a 32-bit count of deck
/// spellings, each a 32-bit length and its bytes; a 32-bit count of rows, each a 32-bit spelling, a
/// 32-bit key length, the key's bytes, a byte for the box, a byte for `missed`, a 32-bit lapse count,
/// the last and first review as 64-bit `Date` values, and the row's card: its number in the collection
/// of the start that wrote the snapshot (`noCard` for none). Rows are kept in the order of those cards,
/// so that the next start, with the same decks, checks each row against one card's key instead of
/// looking every key up (`StateTableScan.matchInPlace`); a card number is only ever a hint, checked
/// before it is used. An earlier build's blob (`CBS1`, without card numbers) is not read: that start
/// reads the table and writes the snapshot again. Every value is checked again as it is read (card
/// numbers included: they must rise from row to row, the rows without a card last): a damaged blob
/// is ignored, never trusted.
///
/// A start reads the blob whole into a buffer of its own (`SnapshotRows`) and checks it there; the
/// rows are only copied out when their card numbers do not hold, so the usual start writes each state
/// once, into its card's place.
enum StateSnapshot {
    static let magic: [UInt8] = Array("CBS2".utf8)
    /// The card number of a row that matched no card.
    static let noCard = UInt32.max
    static let triggerNames = ["state_writes_insert", "state_writes_update", "state_writes_delete"]

    /// The `v7-state-snapshot` migration: the counter, its triggers and the snapshot's table.
    static let schema = """
        CREATE TABLE state_writes (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            count INTEGER NOT NULL
        );
        INSERT INTO state_writes (id, count) VALUES (1, 0);
        CREATE TRIGGER state_writes_insert AFTER INSERT ON card_state
            BEGIN UPDATE state_writes SET count = count + 1 WHERE id = 1; END;
        CREATE TRIGGER state_writes_update AFTER UPDATE ON card_state
            BEGIN UPDATE state_writes SET count = count + 1 WHERE id = 1; END;
        CREATE TRIGGER state_writes_delete AFTER DELETE ON card_state
            BEGIN UPDATE state_writes SET count = count + 1 WHERE id = 1; END;
        CREATE TABLE state_snapshot (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            writes INTEGER NOT NULL,
            data BLOB NOT NULL
        );
        """

    /// The number of state writes so far; nil when the file has no counter or lacks one of its
    /// triggers (a file from before the snapshot, opened read-only, or one changed by hand).
    static func writes(_ db: Database) throws -> Int64? {
        let triggers = try Int.fetchOne(db, sql: triggerCountSQL) ?? 0
        guard triggers == triggerNames.count else { return nil }
        return try Int64.fetchOne(db, sql: writesSQL)
    }

    /// How many of the counter's triggers the file has (all of them: `triggerNames.count`).
    static let triggerCountSQL = """
        SELECT COUNT(*) FROM sqlite_master
        WHERE type = 'trigger' AND tbl_name = 'card_state' AND name IN (\(quotedTriggerNames))
        """
    private static let quotedTriggerNames = triggerNames.map { "'\($0)'" }.joined(separator: ", ")
    /// The number of state writes so far.
    static let writesSQL = "SELECT count FROM state_writes WHERE id = 1"
    /// Stores `data` (from `encode`) as the snapshot of `writes` state writes, replacing the one before.
    static func store(_ db: Database, _ data: Data, writes: Int64) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO state_snapshot (id, writes, data) VALUES (1, ?, ?)",
            arguments: [writes, data])
    }

    /// The snapshot's number of state writes, if there is one.
    static func storedWrites(_ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT writes FROM state_snapshot WHERE id = 1")
    }

    /// `rows` as a blob, each with the card it matched (`cards`, aligned with the rows: a card number or
    /// a negative number for none; nil when not known), in the order of those cards; nil when they cannot
    /// be kept (rows with bad values are left to the table, which names them at every start).
    static func encode(_ rows: StateTableScan.Rows, cards: [Int32]? = nil) -> Data? {
        guard rows.problems.isEmpty, rows.spellings.count <= Int(UInt32.max), rows.rows.count <= Int(UInt32.max),
            cards.map({ $0.count == rows.rows.count }) ?? true
        else { return nil }
        var out = magic
        out.reserveCapacity(16 + rows.spellings.reduce(0) { $0 + 4 + $1.count } + rows.rows.count * 52)
        func append32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
        func append64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
        append32(UInt32(rows.spellings.count))
        for spelling in rows.spellings {
            guard spelling.count <= Int(UInt32.max) else { return nil }
            append32(UInt32(spelling.count))
            out.append(contentsOf: spelling)
        }
        append32(UInt32(rows.rows.count))
        for index in order(ofCards: cards, count: rows.rows.count) {
            let row = rows.rows[index]
            let state = row.state
            guard row.probe.deck >= 0, row.probe.length >= 0, StoredValues.boxes.contains(state.box),
                state.box <= Int(UInt8.max), StoredValues.lapseCounts.contains(state.lapses)
            else { return nil }
            append32(UInt32(row.probe.deck))
            append32(UInt32(row.probe.length))
            if Int(row.probe.length) > CardKeyIndex.Words.capacity {
                guard let key = rows.longKeys[index], key.count == Int(row.probe.length) else { return nil }
                out.append(contentsOf: key)
            } else {
                var words = row.probe.words
                withUnsafeBytes(of: &words) { out.append(contentsOf: $0.prefix(Int(row.probe.length))) }
            }
            out.append(UInt8(state.box))
            out.append(state.missed ? 1 : 0)
            append32(UInt32(state.lapses))
            append64(state.lastReview.timeIntervalSinceReferenceDate.bitPattern)
            append64(state.firstReview.timeIntervalSinceReferenceDate.bitPattern)
            let card = cards?[index] ?? -1
            append32(card >= 0 ? UInt32(card) : noCard)
        }
        return Data(out)
    }

    /// The rows' indices in the order of their cards, rows without a card last; ties keep the rows' order.
    private static func order(ofCards cards: [Int32]?, count: Int) -> [Int] {
        guard let cards else { return Array(0..<count) }
        // A negative number (no card) read as unsigned sorts after every card.
        return (0..<count).sorted {
            (UInt32(bitPattern: cards[$0]), $0) < (UInt32(bitPattern: cards[$1]), $1)
        }
    }

    /// The rows `bytes` holds; nil for anything but a whole, well-formed snapshot whose every value
    /// `StateTableScan.read` would have accepted.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> StateTableScan.Rows? {
        var rows = StateTableScan.Rows()
        var cards: [UInt32] = []
        guard
            let layout = walk(
                bytes,
                rowCapacity: {
                    rows.rows.reserveCapacity($0)
                    cards.reserveCapacity($0)
                },
                { row, spelling, key, fields, card in
                    if key.count > CardKeyIndex.Words.capacity { rows.longKeys[row] = Array(key) }
                    rows.rows.append((CardKeyIndex.Probe(deck: spelling, key: key), state(bytes, at: fields)))
                    cards.append(card)
                })
        else { return nil }
        rows.spellings = layout.spellings
        rows.cards = cards
        return rows
    }

    /// The state whose fields (box, missed, lapses, two dates) start at `fields`, in a blob `walk` accepted.
    @inline(__always)
    static func state(_ bytes: UnsafeRawBufferPointer, at fields: Int) -> CardState {
        CardState(
            box: Int(bytes[fields]),
            lastReview: Date(timeIntervalSinceReferenceDate: Double(bitPattern: bits(bytes, at: fields + 6))),
            missed: bytes[fields + 1] == 1,
            firstReview: Date(timeIntervalSinceReferenceDate: Double(bitPattern: bits(bytes, at: fields + 14))),
            lapses: Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: fields + 2, as: UInt32.self))))
    }

    @inline(__always)
    private static func bits(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// A row's layout: its deck spelling's number and its key's length (4 bytes each), the key, then
    /// its fields: box, missed, lapses (4), two dates (8 each) and its card number (4).
    static let rowHeaderSize = 8
    static let fieldsSize = 26

    /// The bytes taken by a row whose key has `length` bytes.
    @inline(__always)
    static func rowSize(keyLength length: Int) -> Int { rowHeaderSize + length + fieldsSize }

    /// The deck spelling's number and the key's length of the row at `offset` (its header's eight bytes
    /// the caller checked are there).
    @inline(__always)
    static func rowHeader(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> (spelling: Int, keyLength: Int) {
        (
            Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))),
            Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)))
        )
    }

    /// The card number among the fields at `fields`.
    @inline(__always)
    static func card(_ bytes: UnsafeRawBufferPointer, fields: Int) -> UInt32 {
        UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: fields + 22, as: UInt32.self))
    }

    /// Checks every value of the snapshot `bytes`, calling `rowCapacity` with the number of rows once it
    /// is known to be plausible, then `row` for each row in order: its index, its deck spelling's
    /// number, its key, the offset of its fields (`state(_:at:)`) and its card number. Returns the deck
    /// spellings, the number of rows and the offset of the first; nil for anything but a whole,
    /// well-formed snapshot whose every value `StateTableScan.read` would have accepted, and whose card
    /// numbers rise from row to row (rows without a card last), as `encode` writes them.
    @inline(__always)
    static func walk(
        _ bytes: UnsafeRawBufferPointer, rowCapacity: (Int) -> Void,
        _ row: (Int, Int, UnsafeRawBufferPointer, Int, UInt32) -> Void
    ) -> (spellings: [[UInt8]], rows: Int, firstRow: Int)? {
        var reader = Reader(bytes: bytes)
        guard reader.take(magic.count).map({ $0.elementsEqual(magic) }) == true,
            let spellingCount = reader.read32(), Int(spellingCount) <= bytes.count
        else { return nil }
        var spellings: [[UInt8]] = []
        for _ in 0..<spellingCount {
            guard let length = reader.read32(), let spelling = reader.take(Int(length)), !spelling.contains(0) else {
                return nil
            }
            // One deck, one spelling: the table scan never lists a spelling twice.
            guard !spellings.contains(where: { StateTableScan.DeckSpellings.same($0, spelling) }) else {
                return nil
            }
            spellings.append(Array(spelling))
        }
        // Each row takes at least 34 bytes: a count past that is damage, not a reason to reserve memory.
        guard let rowCount = reader.read32().map(Int.init), rowCount <= reader.remaining / rowSize(keyLength: 0)
        else { return nil }
        rowCapacity(rowCount)
        let firstRow = reader.offset
        var offset = firstRow
        // A number below every card's: the first row may name any.
        var lastCard: Int64 = -1
        // The ranges read once, not through their globals' accessors at every row.
        let boxes = StoredValues.boxes
        let lapseCounts = StoredValues.lapseCounts
        let instants = Bounded.instantRange
        // Each field is read at its offset once the row's length is known to fit: the same checks as a
        // field-by-field reading, without a bounds check each.
        for index in 0..<rowCount {
            guard bytes.count - offset >= rowHeaderSize else { return nil }
            let (spelling, length) = rowHeader(bytes, at: offset)
            guard spelling < spellings.count, length <= bytes.count - offset - rowSize(keyLength: 0) else {
                return nil
            }
            let fields = offset + rowHeaderSize + length
            let key = UnsafeRawBufferPointer(rebasing: bytes[(offset + rowHeaderSize)..<fields])
            let lapses = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: fields + 2, as: UInt32.self)))
            let card = card(bytes, fields: fields)
            guard StateTableScan.isPlainASCII(key), boxes.contains(Int(bytes[fields])), bytes[fields + 1] <= 1,
                lapseCounts.contains(lapses), Reader.isInstant(bytes, at: fields + 6, in: instants),
                Reader.isInstant(bytes, at: fields + 14, in: instants), Int64(card) > lastCard || card == noCard
            else { return nil }
            lastCard = Int64(card)
            row(index, spelling, key, fields, card)
            offset = fields + fieldsSize
        }
        guard offset == bytes.count else { return nil }
        return (spellings, rowCount, firstRow)
    }

    /// Reads a blob front to back; every read is bounds-checked.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        var remaining: Int { bytes.count - offset }

        mutating func take(_ count: Int) -> UnsafeRawBufferPointer? {
            guard count >= 0, count <= remaining else { return nil }
            defer { offset += count }
            return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
        }

        mutating func read32() -> UInt32? {
            take(4).map { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
        }

        /// Whether the `Date` whose bits are at `offset` (eight bytes the caller checked are there) is one
        /// a stored row may hold: its time since 1970 finite and in `instants` (`Bounded.instantRange`).
        @inline(__always)
        static func isInstant(_ bytes: UnsafeRawBufferPointer, at offset: Int, in instants: ClosedRange<Double>) -> Bool
        {
            let bits = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            let seconds = Date(timeIntervalSinceReferenceDate: Double(bitPattern: bits)).timeIntervalSince1970
            return seconds.isFinite && instants.contains(seconds)
        }
    }
}
