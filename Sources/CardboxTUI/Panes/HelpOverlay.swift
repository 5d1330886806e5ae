/// A centred box listing every key, in two columns when there is room; any key closes it.
public enum HelpOverlay {
    /// One group of keys: a heading and (keys, description) rows.
    struct Section {
        var title: String
        var rows: [(String, String)]
    }

    /// The keymaps' bindings (and what any other key does), keys drawn with `g`.
    static func sections(_ g: Glyphs) -> [Section] {
        KeyMap.helpSections.map { map in
            let bindings = map.bindings.filter(\.inHelp) + (map.otherKeys.map { [$0.binding] } ?? [])
            return Section(title: map.title, rows: bindings.map { (KeyBinding.draw($0.label, g), $0.help) })
        }
    }

    /// Draws the help box centred in `rect` of `surface`.
    /// `scroll` is the first line shown when the keys do not fit (clamped to the last page).
    public static func render<S: Surface>(into surface: inout S, rect: Rect, theme: Theme, scroll: Int = 0) {
        let all = sections(theme.glyphs)
        let keyWidth = all.flatMap(\.rows).map { DisplayWidth.width(of: $0.0) }.max() ?? 0
        let textWidth = all.flatMap(\.rows).map { DisplayWidth.width(of: $0.1) }.max() ?? 0
        let columnWidth = keyWidth + 2 + textWidth
        let twoColumns = rect.width >= columnWidth * 2 + 9
        // Two columns: the tree, statistics and search keys, then the session's, the summary's and
        // those that work anywhere.
        let columns: [[Section]] = twoColumns ? [Array(all.prefix(3)), Array(all.dropFirst(3))] : [all]
        func height(_ sections: [Section]) -> Int { sections.reduce(0) { $0 + $1.rows.count + 1 } + sections.count - 1 }
        let contentHeight = columns.map(height).max() ?? 0
        let boxWidth = min(rect.width, (twoColumns ? columnWidth * 2 + 3 : columnWidth) + 4)
        let boxHeight = min(rect.height, contentHeight + 4)
        let box = rect.centered(width: boxWidth, height: boxHeight)
        surface.fill(box)
        surface.drawBox(box, title: "Keys", focused: true, theme: theme)
        let inner = Layout.content(of: box)
        let fits = contentHeight + 2 <= inner.height + 2 && boxHeight == contentHeight + 4
        let offset = fits ? 0 : min(max(0, scroll), max(0, contentHeight + 2 - inner.height))
        let label =
            fits ? "any key closes" : "\(theme.glyphs.up)\(theme.glyphs.down) PgUp PgDn scroll · any other key closes"
        surface.putBottomLabel(label, in: box, style: theme.style(.muted))
        guard !inner.isEmpty else { return }
        for (column, sections) in columns.enumerated() {
            let x = inner.x + column * (columnWidth + 3)
            var y = inner.y + 1 - offset
            for section in sections {
                surface.put(section.title, x: x, y: y, style: theme.style(.heading), clip: inner)
                y += 1
                for (key, text) in section.rows {
                    surface.put(
                        DisplayWidth.padRight(key, to: keyWidth), x: x, y: y, style: theme.style(.statusKey),
                        clip: inner)
                    let room = min(textWidth, inner.maxX - x - keyWidth - 2)
                    surface.put(
                        DisplayWidth.truncate(text, to: room, ellipsis: theme.glyphs.ellipsis), x: x + keyWidth + 2,
                        y: y,
                        style: theme.style(.text), clip: inner)
                    y += 1
                }
                y += 1
            }
        }
    }
}
