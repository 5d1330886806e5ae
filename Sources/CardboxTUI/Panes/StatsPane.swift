import CardboxEngine

/// The statistics screen: the activity heatmap, the due forecast, recall per box, time answering and
/// the box distribution (`StatsContent`), then one row per topic (`TopicTable`), scrolled as one page.
public enum StatsPane {
    /// Draws the screen for `state` into `rect`; returns the lines of content and the rows that
    /// showed them, for the scroll limits.
    @discardableResult
    public static func render<S: Surface>(
        _ state: AppState, stats: StatsState, into surface: inout S, rect: Rect, theme: Theme
    ) -> (lines: Int, rows: Int) {
        surface.drawBox(rect, title: "Statistics", focused: true, theme: theme)
        let inner = Layout.content(of: rect)
        guard inner.width > 4, inner.height > 0 else { return (0, 0) }
        let input = StatsContent.Input(
            activity: state.activity, forecast: stats.forecast, today: state.scheduler.studyDay(of: state.now),
            boxCount: state.scheduler.config.boxCount, collection: state.collection, counts: state.counts,
            scope: stats.scope)
        let charts = StatsContent.charts(input, width: inner.width, theme: theme)
        let table = TopicTable.layout(
            collection: state.collection, counts: state.counts, scope: stats.scope,
            boxCount: state.scheduler.config.boxCount, width: inner.width, theme: theme)
        let total = charts.count + 1 + table.ids.count
        let scroll = min(max(0, stats.scroll), max(0, total - inner.height))
        // Only the rows in view are made: a large collection has thousands of topics.
        var shown: [[TextRun]] = []
        for index in scroll..<min(total, scroll + inner.height) {
            if index < charts.count {
                shown.append(charts[index])
            } else if index == charts.count {
                shown.append(table.header)
            } else {
                shown.append(table.line(table.ids[index - charts.count - 1]))
            }
        }
        PaneText.draw(shown, in: inner, scroll: 0, box: nil, theme: theme, into: &surface)
        var label = ""
        if scroll > 0 { label += "\(theme.glyphs.moreAbove) \(scroll)" }
        let below = total - scroll - inner.height
        if below > 0 { label += (label.isEmpty ? "" : "  ") + "\(theme.glyphs.moreBelow) \(below) more" }
        if !label.isEmpty { surface.putBottomLabel(label, in: rect, style: theme.style(.muted)) }
        return (total, inner.height)
    }
}
