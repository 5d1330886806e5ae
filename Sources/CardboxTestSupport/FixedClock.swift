import Foundation

/// Fixed times for tests, written as text in a named time zone.
public enum FixedClock {
    /// Coordinated Universal Time.
    public static let utc = TimeZone(identifier: "UTC")!

    /// The time `yyyy-MM-dd HH:mm` in `zone`.
    public static func date(_ text: String, _ zone: TimeZone = utc) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        guard let date = formatter.date(from: text) else { preconditionFailure("not yyyy-MM-dd HH:mm: \(text)") }
        return date
    }
}
