import Foundation
import GRDB
import GRDBSQLite

/// The rows a card already has in the log, read for an import through one prepared statement over
/// `review_log` and SQLite's column functions: the journal ids of all of them (undone ones included),
/// and the standing ones as the replay's rows.
///
/// Reading a card's rows through the `review` view and `ReviewRecord` built and ran a query of the
/// view's joins per card and made a `Row` and its texts per answer; 1,000 new lines over 1,000 cards of
/// twenty answers each spent about two billion instructions there. The values are checked as
/// `ReviewRecord.decode` checks the view's (through `StoredValues`): a row it would leave out is left
/// out here too.
struct CardLogRows {
    /// The card's journal ids as stored: the device's id in `log_device` and the sequence number.
    var ids: [(device: Int64, seq: Int64)] = []
    /// The standing rows that can be replayed, in the order of the card index (row id).
    var rows: [JournalReplay.Row] = []

    /// One reader for a whole import: the statement is prepared once and bound per card.
    struct Reader {
        private let db: Database
        private let statement: Statement
        /// Each device id met in the log, as its name's index in the replay's names (nil: no such id).
        private var deviceNames: [Int64: Int32?] = [:]
        private var lastDevice: (id: Int64?, name: Int32?) = (nil, nil)

        init(_ db: Database) throws {
            self.db = db
            statement = try db.makeStatement(
                sql: """
                    SELECT id, time, result, box_before, box_after, mode, is_repeat, seconds, device, seq,
                        undone = 0
                    FROM review_log WHERE card = (SELECT id FROM log_card WHERE deck = ? AND card_key = ?)
                    """)
        }

        /// The rows of `card`, device names interned into `names`.
        mutating func read(_ card: CardID, names: inout JournalStrings) throws -> CardLogRows {
            var result = CardLogRows()
            let sqlite = statement.sqliteStatement
            statement.setUncheckedArguments([card.deck, card.key])
            defer { sqlite3_reset(sqlite) }
            // The view's deck and key must be non-empty texts, or every row of the card is a bad row.
            let named = !card.deck.isEmpty && !card.key.isEmpty
            while try RawStatementStep.nextRow(sqlite, in: db) {
                let device: Int64? =
                    sqlite3_column_type(sqlite, 8) == SQLITE_NULL ? nil : sqlite3_column_int64(sqlite, 8)
                let seqType = sqlite3_column_type(sqlite, 9)
                if let device, seqType != SQLITE_NULL { result.ids.append((device, sqlite3_column_int64(sqlite, 9))) }
                let seq: Int64? = seqType == SQLITE_INTEGER ? sqlite3_column_int64(sqlite, 9) : nil
                guard named, sqlite3_column_type(sqlite, 10) == SQLITE_INTEGER, sqlite3_column_int64(sqlite, 10) == 1,
                    var row = Self.row(sqlite)
                else { continue }
                // A journal id as the view gives it: the device's name and an integer sequence number.
                if let device, let seq, let name = try deviceName(device, names: &names) {
                    row.device = name
                    row.seq = seq
                } else {
                    row.device = names.intern("")
                    row.seq = 0
                }
                result.rows.append(row)
            }
            return result
        }

        private mutating func deviceName(_ id: Int64, names: inout JournalStrings) throws -> Int32? {
            // A card's rows are mostly of one or two devices.
            if id == lastDevice.id { return lastDevice.name }
            defer { lastDevice = (id, deviceNames[id] ?? nil) }
            if let known = deviceNames[id] { return known }
            let name = try String.fetchOne(
                db, sql: "SELECT device FROM log_device WHERE id = ? AND typeof(device) = 'text'", arguments: [id])
            let number = name.map { names.intern($0) }
            deviceNames[id] = number
            return number
        }

        /// The replay's row of the statement's current row (its device and sequence left for the
        /// caller); nil for a row `ReviewRecord.decode` would leave out.
        private static func row(_ sqlite: SQLiteStatement) -> JournalReplay.Row? {
            if let plain = plainRow(sqlite) { return plain }
            do {
                let time = try StoredValues.instant(StoredValues.Value(sqlite, column: 1), "time").timeIntervalSince1970
                guard let answer = answer(StoredValues.Value(sqlite, column: 2)),
                    let mode = mode(StoredValues.Value(sqlite, column: 5))
                else { return nil }
                let before = try StoredValues.integer(
                    StoredValues.Value(sqlite, column: 3), "box_before", in: StoredValues.logBoxes)
                let after = try StoredValues.integer(
                    StoredValues.Value(sqlite, column: 4), "box_after", in: StoredValues.logBoxes)
                let isRepeat =
                    try StoredValues.integer(StoredValues.Value(sqlite, column: 6), "is_repeat", in: 0...1) == 1
                return JournalReplay.Row(
                    time: time, device: 0, seq: 0, answer: answer, mode: mode, isRepeat: isRepeat, boxBefore: before,
                    boxAfter: after, line: -1, rowID: sqlite3_column_int64(sqlite, 0),
                    seconds: StoredValues.seconds(StoredValues.Value(sqlite, column: 7)))
            } catch {
                return nil
            }
        }

        /// The usual row, every value of the type the log writes and in range, checked inline; nil for
        /// any other (then read through `StoredValues`, which gives the same for a usual row).
        private static func plainRow(_ sqlite: SQLiteStatement) -> JournalReplay.Row? {
            guard sqlite3_column_type(sqlite, 1) == SQLITE_FLOAT, sqlite3_column_type(sqlite, 2) == SQLITE_INTEGER,
                sqlite3_column_type(sqlite, 3) == SQLITE_INTEGER, sqlite3_column_type(sqlite, 4) == SQLITE_INTEGER,
                sqlite3_column_type(sqlite, 5) == SQLITE_INTEGER, sqlite3_column_type(sqlite, 6) == SQLITE_INTEGER
            else { return nil }
            let time = sqlite3_column_double(sqlite, 1)
            let result = sqlite3_column_int64(sqlite, 2)
            let before = sqlite3_column_int64(sqlite, 3)
            let after = sqlite3_column_int64(sqlite, 4)
            let code = sqlite3_column_int64(sqlite, 5)
            let isRepeat = sqlite3_column_int64(sqlite, 6)
            let boxes = Int64(StoredValues.logBoxes.lowerBound)...Int64(StoredValues.logBoxes.upperBound)
            guard time.isFinite, Bounded.instantRange.contains(time), result == 0 || result == 1,
                boxes.contains(before), boxes.contains(after), code >= 1, code <= Int64(modes.count),
                isRepeat == 0 || isRepeat == 1
            else { return nil }
            let seconds: Double?
            switch sqlite3_column_type(sqlite, 7) {
            case SQLITE_NULL: seconds = nil
            case SQLITE_FLOAT:
                let value = sqlite3_column_double(sqlite, 7)
                seconds = value.isFinite ? value : nil
            default: return nil
            }
            return JournalReplay.Row(
                time: time, device: 0, seq: 0, answer: result == 1 ? .gotIt : .missed, mode: modes[Int(code) - 1],
                isRepeat: isRepeat == 1, boxBefore: Int(before), boxAfter: Int(after), line: -1,
                rowID: sqlite3_column_int64(sqlite, 0), seconds: seconds)
        }

        /// The modes by code, 1 first (`ProgressStore.modeCode`).
        private static let modes = (1...Int64(StudyMode.allCases.count)).map { code in
            StudyMode.allCases.first { ProgressStore.modeCode($0) == code } ?? .study
        }

        /// The result as the view's `CASE` gives it (1 "got", 0 "missed", else the value itself), read
        /// as `ReviewRecord.decode` reads it: a non-empty text, "missed" unless it is "got".
        private static func answer(_ value: StoredValues.Value) -> Answer? {
            switch value {
            case .integer(1): .gotIt
            case .integer(0): .missed
            case .real(let number) where number == 1: .gotIt
            case .real(let number) where number == 0: .missed
            case .text(let text) where !text.isEmpty: Answer(rawValue: text) ?? .missed
            default: nil
            }
        }

        /// The mode as the view's `CASE` gives it (its codes from 1 to 6, else the value itself), read as
        /// `ReviewRecord.decode` reads it: a non-empty text, study unless it names another mode.
        private static func mode(_ value: StoredValues.Value) -> StudyMode? {
            let code: Int64
            switch value {
            case .integer(let number): code = number
            case .real(let number) where number.rounded() == number && abs(number) < 100: code = Int64(number)
            case .text(let text) where !text.isEmpty: return StudyMode(rawValue: text) ?? .study
            default: return nil
            }
            guard let mode = StudyMode.allCases.first(where: { ProgressStore.modeCode($0) == code }) else {
                return nil
            }
            return mode
        }
    }
}
