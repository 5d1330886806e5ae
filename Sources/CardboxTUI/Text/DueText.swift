import Foundation

/// Says when something is due, relative to now and as a date: "in 3 h (Wed 15 Jan 04:00)".
public enum DueText {
    /// "in 5 min", "in 3 h", "in 4 days", or "now" for a date not in the future.
    public static func relative(_ date: Date, now: Date) -> String {
        let seconds = date.timeIntervalSince(now)
        if seconds <= 0 { return "now" }
        let minutes = Int((seconds / 60).rounded(.up))
        if minutes < 60 { return "in \(minutes) min" }
        let hours = Int((seconds / 3600).rounded())
        if hours < 48 { return "in \(hours) h" }
        let days = Int((seconds / 86400).rounded())
        return "in \(days) days"
    }

    /// "Wed 15 Jan 04:00" in `timeZone` (with the year when it is not the year of `now`).
    public static func absolute(_ date: Date, now: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        let sameYear = calendar.component(.year, from: date) == calendar.component(.year, from: now)
        formatter.dateFormat = sameYear ? "EEE d MMM HH:mm" : "EEE d MMM yyyy HH:mm"
        return formatter.string(from: date)
    }

    /// Both: "in 3 h (Wed 15 Jan 04:00)".
    public static func describe(_ date: Date, now: Date, timeZone: TimeZone) -> String {
        "\(relative(date, now: now)) (\(absolute(date, now: now, timeZone: timeZone)))"
    }
}
