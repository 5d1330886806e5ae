import CardboxEngine

/// The bottom line: a mode badge with session progress, then the status message or the keys that
/// apply now, and a short tally on the right.
public enum StatusBar {
    /// Draws this pane for `state` into `rect` of `surface`.
    public static func render<S: Surface>(_ state: AppState, into surface: inout S, rect: Rect, theme: Theme) {
        guard !rect.isEmpty else { return }
        surface.fill(rect, style: theme.style(.statusBar))
        let badge = " \(modeLabel(state)) "
        var x = surface.put(badge, x: rect.x, y: rect.y, style: theme.style(.statusMode), clip: rect)
        x += 1
        let right = rightText(state, theme: theme)
        let rightWidth = DisplayWidth.width(of: right)
        // Text on the left stops here so the right-hand tally keeps a gap before it.
        let end = rect.maxX - (rightWidth > 0 ? rightWidth + 3 : 1)
        var showRight = rightWidth > 0 && end > x
        if let message = state.message {
            let role: Theme.Role =
                switch message.kind {
                case .info: .info
                case .warning: .warning
                case .error: .error
                }
            let full = theme.glyphs.plain(message.text)
            var text = DisplayWidth.truncate(full, to: max(0, end - x), ellipsis: theme.glyphs.ellipsis)
            if text != full {
                // A long message matters more than the tally.
                showRight = false
                text = DisplayWidth.truncate(full, to: max(0, rect.maxX - 1 - x), ellipsis: theme.glyphs.ellipsis)
            }
            surface.put(text, x: x, y: rect.y, style: theme.style(role), clip: rect)
        } else {
            for (key, label) in fitting(hints(state, theme: theme), width: end - x) {
                x = surface.put(key, x: x, y: rect.y, style: theme.style(.statusKey), clip: rect)
                x = surface.put(" " + label, x: x, y: rect.y, style: theme.style(.statusLabel), clip: rect)
                x += 2
            }
        }
        if showRight {
            surface.put(right, x: rect.maxX - rightWidth - 1, y: rect.y, style: theme.style(.muted), clip: rect)
        }
    }

    /// The hints that fit in `width` cells, in order; `?`, `q` and `Esc` are kept before the others.
    static func fitting(_ hints: [(String, String)], width: Int) -> [(String, String)] {
        func cells(_ hint: (String, String)) -> Int {
            DisplayWidth.width(of: hint.0) + 1 + DisplayWidth.width(of: hint.1) + 2
        }
        let pinned = Set(hints.indices.filter { ["?", "q", "Esc"].contains(hints[$0].0) })
        var used = pinned.reduce(0) { $0 + cells(hints[$1]) }
        var keep = pinned
        for index in hints.indices where !pinned.contains(index) {
            if used + cells(hints[index]) - 2 > width { break }
            used += cells(hints[index])
            keep.insert(index)
        }
        while used - 2 > width, let last = keep.max() {
            keep.remove(last)
            used -= cells(hints[last])
        }
        return hints.indices.filter(keep.contains).map { hints[$0] }
    }

    /// "TOPICS", "STUDY 3/20", "SEARCH", …
    static func modeLabel(_ state: AppState) -> String {
        if state.showHelp { return "HELP" }
        if state.showsWelcome { return "WELCOME" }
        switch state.mode {
        case .tree, .nothingDue: return "TOPICS"
        case .session(let s):
            let progress = s.progress
            return "\(s.modeName.uppercased()) \(progress.position)/\(progress.count)"
        case .summary: return "SUMMARY"
        case .search: return "SEARCH"
        case .stats: return "STATS"
        }
    }

    /// The keys that apply now, most useful first; as many as fit are shown. Keys and words come
    /// from the keymaps.
    static func hints(_ state: AppState, theme: Theme) -> [(String, String)] {
        let g = theme.glyphs
        func from(_ map: KeyMap, _ commands: [Command]) -> [(String, String)] {
            commands.compactMap { command in
                map.hint(command, glyphs: g) ?? KeyMap.anywhere.hint(command, glyphs: g)
            }
        }
        if state.showHelp { return from(.helpOverlay, [.back]) }
        if state.showsWelcome { return from(.tree, [.help, .quit]) }
        switch state.mode {
        case .tree:
            return from(
                .tree,
                [.study, .reviewMissed, .cram, .browse, .search, .statistics, .expand, .focusNext, .help, .quit])
        case .nothingDue(let notice):
            return from(.tree, [.cram] + (notice.missed > 0 ? [.reviewMissed] : []) + [.browse, .up, .help, .quit])
        case .session(let s):
            let map = KeyMap.session
            if s.session.mode == .browse {
                return from(map, [.previousCard])
                    + [map.hint(.reveal, s.revealed ? "hide answer" : "show answer", glyphs: g)].compactMap { $0 }
                    + from(map, [.scrollUp]) + [map.hint(.endSession, "back", glyphs: g)].compactMap { $0 }
                    + from(map, [.search, .help, .editCard])
            }
            if s.revealed {
                return from(map, [.gotIt, .missed, .undo, .scrollUp, .endSession, .help])
            }
            return from(map, [.reveal, .undo, .scrollUp, .focusNext, .endSession, .help])
        case .summary(let summary):
            return from(.summary, [.back] + (summary.session.canUndo ? [.undo] : []))
        case .search:
            return from(.search, [.typeCharacter, .up, .openHit, .back])
        case .stats:
            return from(.statistics, [.up, .pageUp, .back])
        }
    }

    /// A merge of other devices' lines while it runs, and the session tally (right and missed
    /// answers), for the right end.
    static func rightText(_ state: AppState, theme: Theme) -> String {
        var parts: [String] = []
        if state.mergingLines > 0 {
            parts.append("merging \(state.mergingLines) lines\(theme.glyphs.ellipsis)")
        }
        switch state.mode {
        case .session(let s) where s.session.mode != .browse:
            let summary = s.session.summary
            parts.append("\(theme.glyphs.check) \(summary.right)  \(theme.glyphs.cross) \(summary.missed)")
        default:
            break
        }
        return parts.joined(separator: "  ")
    }
}
