import CardboxEngine

/// The statistics screen: one row per topic (indented), with new cards, cards per box, due, missed,
/// total and mastery.
public enum StatsPane {
    /// A numeric column: header and the value it shows for a topic.
    struct Column {
        var title: String
        var width: Int
        var role: Theme.Role
        var value: (TopicCounts) -> Int
    }

    /// All topic node ids in tree order (every node, expanded or not).
    static func rows(_ collection: CardCollection) -> [Int] {
        TreeState(expanded: Set(collection.nodes.map(\.id))).visibleRows(in: collection)
    }

    /// Draws this pane for `state` into `rect` of `surface`.
    public static func render<S: Surface>(_ state: AppState, into surface: inout S, rect: Rect, theme: Theme) {
        surface.drawBox(rect, title: "Statistics", focused: true, theme: theme)
        let inner = Rect(x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, height: rect.height - 2)
        guard inner.width > 4, inner.height > 0 else { return }
        let root = state.counts.first ?? TopicCounts(boxCount: state.scheduler.config.boxCount)
        let digits = max(String(root.total).count, 2)
        var columns = [Column(title: "New", width: max(3, digits), role: .new, value: \.new)]
        for box in root.boxes.indices {
            columns.append(Column(title: "B\(box + 1)", width: max(2, digits), role: .text, value: { $0.boxes[box] }))
        }
        columns += [
            Column(title: "Due", width: max(3, digits), role: .due, value: \.due),
            Column(title: "Missed", width: max(6, digits), role: .missed, value: \.missed),
            Column(title: "Total", width: max(5, digits), role: .strong, value: \.total),
        ]
        let barCells = 5
        var columnsWidth = columns.reduce(0) { $0 + $1.width + 1 }
        let showMastery = inner.width - columnsWidth - (barCells + 6) >= 16
        if showMastery { columnsWidth += barCells + 6 }
        let ids = rows(state.collection)
        let widest =
            ids.map { id in
                let node = state.collection.nodes[id]
                return node.depth * 2 + DisplayWidth.width(of: node.title)
            }.max() ?? 5
        let topicWidth = max(4, min(inner.width - columnsWidth - 2, max(widest, 5) + 2))

        // Header.
        var x = surface.put(
            " " + DisplayWidth.padRight("Topic", to: topicWidth), x: inner.x, y: inner.y,
            style: theme.style(.header), clip: inner)
        for column in columns {
            x = surface.put(
                " " + DisplayWidth.padLeft(column.title, to: column.width), x: x, y: inner.y,
                style: theme.style(.header), clip: inner)
        }
        if showMastery {
            surface.put(
                " " + DisplayWidth.padRight("Known", to: barCells + 5), x: x, y: inner.y, style: theme.style(.header),
                clip: inner)
        }

        let visible = max(0, inner.height - 1)
        let scroll: Int
        if case .stats(let offset) = state.mode {
            scroll = min(offset, max(0, ids.count - visible))
        } else {
            scroll = 0
        }
        for line in 0..<visible where scroll + line < ids.count {
            let node = state.collection.nodes[ids[scroll + line]]
            let counts = state.counts[node.id]
            let y = inner.y + 1 + line
            let indent = String(repeating: " ", count: min(node.depth * 2, topicWidth / 2))
            let name = DisplayWidth.padRight(indent + node.title, to: topicWidth, ellipsis: theme.glyphs.ellipsis)
            x = surface.put(
                " " + name, x: inner.x, y: y, style: theme.style(node.kind == .heading ? .text : .strong),
                clip: inner)
            for column in columns {
                let value = column.value(counts)
                x = surface.put(
                    " " + DisplayWidth.padLeft(PaneText.number(value, theme: theme), to: column.width), x: x, y: y,
                    style: theme.style(value == 0 ? .muted : column.role), clip: inner)
            }
            if showMastery {
                x = surface.put(" ", x: x, y: y, clip: inner)
                x = surface.put(
                    runs: PaneText.bar(counts.mastery, cells: barCells, theme: theme).map { ($0.text, $0.style) },
                    x: x, y: y, clip: inner)
                surface.put(
                    " " + DisplayWidth.padLeft(PaneText.percent(counts.mastery), to: 4), x: x, y: y,
                    style: theme.style(.muted), clip: inner)
            }
        }
        if ids.count > visible {
            let last = min(ids.count, scroll + visible)
            surface.putBottomLabel("topics \(scroll + 1)–\(last) of \(ids.count)", in: rect, style: theme.style(.muted))
        }
    }
}
