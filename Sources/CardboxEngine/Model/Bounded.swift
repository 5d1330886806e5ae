import Foundation

/// The one way a number from outside (a command-line flag, a progress file) becomes a value the
/// code relies on: checked against the range the code supports, or refused with what was wrong.
public enum Bounded {
    /// A number outside the range cardbox supports, or text that is not a number at all.
    public struct Refusal: Error, Equatable, CustomStringConvertible {
        public var name: String
        public var value: String
        public var expected: String

        public var description: String { "\(name) \(value) is not \(expected)" }
    }

    /// The whole number written in `text` when it lies in `range` (surrounding blanks allowed).
    public static func integer(
        _ text: some StringProtocol, named name: String, in range: ClosedRange<Int>, unit: String = ""
    ) throws(Refusal) -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = Int(trimmed) else {
            throw Refusal(name: name, value: "'\(trimmed)'", expected: "a whole number" + describe(range, unit))
        }
        return try integer(value, named: name, in: range, unit: unit)
    }

    /// `value` when it lies in `range`.
    public static func integer(
        _ value: Int, named name: String, in range: ClosedRange<Int>, unit: String = ""
    ) throws(Refusal) -> Int {
        guard range.contains(value) else {
            throw Refusal(name: name, value: "\(value)", expected: describe(range, unit).trimmingPrefix(" "))
        }
        return value
    }

    /// The whole number `value` (e.g. a REAL read from SQLite) when it is one and lies in `range`;
    /// never traps on infinities, NaN or huge values, unlike `Int(value)`.
    public static func integer(
        _ value: Double, named name: String, in range: ClosedRange<Int>, unit: String = ""
    ) throws(Refusal) -> Int {
        guard value.isFinite, value.rounded(.towardZero) == value, Double(range.lowerBound) <= value,
            value <= Double(range.upperBound), let exact = Int(exactly: value)
        else {
            throw Refusal(name: name, value: "\(value)", expected: describe(range, unit).trimmingPrefix(" "))
        }
        return try integer(exact, named: name, in: range, unit: unit)
    }

    /// Seconds since 1970 that name an instant between the years 1 and 9999: the times cardbox can
    /// compute calendar days for without overflow.
    public static let instantRange: ClosedRange<Double> = -62_135_596_800...253_402_300_799

    /// The instant `seconds` after 1970 when it is finite and within `instantRange`.
    public static func instant(_ seconds: Double, named name: String) throws(Refusal) -> Date {
        guard seconds.isFinite, instantRange.contains(seconds) else {
            throw Refusal(name: name, value: "\(seconds)", expected: "a time between the years 1 and 9999")
        }
        return Date(timeIntervalSince1970: seconds)
    }

    private static func describe(_ range: ClosedRange<Int>, _ unit: String) -> String {
        " from \(range.lowerBound) to \(range.upperBound)\(unit.isEmpty ? "" : " " + unit)"
    }
}

extension String {
    fileprivate func trimmingPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }
}
