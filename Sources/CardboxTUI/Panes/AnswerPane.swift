import CardboxEngine

/// The bottom-right pane: hidden until revealed ("Space to reveal"), then the wrapped answer with the
/// cloze gap highlighted. In the tree it lists what can be started on the selected topic.
public enum AnswerPane {
    /// Draws this pane for `state` into `rect` of `surface`; returns its lines (0 while the answer is
    /// hidden) and rows for the viewport. `wrapped` are the pane's lines already made for a width, used
    /// when it is the pane's own.
    @discardableResult
    public static func render<S: Surface>(
        _ state: AppState, into surface: inout S, rect: Rect, theme: Theme,
        wrapped: (width: Int, lines: [[TextRun]])? = nil
    ) -> (lines: Int, rows: Int) {
        let title: String
        switch state.mode {
        case .session: title = "Answer"
        default: title = "Start"
        }
        surface.drawBox(rect, title: title, focused: state.focus == .answer, theme: theme)
        let content = Layout.readable(rect)
        let hidden = state.mode.session.map { !$0.revealed } ?? false
        let lines: [[TextRun]]
        if hidden {
            lines = []
        } else if let wrapped, wrapped.width == content.width {
            lines = wrapped.lines
        } else {
            lines = self.lines(state, width: content.width, theme: theme)
        }
        guard !content.isEmpty else { return (lines.count, max(0, content.height)) }
        if case .session(let s) = state.mode, !s.revealed, s.session.current != nil {
            let hint = s.session.mode == .browse ? "Space shows the answer" : "Space to reveal"
            let text = DisplayWidth.truncate(hint, to: content.width, ellipsis: theme.glyphs.ellipsis)
            let x = content.x + max(0, (content.width - DisplayWidth.width(of: text)) / 2)
            surface.put(text, x: x, y: content.y + (content.height - 1) / 2, style: theme.style(.muted), clip: content)
            return (0, content.height)
        }
        PaneText.draw(lines, in: content, scroll: state.answerScroll, box: rect, theme: theme, into: &surface)
        return (lines.count, content.height)
    }

    static func lines(_ state: AppState, width: Int, theme: Theme) -> [[TextRun]] {
        guard width > 0 else { return [] }
        switch state.mode {
        case .session(let s):
            guard let index = s.session.current else { return [] }
            let wrapper = TextWrapper(glyphs: theme.glyphs)
            return wrapper.wrap(state.collection.cards[index].answer, width: width).map {
                PaneText.runs($0, theme: theme)
            }
        default:
            return actionLines(state, width: width, theme: theme)
        }
    }

    /// What Enter, m, c and b would do on the selected topic, with their card counts.
    static func actionLines(_ state: AppState, width: Int, theme: Theme) -> [[TextRun]] {
        let node = state.selectedNode
        let counts = state.counts[node.id]
        guard counts.total > 0 else {
            return [
                [
                    TextRun(
                        DisplayWidth.truncate("No cards in this topic.", to: width, ellipsis: theme.glyphs.ellipsis),
                        theme.style(.muted))
                ]
            ]
        }
        // What a study session would hold, from the counts: every due card and new ones up to today's
        // allowance (cloze siblings held back for the day make the session a little shorter).
        let allowance = state.newAllowance
        let fresh = min(counts.new, allowance)
        let due = counts.due
        let key = theme.style(.statusKey)
        let keyWidth = 7
        func line(_ keyName: String, _ runs: [TextRun]) -> [TextRun] {
            [TextRun(DisplayWidth.padRight(keyName, to: keyWidth), key)]
                + PaneText.truncate(runs, to: width - keyWidth, theme: theme)
        }
        var result: [[TextRun]] = []
        if due + fresh == 0 {
            let next = counts.nextDue
            let text =
                next.map { "study: next card due \(DueText.relative($0, now: state.now))" } ?? "study: nothing due"
            result.append(line("Enter", [TextRun(text, theme.style(.muted))]))
            let ahead = state.queues.ahead(range: node.cardRange, days: state.rules.aheadDays).count
            if ahead > 0 {
                let days = state.rules.aheadDays
                result.append(
                    line(
                        "a",
                        [
                            TextRun(
                                "study ahead: \(ahead) card\(ahead == 1 ? "" : "s") due within \(days) day\(days == 1 ? "" : "s")"
                            )
                        ]
                    ))
            }
        } else {
            var runs = [TextRun("study ")]
            runs.append(TextRun("\(due) due", theme.style(due > 0 ? .due : .text)))
            runs.append(TextRun(" + "))
            runs.append(TextRun("\(fresh) new", theme.style(fresh > 0 ? .new : .text)))
            result.append(line("Enter", runs))
        }
        if counts.missed > 0 {
            result.append(line("m", [TextRun("review "), TextRun("\(counts.missed) missed", theme.style(.missed))]))
        } else {
            result.append(line("m", [TextRun("review missed: none", theme.style(.muted))]))
        }
        let crammed = counts.total - counts.suspended
        result.append(line("c", [TextRun("cram \(crammed) card\(crammed == 1 ? "" : "s") (boxes stay)")]))
        result.append(line("b", [TextRun("browse without grading")]))
        let limit = state.scheduler.config.newCardsPerDay + state.extraNewToday
        if counts.new > 0, allowance == 0, limit > 0 {
            result.append(
                line(
                    "+",
                    [
                        TextRun("\(limit) of \(limit) new cards done today; ", theme.style(.muted)),
                        TextRun("+\(state.scheduler.config.newCardsPerDay) more"),
                    ]))
        }
        result.append([])
        result.append(line("s", [TextRun("statistics")]))
        result.append(line("/", [TextRun("search all cards")]))
        result.append(line("?", [TextRun("every key")]))
        return result
    }
}
