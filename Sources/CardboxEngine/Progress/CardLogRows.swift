import Foundation
import GRDB
import GRDBSQLite

/// The rows a card already has in the log, read for an import through one prepared statement over
/// `review_log` and SQLite's column functions: the journal ids of all of them (undone ones included),
/// and the standing ones as the replay's rows.
///
/// Reading a card's rows through the `review` view and `ReviewRecord` compiled and ran a query of the
/// view's joins per card and made a `Row` and its texts per answer; 1,000 new lines over 1,000 cards of
/// a hundred answers each spent about two billion instructions there. The values are checked as
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
            do {
                let time = try StoredValues.instant(value(sqlite, 1), "time").timeIntervalSince1970
                guard let answer = answer(value(sqlite, 2)), let mode = mode(value(sqlite, 5)) else { return nil }
                let before = try StoredValues.integer(value(sqlite, 3), "box_before", in: StoredValues.logBoxes)
                let after = try StoredValues.integer(value(sqlite, 4), "box_after", in: StoredValues.logBoxes)
                let isRepeat = try StoredValues.integer(value(sqlite, 6), "is_repeat", in: 0...1) == 1
                return JournalReplay.Row(
                    time: time, device: 0, seq: 0, answer: answer, mode: mode, isRepeat: isRepeat, boxBefore: before,
                    boxAfter: after, line: -1, rowID: sqlite3_column_int64(sqlite, 0),
                    seconds: StoredValues.seconds(value(sqlite, 7)))
            } catch {
                return nil
            }
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

        private static func value(_ sqlite: SQLiteStatement, _ column: Int32) -> StoredValues.Value {
            switch sqlite3_column_type(sqlite, column) {
            case SQLITE_INTEGER: .integer(sqlite3_column_int64(sqlite, column))
            case SQLITE_FLOAT: .real(sqlite3_column_double(sqlite, column))
            case SQLITE_NULL: .null
            case SQLITE_TEXT: .text(sqlite3_column_text(sqlite, column).map { String(cString: $0) } ?? "")
            default: .blob
            }
        }
    }
}
