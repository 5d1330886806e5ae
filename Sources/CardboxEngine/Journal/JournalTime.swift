import Foundation

/// The journal's UTC times, `yyyy-MM-ddTHH:mm:ss.SSSZ`, written and read by hand: a formatter per line
/// would make a million-line import slow.
public enum JournalTime {
    /// `date` rounded to the millisecond, in UTC.
    public static func format(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var days = millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000
        let inDay = millis - days * 86_400_000
        // Civil date from days since 1970 (Howard Hinnant's algorithm).
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(inDay / 3_600_000, 2)):"
            + "\(pad(inDay / 60_000 % 60, 2)):\(pad(inDay / 1000 % 60, 2)).\(pad(inDay % 1000, 3))Z"
    }

    /// Reads a time written by `format`; nil for anything else.
    public static func parse(_ text: Substring) -> Date? {
        let bytes = text.utf8
        guard bytes.count == 24 else { return nil }
        var values: [Int64] = []
        values.reserveCapacity(7)
        var current: Int64 = 0
        var digits = 0
        let expected: [(Int, UInt8)] = [(4, 0x2D), (2, 0x2D), (2, 0x54), (2, 0x3A), (2, 0x3A), (2, 0x2E), (3, 0x5A)]
        var part = 0
        for byte in bytes {
            if (0x30...0x39).contains(byte) {
                current = current * 10 + Int64(byte - 0x30)
                digits += 1
                guard digits <= expected[part].0 else { return nil }
            } else {
                guard digits == expected[part].0, byte == expected[part].1 else { return nil }
                values.append(current)
                current = 0
                digits = 0
                part += 1
                if part == expected.count { break }
            }
        }
        guard values.count == 7 else { return nil }
        let (year, month, day) = (values[0], values[1], values[2])
        guard (1...12).contains(month), (1...31).contains(day), values[3] < 24, values[4] < 60, values[5] < 60 else {
            return nil
        }
        // Days since 1970 from the civil date.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let millis = ((days * 24 + values[3]) * 60 + values[4]) * 60_000 + values[5] * 1000 + values[6]
        return Date(timeIntervalSince1970: Double(millis) / 1000)
    }
}
