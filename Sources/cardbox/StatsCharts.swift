import CardboxEngine
import CardboxTUI
import Foundation

/// The heatmap and forecast of `cardbox stats` as plain text, drawn by the same charts as the
/// statistics screen.
enum StatsCharts {
    /// Columns the text is laid out for.
    static let width = 80
    /// Rows of forecast bars.
    static let barRows = 6

    /// Box-drawing shades in a UTF-8 locale, ASCII otherwise; never colour (the output is often a pipe).
    static func theme(environment: [String: String] = ProcessEnvironment.current) -> Theme {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        let utf8 = locale.lowercased().replacingOccurrences(of: "-", with: "").contains("utf8")
        return utf8 ? .unicode(color: false) : .ascii(color: false)
    }

    static func text(activity: ActivityHistory, forecast: DueForecast, today: Int, theme: Theme) -> String {
        var lines: [[TextRun]] = [[TextRun("Activity, last 52 weeks")]]
        lines += HeatmapChart.calendar(activity, today: today, width: width, theme: theme)
        lines.append([TextRun("    ")] + HeatmapChart.legend(theme: theme))
        lines.append(joined(HeatmapChart.summary(activity, today: today, theme: theme), theme: theme))
        lines.append([])
        lines.append([TextRun("Due, next \(forecast.due.count) days")])
        lines.append(joined(ForecastChart.summary(forecast, theme: theme), theme: theme))
        lines += ForecastChart.bars(forecast, width: width, height: barRows, theme: theme)
        return lines.map { line in
            let text = line.map(\.text).joined()
            return String(text.reversed().drop { $0 == " " }.reversed())
        }.joined(separator: "\n")
    }

    private static func joined(_ items: [[TextRun]], theme: Theme) -> [TextRun] {
        items.enumerated().flatMap { index, item in (index == 0 ? [] : [TextRun(theme.glyphs.listSeparator)]) + item }
    }
}
