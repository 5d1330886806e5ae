import CardboxEngine

/// The end-of-session screen: cards seen, right, missed, repeats and boxes moved.
public enum SummaryPane {
    /// Draws this pane for `state` into `rect` of `surface`.
    public static func render<S: Surface>(
        _ state: AppState, summary: SummaryState, into surface: inout S, rect: Rect,
        theme: Theme
    ) {
        surface.drawBox(rect, title: "Session summary", focused: true, theme: theme)
        let content = Layout.content(of: rect)
        PaneText.draw(
            lines(state, summary: summary, width: content.width, theme: theme), in: content, scroll: 0, box: rect,
            theme: theme, into: &surface)
    }

    static func lines(_ state: AppState, summary: SummaryState, width: Int, theme: Theme) -> [[TextRun]] {
        guard width > 0 else { return [] }
        let session = summary.session
        let counts = session.summary
        let wrapper = TextWrapper()
        let topic = state.title(of: session.topic, separator: theme.glyphs.pathSeparator)
        var result: [[TextRun]] = []
        result += wrapper.wrap(plain: "\(session.mode.displayName) \(theme.glyphs.dash) \(topic)", width: width)
            .map { [TextRun($0.plainText, theme.style(.heading))] }
        let status =
            summary.completed
            ? "Finished: all \(session.initialCount) card\(session.initialCount == 1 ? "" : "s") answered right."
            : "Ended early: \(counts.seen) of \(session.initialCount) card\(session.initialCount == 1 ? "" : "s") seen."
        result += wrapper.wrap(plain: status, width: width).map { [TextRun($0.plainText, theme.style(.muted))] }
        result.append([])

        var rows: [(String, Int, Theme.Role)] = [
            ("Cards seen", counts.seen, .strong), ("Right", counts.right, .good),
            ("Missed", counts.missed, .missed), ("Repeats", counts.repeats, .text),
        ]
        if session.mode == .study {
            rows += [("Moved up", counts.movedUp, .good), ("Back to box 1", counts.movedDown, .missed)]
        }
        let labelWidth = 15
        let valueWidth = max(3, String(counts.seen).count)
        for (label, value, role) in rows {
            var line = [
                TextRun(DisplayWidth.padRight(label, to: labelWidth), theme.style(.muted)),
                TextRun(DisplayWidth.padLeft(String(value), to: valueWidth), theme.style(value == 0 ? .text : role)),
            ]
            if label == "Right", counts.seen > 0, width >= labelWidth + valueWidth + 14 {
                let share = Double(counts.right) / Double(counts.seen)
                line +=
                    [TextRun("  ")] + PaneText.bar(share, cells: 5, theme: theme) + [
                        TextRun(" " + PaneText.percent(share))
                    ]
            }
            result.append(line)
        }
        result.append([])
        let forecast = DueForecast(
            scheduler: state.scheduler, states: state.states, suspended: state.suspended,
            range: state.collection.nodes[session.topic].cardRange, now: state.now, days: 8)
        result += wrapper.wrap(
            plain:
                "Tomorrow: \(forecast.tomorrow) due\(theme.glyphs.listSeparator)next 7 days: \(forecast.nextSevenDays)",
            width: width
        ).map { [TextRun($0.plainText, theme.style(.strong))] }
        result.append([])
        let next =
            session.canUndo
            ? "Any key returns to the topics; u takes back the last answer."
            : "Any key returns to the topics."
        result += wrapper.wrap(plain: next, width: width).map { [TextRun($0.plainText, theme.style(.muted))] }
        return result
    }
}
