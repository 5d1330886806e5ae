/// Study days as calendar dates: a study day is numbered like `LeitnerScheduler.studyDay(of:)`
/// (days since 1970-01-01 on the local calendar, shifted by the roll-over hour), so its date is the
/// local date on which it starts.
public enum StudyDate {
    /// Year, month (1–12) and day (1–31) of study day `day` (proleptic Gregorian calendar).
    public static func civil(_ day: Int) -> (year: Int, month: Int, day: Int) {
        // Howard Hinnant's days-to-civil algorithm.
        let z = day + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, dayOfMonth)
    }

    /// `YYYY-MM-DD` of study day `day`.
    public static func iso(_ day: Int) -> String {
        let (year, month, dayOfMonth) = civil(day)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let yearText = String(year)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + "-" + two(month) + "-"
            + two(dayOfMonth)
    }

    /// Day of the week of study day `day`: 0 Monday … 6 Sunday.
    public static func weekday(_ day: Int) -> Int {
        // 1970-01-01 was a Thursday (3).
        ((day + 3) % 7 + 7) % 7
    }

    /// Study day `day` for people, e.g. "7 Mar 2026".
    public static func display(_ day: Int) -> String {
        let (year, _, dayOfMonth) = civil(day)
        return "\(dayOfMonth) \(monthName(day)) \(year)"
    }

    /// Short English month name of study day `day`, e.g. "Mar".
    public static func monthName(_ day: Int) -> String {
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][civil(day).month - 1]
    }
}
