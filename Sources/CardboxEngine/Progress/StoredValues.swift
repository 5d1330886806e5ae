import Foundation

/// The one validated reader of values from a progress file: every number and time a row holds is
/// checked (through `Bounded`) before the scheduler's arithmetic sees it. A file may have been
/// written by hand, by another program or by a bug: a NULL, `Inf`, `1e300` or a box of
/// 9223372036854775807 is a bad row, reported and skipped, never a trap.
public enum StoredValues {
    /// Boxes a stored state may be in: any box of the largest scheduler (fewer boxes clamp it).
    public static let boxes = 1...LeitnerConfig.boxCounts.upperBound
    /// Boxes a log row may name before and after an answer (0: the card was still new).
    public static let logBoxes = 0...LeitnerConfig.boxCounts.upperBound

    /// A raw column value, as SQLite holds it.
    public enum Value: Sendable, Equatable {
        case null
        case integer(Int64)
        case real(Double)
        case text(String)
        case blob
    }

    /// A value that is not what its column must hold.
    public struct BadValue: Error, Equatable, CustomStringConvertible {
        public var column: String
        public var value: String

        public var description: String { "bad value in \(column): \(value)" }
    }

    /// A card state from its four columns.
    public static func cardState(
        box: Value, lastReview: Value, missed: Value, firstReview: Value, lapses: Value
    ) throws(BadValue)
        -> CardState
    {
        CardState(
            box: try integer(box, "box", in: boxes),
            lastReview: try instant(lastReview, "last_review"),
            missed: try integer(missed, "missed", in: 0...1) == 1,
            firstReview: try instant(firstReview, "first_review"),
            lapses: try integer(lapses, "lapses", in: lapseCounts))
    }

    /// Lapses a card may have: a miss a day for far longer than anyone studies.
    public static let lapseCounts = 0...10_000_000

    /// A whole number in `range`: an INTEGER, or a REAL with no fraction.
    public static func integer(_ value: Value, _ column: String, in range: ClosedRange<Int>) throws(BadValue) -> Int {
        do {
            switch value {
            case .integer(let number):
                guard let exact = Int(exactly: number) else { break }
                return try Bounded.integer(exact, named: column, in: range)
            case .real(let number):
                return try Bounded.integer(number, named: column, in: range)
            default:
                break
            }
        } catch {}
        throw BadValue(column: column, value: describe(value))
    }

    /// An answer's duration in seconds, or nil when none was stored or the value is not a number.
    public static func seconds(_ value: Value) -> Double? {
        switch value {
        case .integer(let number): Double(number)
        case .real(let number) where number.isFinite: number
        default: nil
        }
    }

    /// An instant between the years 1 and 9999, stored as seconds since 1970.
    public static func instant(_ value: Value, _ column: String) throws(BadValue) -> Date {
        let seconds: Double
        switch value {
        case .integer(let number): seconds = Double(number)
        case .real(let number): seconds = number
        default: throw BadValue(column: column, value: describe(value))
        }
        do {
            return try Bounded.instant(seconds, named: column)
        } catch {
            throw BadValue(column: column, value: describe(value))
        }
    }

    /// Non-empty text.
    public static func text(_ value: Value, _ column: String) throws(BadValue) -> String {
        guard case .text(let text) = value, !text.isEmpty else {
            throw BadValue(column: column, value: describe(value))
        }
        return text
    }

    static func describe(_ value: Value) -> String {
        switch value {
        case .null: "NULL"
        case .integer(let number): "\(number)"
        case .real(let number): "\(number)"
        case .text(let text): "'\(text.prefix(40))'"
        case .blob: "a blob"
        }
    }
}
