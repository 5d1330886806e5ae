import CardboxEngine

/// The due forecast as a bar chart: cards falling due on each of the next 30 study days (overdue
/// cards on today), headed by "today N · tomorrow N · next 7 days M".
public enum ForecastChart {
    /// "Due today 12 · tomorrow 5 · next 7 days 40", as items to pack on lines.
    public static func summary(_ forecast: DueForecast, theme: Theme) -> [[TextRun]] {
        [
            [TextRun("Today ", theme.style(.muted)), TextRun("\(forecast.due.first ?? 0)", theme.style(.due))],
            [TextRun("tomorrow ", theme.style(.muted)), TextRun("\(forecast.tomorrow)", theme.style(.strong))],
            [TextRun("next 7 days ", theme.style(.muted)), TextRun("\(forecast.nextSevenDays)", theme.style(.strong))],
        ]
    }

    /// Bars `height` rows high, one or two columns a day as `width` allows, the largest count on the
    /// axis, and a row of dates under every seventh day.
    public static func bars(_ forecast: DueForecast, width: Int, height: Int, theme: Theme) -> [[TextRun]] {
        let peak = forecast.due.max() ?? 0
        let axis = String(peak).count + 1
        let days = forecast.due.count
        guard height > 0, width > axis, days > 0 else { return [] }
        let cell = width >= axis + days * 2 ? 2 : 1
        let shown = min(days, (width - axis) / cell)
        // Each bar's height in eighths of a row; any non-zero count shows at least one eighth.
        let eighths = forecast.due.prefix(shown).map { count -> Int in
            guard count > 0, peak > 0 else { return 0 }
            return max(1, Int((Double(count) / Double(peak) * Double(height * 8)).rounded()))
        }
        let blocks = theme.glyphs == .ascii ? [] : [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        var lines: [[TextRun]] = []
        for row in 0..<height {
            let level = height - 1 - row
            let label = row == 0 ? String(peak) : (row == height - 1 ? "0" : "")
            var line = [TextRun(DisplayWidth.padLeft(label, to: axis - 1) + " ", theme.style(.muted))]
            for (day, units) in eighths.enumerated() {
                let fill = min(8, max(0, units - level * 8))
                let glyph: String
                if blocks.isEmpty {
                    glyph = fill >= 4 || (level == 0 && fill > 0) ? "#" : " "
                } else {
                    glyph = blocks[fill]
                }
                let role: Theme.Role = day == 0 ? .due : .good
                line.append(TextRun(glyph + (cell == 2 ? " " : ""), fill > 0 ? theme.style(role) : .plain))
            }
            lines.append(line)
        }
        var dates = String(repeating: " ", count: axis)
        for day in stride(from: 0, to: shown, by: 7) {
            let date = forecast.firstDay + day
            let label = day == 0 ? "today" : "\(StudyDate.monthName(date)) \(StudyDate.civil(date).day)"
            let column = axis + day * cell
            if dates.count <= column {
                dates += String(repeating: " ", count: column - dates.count) + label
            }
        }
        lines.append([TextRun(String(dates.prefix(width)), theme.style(.muted))])
        return lines
    }
}
