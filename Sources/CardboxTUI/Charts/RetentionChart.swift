import CardboxEngine

/// Recall per box over the last 30 days: for each box (the box before the answer), the answers and
/// the share answered right as a bar, so a learner sees whether each interval suits them.
public enum RetentionChart {
    /// One line per box: "Box 2   ▰▰▰▰▰▰▰▱▱▱  72%   36 of 50"; boxes without answers show a dash.
    public static func lines(_ retention: [ActivityHistory.BoxRetention], width: Int, theme: Theme) -> [[TextRun]] {
        let countWidth = max(1, String(retention.map(\.reviews).max() ?? 0).count)
        // "Box 9" + bar + " 100%" + "  n of m"
        let fixed = 6 + 5 + 2 + countWidth * 2 + 4
        let cells = min(20, max(0, width - fixed - 1))
        return retention.map { box in
            var line = [TextRun("Box \(box.box) ", theme.style(.muted))]
            guard let share = box.share else {
                line.append(
                    TextRun(
                        " " + String(repeating: " ", count: cells) + "    " + theme.glyphs.dash, theme.style(.muted)))
                return line
            }
            if cells > 0 { line += [TextRun(" ")] + PaneText.bar(share, cells: cells, theme: theme) }
            let role: Theme.Role = share >= 0.8 ? .good : (share >= 0.6 ? .due : .missed)
            line.append(TextRun(DisplayWidth.padLeft(PaneText.percent(share), to: 5), theme.style(role)))
            line.append(
                TextRun(
                    "  " + DisplayWidth.padLeft(String(box.got), to: countWidth) + " of "
                        + DisplayWidth.padLeft(String(box.reviews), to: countWidth), theme.style(.muted)))
            return line
        }
    }
}
