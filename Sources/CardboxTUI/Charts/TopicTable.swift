import CardboxEngine

/// The per-topic table of the statistics screen: one row per topic under a node (indented by depth),
/// with new cards, cards per box, due, missed, total and, where there is room, a mastery bar.
public enum TopicTable {
    /// A numeric column: header and the value it shows for a topic.
    struct Column {
        var title: String
        var width: Int
        var role: Theme.Role
        var value: (TopicCounts) -> Int
    }

    /// Node ids of `scope` and every topic under it, in tree order.
    static func rows(_ collection: CardCollection, scope: Int) -> [Int] {
        var ids: [Int] = []
        func visit(_ id: Int) {
            ids.append(id)
            for child in collection.nodes[id].children { visit(child) }
        }
        visit(scope)
        return ids
    }

    /// The header line and one line per topic of `scope`, for `width` columns.
    public static func lines(
        collection: CardCollection, counts: [TopicCounts], scope: Int, boxCount: Int, width: Int, theme: Theme
    ) -> [[TextRun]] {
        let root = counts.indices.contains(scope) ? counts[scope] : TopicCounts(boxCount: boxCount)
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
        let showMastery = width - columnsWidth - (barCells + 6) >= 16
        if showMastery { columnsWidth += barCells + 6 }
        let ids = rows(collection, scope: scope)
        let baseDepth = collection.nodes[scope].depth
        let widest =
            ids.map { id in
                let node = collection.nodes[id]
                return (node.depth - baseDepth) * 2 + DisplayWidth.width(of: node.title)
            }.max() ?? 5
        let topicWidth = max(4, min(width - columnsWidth - 1, max(widest, 5) + 2))

        var header = [TextRun(DisplayWidth.padRight("Topic", to: topicWidth), theme.style(.header))]
        for column in columns {
            header.append(TextRun(" " + DisplayWidth.padLeft(column.title, to: column.width), theme.style(.header)))
        }
        if showMastery {
            header.append(TextRun(" " + DisplayWidth.padRight("Known", to: barCells + 5), theme.style(.header)))
        }
        var lines = [header]
        for id in ids {
            let node = collection.nodes[id]
            let topicCounts = counts[id]
            let indent = String(repeating: " ", count: min((node.depth - baseDepth) * 2, topicWidth / 2))
            let name = DisplayWidth.padRight(indent + node.title, to: topicWidth, ellipsis: theme.glyphs.ellipsis)
            var line = [TextRun(name, theme.style(node.kind == .heading ? .text : .strong))]
            for column in columns {
                let value = column.value(topicCounts)
                line.append(
                    TextRun(
                        " " + DisplayWidth.padLeft(PaneText.number(value, theme: theme), to: column.width),
                        theme.style(value == 0 ? .muted : column.role)))
            }
            if showMastery {
                line.append(TextRun(" "))
                line += PaneText.bar(topicCounts.mastery, cells: barCells, theme: theme)
                line.append(
                    TextRun(
                        " " + DisplayWidth.padLeft(PaneText.percent(topicCounts.mastery), to: 4), theme.style(.muted)))
            }
            lines.append(line)
        }
        return lines
    }
}
