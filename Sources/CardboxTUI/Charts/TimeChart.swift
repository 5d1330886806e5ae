import CardboxEngine

/// Time spent answering: today, the last 7 days and all time, each with its answers, and the
/// average seconds per card.
public enum TimeChart {
    /// "1h 05m", "12m 30s", "45s".
    public static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total >= 3_600 { return "\(total / 3_600)h \(pad(total % 3_600 / 60))m" }
        if total >= 60 { return "\(total / 60)m \(pad(total % 60))s" }
        return "\(total)s"
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// Items to pack on lines: "Today 12m 30s (40 cards)", "7 days …", "All …", "18.7 s per card".
    public static func items(_ time: ActivityHistory.TimeSpent, theme: Theme) -> [[TextRun]] {
        func item(_ label: String, _ total: ActivityTotal) -> [TextRun] {
            [
                TextRun(label + " ", theme.style(.muted)), TextRun(duration(total.seconds), theme.style(.strong)),
                TextRun(" (\(total.reviews) card\(total.reviews == 1 ? "" : "s"))", theme.style(.muted)),
            ]
        }
        var perCard = [TextRun(theme.glyphs.dash, theme.style(.muted)), TextRun(" s per card", theme.style(.muted))]
        if let average = time.allTime.secondsPerAnswer {
            let rounded = (average * 10).rounded() / 10
            perCard = [TextRun(String(rounded), theme.style(.strong)), TextRun(" s per card", theme.style(.muted))]
        }
        return [item("Today", time.today), item("7 days", time.lastSevenDays), item("All", time.allTime), perCard]
    }
}
