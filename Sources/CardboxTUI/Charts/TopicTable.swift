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

    /// The table laid out for `scope` in `width` columns: its header and rows, each row made only
    /// when drawn (a large collection has thousands of topics).
    public struct Layout {
        let collection: CardCollection
        let counts: [TopicCounts]
        let theme: Theme
        let columns: [Column]
        let showMastery: Bool
        let topicWidth: Int
        let baseDepth: Int
        static let barCells = 5
        /// Node ids of the rows, the scope first.
        public let ids: [Int]

        /// The column titles.
        public var header: [TextRun] {
            var header = [TextRun(DisplayWidth.padRight("Topic", to: topicWidth), theme.style(.header))]
            for column in columns {
                header.append(TextRun(" " + DisplayWidth.padLeft(column.title, to: column.width), theme.style(.header)))
            }
            if showMastery {
                header.append(
                    TextRun(" " + DisplayWidth.padRight("Known", to: Self.barCells + 5), theme.style(.header)))
            }
            return header
        }

        /// The row of node `id`.
        public func line(_ id: Int) -> [TextRun] {
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
                line += PaneText.bar(topicCounts.mastery, cells: Self.barCells, theme: theme)
                line.append(
                    TextRun(
                        " " + DisplayWidth.padLeft(PaneText.percent(topicCounts.mastery), to: 4), theme.style(.muted)))
            }
            return line
        }
    }

    /// Lays out the table of `scope` and every topic under it for `width` columns.
    public static func layout(
        collection: CardCollection, counts: [TopicCounts], scope: Int, boxCount: Int, width: Int, theme: Theme
    ) -> Layout {
        let root = counts.indices.contains(scope) ? counts[scope] : TopicCounts(boxCount: boxCount)
        let digits = max(String(root.total).count, 2)
        // On a narrow screen the titles shorten (as the tree's are), then the box columns go (the
        // boxes chart above the table shows them), so that every column left is whole.
        func columns(short: Bool, boxes: Bool) -> [Column] {
            var columns = [Column(title: "New", width: max(3, digits), role: .new, value: \.new)]
            if boxes {
                for box in root.boxes.indices {
                    columns.append(
                        Column(title: "B\(box + 1)", width: max(2, digits), role: .text, value: { $0.boxes[box] }))
                }
            }
            let missed = short ? "Mis" : "Missed"
            let total = short ? "All" : "Total"
            return columns + [
                Column(title: "Due", width: max(3, digits), role: .due, value: \.due),
                Column(title: missed, width: max(missed.count, digits), role: .missed, value: \.missed),
                Column(title: total, width: max(total.count, digits), role: .strong, value: \.total),
            ]
        }
        func widthOf(_ columns: [Column]) -> Int { columns.reduce(0) { $0 + $1.width + 1 } }
        let minimumTopicWidth = 8
        let columns =
            [(false, true), (true, true), (true, false)].lazy.map { columns(short: $0, boxes: $1) }
            .first { width - widthOf($0) - 1 >= minimumTopicWidth } ?? columns(short: true, boxes: false)
        var columnsWidth = widthOf(columns)
        let showMastery = width - columnsWidth - (Layout.barCells + 6) >= 16
        if showMastery { columnsWidth += Layout.barCells + 6 }
        let ids = rows(collection, scope: scope)
        let baseDepth = collection.nodes[scope].depth
        let widest =
            ids.map { id in
                let node = collection.nodes[id]
                return (node.depth - baseDepth) * 2 + DisplayWidth.width(of: node.title)
            }.max() ?? 5
        let topicWidth = max(4, min(width - columnsWidth - 1, max(widest, 5) + 2))
        return Layout(
            collection: collection, counts: counts, theme: theme, columns: columns, showMastery: showMastery,
            topicWidth: topicWidth, baseDepth: baseDepth, ids: ids)
    }
}
