import CardboxEngine

/// How the cards of a topic are spread over the boxes: one bar per box and one for new cards, each
/// as long as its share of the largest.
public enum BoxesChart {
    public static func lines(_ counts: TopicCounts, width: Int, theme: Theme) -> [[TextRun]] {
        let rows =
            [("New", counts.new, Theme.Role.new)]
            + counts.boxes.enumerated().map { ("Box \($0.offset + 1)", $0.element, Theme.Role.good) }
        let largest = rows.map(\.1).max() ?? 0
        let countWidth = max(1, String(largest).count)
        let cells = min(40, max(0, width - 6 - countWidth - 2))
        return rows.map { label, count, role in
            let filled =
                largest == 0
                ? 0 : max(count > 0 ? 1 : 0, Int((Double(count) / Double(largest) * Double(cells)).rounded()))
            var line = [
                TextRun(DisplayWidth.padRight(label, to: 6), theme.style(.muted)),
                TextRun(
                    DisplayWidth.padLeft(PaneText.number(count, theme: theme), to: countWidth),
                    theme.style(count == 0 ? .muted : .text)),
            ]
            if cells > 0 {
                line.append(TextRun(" "))
                line.append(TextRun(String(repeating: theme.glyphs.histogram, count: filled), theme.style(role)))
            }
            return line
        }
    }
}
