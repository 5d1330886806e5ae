import CardboxEngine

/// The statistics screen's content as lines: activity heatmap, due forecast, recall per box, time,
/// box distribution and the per-topic table. One column when narrow; from 150 columns the charts
/// stand in two columns above a full-width table.
public enum StatsContent {
    /// What the screen shows, gathered by the caller.
    public struct Input {
        public var activity: ActivityHistory
        public var forecast: DueForecast
        /// The study day holding `now`.
        public var today: Int
        public var boxCount: Int
        public var collection: CardCollection
        public var counts: [TopicCounts]
        /// The topic node the forecast, boxes and table are about (0: the whole collection).
        public var scope: Int

        public init(
            activity: ActivityHistory, forecast: DueForecast, today: Int, boxCount: Int, collection: CardCollection,
            counts: [TopicCounts], scope: Int
        ) {
            self.activity = activity
            self.forecast = forecast
            self.today = today
            self.boxCount = boxCount
            self.collection = collection
            self.counts = counts
            self.scope = scope
        }
    }

    /// Width from which the charts stand in two columns.
    public static let twoColumnWidth = 150

    /// The chart lines of the screen for `width` columns, ending with the topic table's heading; the
    /// table's rows follow them (`TopicTable.layout`).
    public static func charts(_ input: Input, width: Int, theme: Theme) -> [[TextRun]] {
        guard width > 0 else { return [] }
        let scopeName =
            input.scope == 0
            ? input.collection.nodes[0].title
            : input.collection.path(of: input.scope).joined(separator: " \(theme.glyphs.pathSeparator) ")
        let allName = input.collection.nodes[0].title
        let separator = TextRun(theme.glyphs.listSeparator, theme.style(.muted))
        func heading(_ title: String, _ about: String) -> [TextRun] {
            [TextRun(title, theme.style(.heading)), TextRun(theme.glyphs.listSeparator + about, theme.style(.muted))]
        }
        let twoColumns = width >= twoColumnWidth
        let leftWidth = twoColumns ? min(HeatmapChart.labelWidth + HeatmapChart.weeks * 2, width * 3 / 5) : width
        let rightWidth = twoColumns ? width - leftWidth - 3 : width

        var activity = [heading("Activity", allName)]
        activity += HeatmapChart.calendar(input.activity, today: input.today, width: leftWidth, theme: theme)
        activity.append(
            [TextRun(String(repeating: " ", count: HeatmapChart.labelWidth))] + HeatmapChart.legend(theme: theme))
        activity += PaneText.pack(
            HeatmapChart.summary(input.activity, today: input.today, theme: theme), separator: separator,
            width: leftWidth)

        var due = [heading("Due", scopeName)]
        due += PaneText.pack(
            ForecastChart.summary(input.forecast, theme: theme), separator: separator, width: leftWidth)
        due += ForecastChart.bars(input.forecast, width: leftWidth, height: twoColumns ? 8 : 5, theme: theme)

        var recall = [heading("Recall, last \(ActivityHistory.retentionDays) days", allName)]
        recall += RetentionChart.lines(
            input.activity.retention(today: input.today, boxCount: input.boxCount), width: rightWidth, theme: theme)

        var time = [heading("Time answering", allName)]
        time += PaneText.pack(
            TimeChart.items(input.activity.timeSpent(today: input.today), theme: theme), separator: separator,
            width: rightWidth)

        let scopeCounts =
            input.counts.indices.contains(input.scope)
            ? input.counts[input.scope] : TopicCounts(boxCount: input.boxCount)
        var boxes = [heading("Boxes", scopeName)]
        boxes += BoxesChart.lines(scopeCounts, width: rightWidth, theme: theme)

        let topics = [heading("Topics", scopeName)]

        guard twoColumns else {
            return [activity, due, recall, time, boxes, topics].joined(separator: [[]]).map { $0 }
        }
        let left = [activity, due].joined(separator: [[]]).map { $0 }
        let right = [recall, time, boxes].joined(separator: [[]]).map { $0 }
        var lines: [[TextRun]] = []
        for row in 0..<max(left.count, right.count) {
            var line = row < left.count ? left[row] : []
            let used = line.reduce(0) { $0 + DisplayWidth.width(of: $1.text) }
            if row < right.count {
                line.append(TextRun(String(repeating: " ", count: max(0, leftWidth - used) + 3)))
                line += right[row]
            }
            lines.append(line)
        }
        return lines + [[]] + topics
    }
}
