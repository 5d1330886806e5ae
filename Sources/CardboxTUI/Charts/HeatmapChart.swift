import CardboxEngine

/// The activity heatmap: answers per study day over the last 52 weeks as a calendar, weeks as
/// columns and weekdays as rows (Monday on top), in five shades chosen by quantile, with the streaks,
/// today's answers and the busiest day beneath.
public enum HeatmapChart {
    /// Weeks shown at most: a year and the current week.
    public static let weeks = 53
    /// Columns of the weekday labels.
    static let labelWidth = 4

    /// The shade of each level (0: no answers), in the theme's glyphs.
    static func shade(_ level: Int, theme: Theme) -> String {
        let shades = theme.glyphs == .ascii ? [".", "-", "+", "*", "#"] : ["·", "░", "▒", "▓", "█"]
        return shades[min(max(level, 0), 4)]
    }

    /// The style of each level: shades of green in colour, the glyphs alone in monochrome.
    static func style(_ level: Int, theme: Theme) -> CellStyle {
        guard theme.usesColor else { return level == 0 ? theme.style(.muted) : .plain }
        switch level {
        case 0: return theme.style(.muted)
        case 1: return CellStyle(foreground: .green, dim: true)
        case 2: return CellStyle(foreground: .green)
        default: return CellStyle(foreground: .green, bold: true)
        }
    }

    /// Levels 1–4 by quantile among the days with answers: a day's level is its rank's quarter, so a
    /// light and a heavy learner both see every shade, the busiest days are always the darkest, and a
    /// day with more answers never gets a lighter shade.
    static func levels(_ counts: [Int]) -> (Int) -> Int {
        let sorted = counts.filter { $0 > 0 }.sorted()
        guard !sorted.isEmpty else { return { _ in 0 } }
        return { count in
            guard count > 0 else { return 0 }
            // Days with at most `count` answers.
            var low = 0
            var high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                if sorted[middle] <= count { low = middle + 1 } else { high = middle }
            }
            return min(4, max(1, (4 * low + sorted.count - 1) / sorted.count))
        }
    }

    /// Cells per week: two (shade and a space) when a year fits so, else one.
    static func cellWidth(for width: Int) -> Int { width >= labelWidth + weeks * 2 ? 2 : 1 }

    /// The calendar: a month row and seven weekday rows, as wide as `width` allows (up to 53 weeks).
    public static func calendar(_ history: ActivityHistory, today: Int, width: Int, theme: Theme) -> [[TextRun]] {
        let cell = cellWidth(for: width)
        let shown = min(weeks, (width - labelWidth) / cell)
        guard shown > 0 else { return [] }
        let firstDay = today - StudyDate.weekday(today) - 7 * (shown - 1)
        let level = levels((firstDay...today).map { history.reviews(on: $0) })
        var months = String(repeating: " ", count: labelWidth)
        for week in 0..<shown {
            // The week holding a month's first day carries the month's name, where it fits whole.
            let last = firstDay + 7 * week + 6
            let column = labelWidth + week * cell
            let name = StudyDate.monthName(last)
            if StudyDate.civil(last).day <= 7, months.count <= column, column + name.count <= width {
                months += String(repeating: " ", count: column - months.count) + name
            }
        }
        var lines: [[TextRun]] = [[TextRun(months, theme.style(.muted))]]
        let names = ["Mon", "", "Wed", "", "Fri", "", "Sun"]
        for weekday in 0..<7 {
            var line = [TextRun(DisplayWidth.padRight(names[weekday], to: labelWidth), theme.style(.muted))]
            for week in 0..<shown {
                let day = firstDay + 7 * week + weekday
                let gap = cell == 2 ? " " : ""
                if day > today {
                    line.append(TextRun(" " + gap))
                } else {
                    let shade = level(history.reviews(on: day))
                    line.append(TextRun(Self.shade(shade, theme: theme) + gap, style(shade, theme: theme)))
                }
            }
            lines.append(line)
        }
        return lines
    }

    /// "less · ░ ▒ ▓ █ more": what the shades mean.
    public static func legend(theme: Theme) -> [TextRun] {
        [TextRun("less ", theme.style(.muted))]
            + (0...4).flatMap { [TextRun(shade($0, theme: theme), style($0, theme: theme)), TextRun(" ")] }
            + [TextRun("more", theme.style(.muted))]
    }

    /// Today's answers, the current and longest streak and the busiest day, as items to pack on lines.
    public static func summary(_ history: ActivityHistory, today: Int, theme: Theme) -> [[TextRun]] {
        let streak = history.streak(today: today)
        func days(_ n: Int) -> String { n == 1 ? "1 day" : "\(n) days" }
        var items: [[TextRun]] = [
            [TextRun("Today ", theme.style(.muted)), TextRun("\(history.reviews(on: today))", theme.style(.strong))],
            [
                TextRun("Streak ", theme.style(.muted)), TextRun(days(streak.current), theme.style(.good)),
                TextRun(" (longest \(days(streak.longest)))", theme.style(.muted)),
            ],
        ]
        if let busiest = history.busiestDay {
            items.append([
                TextRun("Busiest ", theme.style(.muted)), TextRun(StudyDate.display(busiest.day), theme.style(.text)),
                TextRun(" (\(busiest.totals.reviews))", theme.style(.muted)),
            ])
        }
        return items
    }
}
