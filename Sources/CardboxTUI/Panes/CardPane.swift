import CardboxEngine
import Foundation

/// The top-right pane: the card's question under its topic path during a session; the selected
/// topic's summary (counts, boxes, next due) in the tree, or why there is nothing to study.
public enum CardPane {
    /// What every topic's pane is drawn with: a new one empties the cache of topic panes.
    struct TopicContext: Equatable {
        var theme: Theme
        var decksVersion: Int
        var nodes: Int
        var warnings: [String]
    }

    /// Everything the pane of a topic (outside a session) is drawn from beyond its `TopicContext`.
    struct TopicKey: Hashable {
        var node: Int
        var counts: TopicCounts
        var focused: Bool
        var scroll: Int
        var rect: Rect

        /// The node alone: hashing the counts costs more than comparing them.
        func hash(into hasher: inout Hasher) { hasher.combine(node) }
    }

    /// Draws this pane for `state` into `rect` of `surface`; returns its lines and rows for the viewport.
    /// A topic's pane drawn before for the same inputs is pasted from `cache`.
    @discardableResult
    public static func render<S: Surface>(
        _ state: AppState, into surface: inout S, rect: Rect, theme: Theme, cache: ScreenCache? = nil
    ) -> (lines: Int, rows: Int) {
        let content = Layout.readable(rect)
        var key: TopicKey?
        if let cache, showsTopic(state.mode) {
            cache.topicPanes.begin(
                TopicContext(
                    theme: theme, decksVersion: state.decksVersion, nodes: state.collection.nodes.count,
                    warnings: state.warnings))
            let topic = TopicKey(
                node: state.tree.cursor, counts: state.counts[state.tree.cursor], focused: state.focus == .card,
                scroll: state.cardScroll, rect: rect)
            if let kept = cache.topicPanes.part(for: topic) {
                surface.paste(kept.snapshot, x: rect.x, y: rect.y)
                return (kept.extra, content.height)
            }
            key = topic
        }
        surface.drawBox(rect, title: title(state), focused: state.focus == .card, theme: theme)
        let lines = lines(state, width: content.width, theme: theme)
        PaneText.draw(lines, in: content, scroll: state.cardScroll, box: rect, theme: theme, into: &surface)
        if let key { cache?.topicPanes.keep(surface.snapshot(of: rect), extra: lines.count, for: key) }
        return (lines.count, content.height)
    }

    /// True when the pane shows the selected topic (`topicLines`), not a card or a notice.
    private static func showsTopic(_ mode: Mode) -> Bool {
        switch mode {
        case .session, .nothingDue: false
        default: true
        }
    }

    static func title(_ state: AppState) -> String {
        switch state.mode {
        case .session(let s):
            guard let index = s.session.current else { return "Card" }
            let card = state.collection.cards[index]
            if case .cloze(let gap, let count) = card.kind { return "Cloze \(gap + 1)/\(count)" }
            return "Question"
        case .nothingDue: return "Nothing due"
        default: return state.selectedNode.kind == .collection ? "Collection" : "Topic"
        }
    }

    static func lines(_ state: AppState, width: Int, theme: Theme) -> [[TextRun]] {
        guard width > 0 else { return [] }
        switch state.mode {
        case .session(let s):
            guard let index = s.session.current else { return [] }
            return cardLines(state, card: index, width: width, theme: theme)
        case .nothingDue(let notice):
            return nothingDueLines(state, notice: notice, width: width, theme: theme)
        default:
            return topicLines(state, node: state.tree.cursor, width: width, theme: theme)
        }
    }

    /// The card's own topic, innermost heading first ("Kinesis Data Streams · Ingestion · Data
    /// Engineering"), so a narrow pane cuts off the general end; the deck's title only for a card
    /// written before any heading.
    static func ownTopic(_ state: AppState, card: Card) -> String {
        let path = state.collection.path(of: card.topic)
        guard path.count > 1 else { return path.first ?? card.deck }
        return path.dropFirst().reversed().joined(separator: " · ")
    }

    /// The card's own topic with a box tag, a blank line, then the question.
    static func cardLines(_ state: AppState, card index: Int, width: Int, theme: Theme) -> [[TextRun]] {
        let card = state.collection.cards[index]
        let path = ownTopic(state, card: card)
        var tags: [String] = []
        let role: Theme.Role
        if let cardState = state.states[index] {
            tags.append("box \(cardState.box)")
            if cardState.missed { tags.append("missed") }
            if cardState.lapses >= state.rules.leech.threshold { tags.append("leech") }
            role = cardState.missed ? .missed : .accent
        } else {
            tags.append("new")
            role = .new
        }
        if state.isSuspended(index) { tags.append("suspended") }
        let tag = TextRun(
            tags.joined(separator: " · "), theme.style(tags.count > 1 && role == .accent ? .warning : role))
        var result: [[TextRun]] = []
        if width >= 24 {
            result.append(PaneText.spread([TextRun(path, theme.style(.muted))], [tag], width: width, theme: theme))
        } else {
            result.append([
                TextRun(DisplayWidth.truncate(path, to: width, ellipsis: theme.glyphs.ellipsis), theme.style(.muted))
            ])
        }
        result.append([])
        let wrapper = TextWrapper(glyphs: theme.glyphs)
        result += wrapper.wrap(card.question, width: width).map { PaneText.runs($0, theme: theme) }
        return result
    }

    /// The selected topic's counts and how its cards are spread over the boxes.
    static func topicLines(_ state: AppState, node id: Int, width: Int, theme: Theme) -> [[TextRun]] {
        let node = state.collection.nodes[id]
        let counts = state.counts[id]
        let wrapper = TextWrapper(glyphs: theme.glyphs)
        var result: [[TextRun]] = []
        var heading = state.title(of: id, separator: theme.glyphs.pathSeparator)
        if node.kind == .collection {
            let decks = node.children.count
            let topics = state.collection.topicCount
            heading +=
                " \(theme.glyphs.dash) \(decks) deck\(decks == 1 ? "" : "s"), \(topics) topic\(topics == 1 ? "" : "s")"
        }
        result += wrapper.wrap(plain: heading, width: width).map { [TextRun($0.plainText, theme.style(.heading))] }

        // "8 cards · 5 new · 2 due · 1 missed · 13% known", wrapped between items.
        let dot = TextRun(theme.glyphs.listSeparator, theme.style(.muted))
        let items: [[TextRun]] = [
            [TextRun("\(counts.total)", theme.style(.strong)), TextRun(" card\(counts.total == 1 ? "" : "s")")],
            [TextRun("\(counts.new)", theme.style(counts.new > 0 ? .new : .text)), TextRun(" new")],
            [TextRun("\(counts.due)", theme.style(counts.due > 0 ? .due : .text)), TextRun(" due")],
            [TextRun("\(counts.missed)", theme.style(counts.missed > 0 ? .missed : .text)), TextRun(" missed")],
            [TextRun(PaneText.percent(counts.mastery), theme.style(.good)), TextRun(" known")],
        ]
        var extra: [[TextRun]] = []
        if counts.suspended > 0 {
            extra.append([TextRun("\(counts.suspended)", theme.style(.warning)), TextRun(" suspended")])
        }
        if counts.leeches > 0 {
            extra.append([
                TextRun("\(counts.leeches)", theme.style(.warning)),
                TextRun(" leech\(counts.leeches == 1 ? "" : "es")"),
            ])
        }
        result += PaneText.pack(items + extra, separator: dot, width: width)
        guard counts.total > 0 else { return result }

        // Where the cards are: new ones, then each box, bars scaled to the topic's total.
        let valueWidth = max(2, String(counts.total).count)
        let labelWidth = 6
        let barWidth = max(1, width - labelWidth - valueWidth - 1)
        let rows =
            [("New", counts.new, Theme.Role.new)]
            + counts.boxes.enumerated().map { ("Box \($0.offset + 1)", $0.element, .barFull) }
        for (label, count, role) in rows {
            let cells =
                count == 0 ? 0 : max(1, Int((Double(count) / Double(counts.total) * Double(barWidth)).rounded()))
            result.append([
                TextRun(DisplayWidth.padRight(label, to: labelWidth), theme.style(.muted)),
                TextRun(String(repeating: theme.glyphs.histogram, count: cells), theme.style(role)),
                TextRun(String(repeating: " ", count: barWidth - cells + 1)),
                TextRun(
                    DisplayWidth.padLeft(PaneText.number(count, theme: theme), to: valueWidth),
                    theme.style(count == 0 ? .muted : .text)),
            ])
        }
        if node.kind == .collection, !state.warnings.isEmpty {
            result.append([])
            for warning in state.warnings {
                result += wrapper.wrap(plain: "! " + warning, width: width).map {
                    [TextRun($0.plainText, theme.style(.warning))]
                }
            }
        }
        return result
    }

    /// Says there is nothing to study now, when the next card is due, and offers cram and missed review.
    static func nothingDueLines(_ state: AppState, notice: NothingDue, width: Int, theme: Theme) -> [[TextRun]] {
        let wrapper = TextWrapper(glyphs: theme.glyphs)
        let name = state.title(of: notice.topic, separator: theme.glyphs.pathSeparator)
        var result: [[TextRun]] = []
        result += wrapper.wrap(plain: "Nothing to study in \(name) right now.", width: width)
            .map { [TextRun($0.plainText, theme.style(.heading))] }
        result.append([])
        let limit = state.scheduler.config.newCardsPerDay
        let why: String
        switch notice.reason {
        case .allSuspended: why = "Every card here is suspended; ! in browse brings one back."
        case .newLimitReached where limit == 0:
            why = "Nothing is due, and new cards are off (new-per-day is 0)."
        case .newLimitReached:
            why = "Nothing is due, and today's new cards are done (\(limit) a day); + allows \(limit) more."
        case .nothingDue: why = "Nothing is due, and no new card is waiting."
        }
        result += wrapper.wrap(plain: why, width: width).map { [TextRun($0.plainText)] }
        let next =
            notice.nextDue.map {
                "The next card is due \(DueText.describe($0, now: state.now, timeZone: state.scheduler.config.timeZone))."
            } ?? "No reviewed card is scheduled yet."
        result += wrapper.wrap(plain: next, width: width).map { [TextRun($0.plainText)] }
        result.append([])
        let key = theme.style(.statusKey)
        if notice.ahead > 0 {
            let days = state.rules.aheadDays
            result.append([
                TextRun("a", key),
                TextRun(
                    "  study ahead: \(notice.ahead) card\(notice.ahead == 1 ? "" : "s") due within \(days) day\(days == 1 ? "" : "s")"
                ),
            ])
        }
        if notice.reason == .newLimitReached, limit > 0 {
            result.append([TextRun("+", key), TextRun("  \(limit) more new cards today")])
        }
        if notice.total > 0 {
            result.append([
                TextRun("c", key),
                TextRun("  cram all \(notice.total) card\(notice.total == 1 ? "" : "s") (boxes stay)"),
            ])
        }
        if notice.missed > 0 {
            result.append([
                TextRun("m", key), TextRun("  review \(notice.missed) missed card\(notice.missed == 1 ? "" : "s")"),
            ])
        }
        result.append([TextRun("b", key), TextRun("  browse the cards")])
        return result.map { line in line.isEmpty ? line : PaneText.truncate(line, to: width, theme: theme) }
    }
}
