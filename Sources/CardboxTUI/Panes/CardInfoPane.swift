import CardboxEngine
import Foundation

/// The card details overlay (`i`): where the card is written, its box and due date, how often it was
/// seen and missed, whether it is suspended or a leech, and its review history, newest first.
public enum CardInfoPane {
    /// Draws the overlay centred in `rect` of `surface`.
    public static func render<S: Surface>(
        _ state: AppState, info: CardInfo, into surface: inout S, rect: Rect, theme: Theme
    ) {
        let box = rect.centered(width: min(rect.width - 2, 84), height: rect.height - 2)
        surface.fill(box)
        surface.drawBox(box, title: "Card details", focused: true, theme: theme)
        let content = Layout.content(of: box)
        let all = lines(state, info: info, width: content.width, theme: theme)
        let scroll = min(info.scroll, max(0, all.count - content.height))
        // When it does not fit, the pane's own "more" marker takes the bottom border.
        if all.count <= content.height { surface.putBottomLabel("any key closes", in: box, style: theme.style(.muted)) }
        PaneText.draw(all, in: content, scroll: scroll, box: box, theme: theme, into: &surface)
    }

    static func lines(_ state: AppState, info: CardInfo, width: Int, theme: Theme) -> [[TextRun]] {
        guard width > 0 else { return [] }
        let card = state.collection.cards[info.card]
        let cardState = state.states[info.card]
        let zone = state.scheduler.config.timeZone
        let labelWidth = 10
        func row(_ label: String, _ value: String, _ role: Theme.Role = .text) -> [TextRun] {
            [
                TextRun(DisplayWidth.padRight(label, to: labelWidth), theme.style(.muted)),
                TextRun(
                    DisplayWidth.truncate(value, to: max(0, width - labelWidth), ellipsis: theme.glyphs.ellipsis),
                    theme.style(role)),
            ]
        }
        var result: [[TextRun]] = []
        result += TextWrapper().wrap(plain: card.question.plainText, width: width).prefix(3).map {
            [TextRun($0.plainText, theme.style(.heading))]
        }
        result.append([])
        result.append(row("File", "\(card.source)"))
        result.append(row("Topic", state.title(of: card.topic, separator: theme.glyphs.pathSeparator)))
        result.append(row("Key", card.key, .muted))
        if let cardState {
            result.append(row("Box", "\(cardState.box) of \(state.scheduler.config.boxCount)", .accent))
            let due = state.scheduler.dueDate(of: cardState)
            result.append(
                row(
                    "Due", due <= state.now ? "now" : DueText.describe(due, now: state.now, timeZone: zone),
                    due <= state.now ? .due : .text))
        } else {
            result.append(row("Box", "new (not studied yet)", .new))
        }
        var status: [String] = []
        if state.isSuspended(info.card) { status.append("suspended") }
        if (cardState?.lapses ?? 0) >= state.rules.leech.threshold { status.append("leech") }
        if cardState?.missed == true { status.append("missed") }
        if !status.isEmpty { result.append(row("Status", status.joined(separator: ", "), .warning)) }
        guard let history = info.history else {
            result.append(row("Seen", "reading the history…", .muted))
            return result
        }
        let graded = history.filter { !$0.isRepeat && $0.mode != .browse }
        let seen = graded.count
        let missed = graded.count { $0.answer == .missed }
        result.append(
            row(
                "Seen", "\(seen) time\(seen == 1 ? "" : "s") · missed \(missed) · lapses \(cardState?.lapses ?? 0)"))
        result.append([])
        result.append([TextRun("History", theme.style(.heading))])
        if history.isEmpty {
            result.append([TextRun("No answers yet.", theme.style(.muted))])
            return result
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        for review in history.reversed() {
            let verdict = review.answer == .gotIt ? "got it" : "missed"
            var mode = review.mode.displayName.lowercased()
            if review.isRepeat { mode += ", repeat" }
            let boxes =
                review.boxBefore == review.boxAfter
                ? ""
                : review.boxBefore == 0
                    ? "  new → box \(review.boxAfter)" : "  box \(review.boxBefore) → \(review.boxAfter)"
            let text =
                "\(formatter.string(from: review.time))  \(verdict.padding(toLength: 7, withPad: " ", startingAt: 0))"
            result.append([
                TextRun(text, theme.style(review.answer == .gotIt ? .good : .missed)),
                TextRun(
                    DisplayWidth.truncate(
                        "\(mode)\(boxes)", to: max(0, width - DisplayWidth.width(of: text)),
                        ellipsis: theme.glyphs.ellipsis), theme.style(.muted)),
            ])
        }
        return result
    }
}
