import CardboxEngine

/// The left pane: the topic tree with due, missed and total counts and a mastery bar per row.
public enum TopicTreePane {
    /// The count columns, sized for the collection and the pane width.
    struct Columns {
        var number: Int
        var showTotal: Bool
        var showBar: Bool
        static let barCells = 5

        init(state: AppState, width: Int) {
            let largest = state.counts.first?.total ?? 0
            number = max(3, String(largest).count)
            showBar = width >= 38
            showTotal = width >= 20
        }

        /// Cells the columns take, with the space before each.
        var width: Int { (number + 1) * (showTotal ? 3 : 2) + (showBar ? Self.barCells + 1 : 0) }

        func cells(_ counts: TopicCounts, theme: Theme, selected: CellStyle?) -> [TextRun] {
            func column(_ value: Int, _ role: Theme.Role) -> TextRun {
                let text = " " + DisplayWidth.padLeft(PaneText.number(value, theme: theme), to: number)
                if let selected { return TextRun(text, selected) }
                return TextRun(text, theme.style(value == 0 ? .muted : role))
            }
            var runs = [column(counts.due, .due), column(counts.missed, .missed)]
            if showTotal { runs.append(column(counts.total, .text)) }
            if showBar {
                runs.append(TextRun(" ", selected ?? .plain))
                runs += PaneText.bar(counts.mastery, cells: Self.barCells, theme: theme).map {
                    TextRun($0.text, selected.map { $0.merged(with: CellStyle()) } ?? $0.style)
                }
            }
            return runs
        }

        func header(theme: Theme) -> [TextRun] {
            let style = theme.style(.header)
            var runs = [
                TextRun(" " + DisplayWidth.padLeft("due", to: number), style),
                TextRun(" " + DisplayWidth.padLeft("mis", to: number), style),
            ]
            if showTotal { runs.append(TextRun(" " + DisplayWidth.padLeft("all", to: number), style)) }
            if showBar { runs.append(TextRun(" " + DisplayWidth.padRight("known", to: Self.barCells), style)) }
            return runs
        }
    }

    /// What every row of the tree is drawn with: a new one empties the cache of rows.
    struct RowContext: Equatable {
        var theme: Theme
        var width: Int
        var number: Int
        var decksVersion: Int
        var nodes: Int
    }

    /// Everything one row is drawn from beyond its `RowContext`.
    struct RowKey: Hashable {
        var node: Int
        var selected: Bool
        /// Whether the tree has the focus, for the selected row (false for the others).
        var focused: Bool
        var expanded: Bool
        var counts: TopicCounts

        /// The node alone: rows of one node differ in little else, and hashing the counts costs more
        /// than comparing them.
        func hash(into hasher: inout Hasher) { hasher.combine(node) }
    }

    /// Draws this pane for `state` into `rect` of `surface`; rows drawn before for the same inputs
    /// are pasted from `cache`.
    public static func render<S: Surface>(
        _ state: AppState, into surface: inout S, rect: Rect, theme: Theme, cache: ScreenCache? = nil
    ) {
        let focused = state.focus == .tree && (state.mode.isTree || state.mode.session != nil)
        surface.drawBox(rect, title: "Topics", focused: focused, theme: theme)
        let inner = rect.inset(by: 1)
        guard inner.width > 2, inner.height > 0 else { return }
        let columns = Columns(state: state, width: inner.width)

        // Header row.
        let header = PaneText.spread(
            [TextRun("Topic", theme.style(.header))], columns.header(theme: theme) + [TextRun(" ")],
            width: inner.width - 1, theme: theme)
        surface.put(
            runs: [(" ", CellStyle())] + header.map { ($0.text, $0.style) }, x: inner.x, y: inner.y, clip: inner)

        let rows = state.tree.visibleRows(in: state.collection)
        let visible = max(0, inner.height - 1)
        let cursorRow = state.tree.cursorRow(in: rows)
        let scroll = TreeState.scroll(state.tree.scroll, keeping: cursorRow, visible: visible, count: rows.count)
        cache?.treeRows.begin(
            RowContext(
                theme: theme, width: inner.width, number: columns.number, decksVersion: state.decksVersion,
                nodes: state.collection.nodes.count))
        for line in 0..<visible where scroll + line < rows.count {
            let id = rows[scroll + line]
            let y = inner.y + 1 + line
            let key = RowKey(
                node: id, selected: id == state.tree.cursor, focused: focused && id == state.tree.cursor,
                expanded: state.tree.expanded.contains(id), counts: state.counts[id])
            if let kept = cache?.treeRows.part(for: key) {
                surface.paste(kept.snapshot, x: inner.x, y: y)
                continue
            }
            drawRow(key, state: state, columns: columns, y: y, inner: inner, into: &surface, theme: theme)
            cache?.treeRows.keep(
                surface.snapshot(of: Rect(x: inner.x, y: y, width: inner.width, height: 1)), extra: (), for: key)
        }
        let below = rows.count - scroll - visible
        var label = ""
        if scroll > 0 { label += "\(theme.glyphs.moreAbove) \(scroll)" }
        if below > 0 { label += (label.isEmpty ? "" : "  ") + "\(theme.glyphs.moreBelow) \(below) more" }
        if !label.isEmpty { surface.putBottomLabel(label, in: rect, style: theme.style(.muted)) }
    }

    /// Draws the row `key` describes on line `y` of `inner`, the tree's inside.
    private static func drawRow<S: Surface>(
        _ key: RowKey, state: AppState, columns: Columns, y: Int, inner: Rect, into surface: inout S, theme: Theme
    ) {
        let node = state.collection.nodes[key.node]
        let titleWidth = inner.width - columns.width - 2
        let step = inner.width >= 36 ? 2 : 1
        let selectedStyle: CellStyle? = key.selected ? theme.style(key.focused ? .selection : .selectionInactive) : nil
        if let selectedStyle {
            surface.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: selectedStyle)
        }
        let marker =
            node.isLeaf
            ? theme.glyphs.leaf
            : (key.expanded ? theme.glyphs.expanded : theme.glyphs.collapsed)
        let indent = String(repeating: " ", count: min(node.depth * step, max(0, titleWidth / 2)))
        let titleRole: Theme.Role = node.kind == .heading ? .text : .strong
        let prefix = (key.selected ? theme.glyphs.pointer : " ") + indent + marker + " "
        let title = DisplayWidth.truncate(
            node.title, to: max(0, titleWidth - DisplayWidth.width(of: prefix) + 1),
            ellipsis: theme.glyphs.ellipsis)
        var x = surface.put(prefix, x: inner.x, y: y, style: selectedStyle ?? theme.style(.muted), clip: inner)
        x = surface.put(title, x: x, y: y, style: selectedStyle ?? theme.style(titleRole), clip: inner)
        let cells = columns.cells(key.counts, theme: theme, selected: selectedStyle)
        let cellsWidth = cells.reduce(0) { $0 + DisplayWidth.width(of: $1.text) }
        surface.put(runs: cells.map { ($0.text, $0.style) }, x: inner.maxX - 1 - cellsWidth, y: y, clip: inner)
    }
}
