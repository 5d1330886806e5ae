import CardboxEngine

/// The topic tree's cursor, expanded nodes and scroll offset.
public struct TreeState: Hashable, Sendable {
    /// Node id of the selected row.
    public var cursor: Int = 0
    /// Nodes whose children are shown.
    public var expanded: Set<Int> = [0]
    /// Index of the first visible row.
    public var scroll: Int = 0

    public init(cursor: Int = 0, expanded: Set<Int> = [0], scroll: Int = 0) {
        self.cursor = cursor
        self.expanded = expanded
        self.scroll = scroll
    }

    /// Node ids of the rows shown, in tree order: the root, then children of expanded nodes.
    public func visibleRows(in collection: CardCollection) -> [Int] {
        guard !collection.nodes.isEmpty else { return [] }
        // A flag per node rather than a lookup in the set per row: the set is small, the rows many.
        var open = [Bool](repeating: false, count: collection.nodes.count)
        for id in expanded where open.indices.contains(id) { open[id] = true }
        var rows: [Int] = []
        var stack = [0]
        while let id = stack.popLast() {
            rows.append(id)
            if open[id] { stack.append(contentsOf: collection.nodes[id].children.reversed()) }
        }
        return rows
    }

    /// Row index of the cursor among `rows`, the visible rows (`visibleRows(in:)`).
    func cursorRow(in rows: [Int]) -> Int {
        rows.firstIndex(of: cursor) ?? 0
    }

    /// Expands every ancestor of `node` so that it is visible, and selects it.
    public mutating func reveal(_ node: Int, in collection: CardCollection) {
        var parent = collection.nodes[node].parent
        while let id = parent {
            expanded.insert(id)
            parent = collection.nodes[id].parent
        }
        cursor = node
    }

    /// Adjusts `scroll` so the cursor row is inside a window of `height` rows.
    /// `rows`, when given, are `visibleRows(in: collection)` already made.
    public mutating func keepCursorVisible(height: Int, in collection: CardCollection, rows: [Int]? = nil) {
        let rows = rows ?? visibleRows(in: collection)
        scroll = Self.scroll(scroll, keeping: cursorRow(in: rows), visible: height, count: rows.count)
    }

    /// A scroll offset that shows `row` in a window of `visible` rows over `count` rows.
    static func scroll(_ current: Int, keeping row: Int, visible: Int, count: Int) -> Int {
        guard visible > 0 else { return 0 }
        var offset = current
        if row < offset { offset = row }
        if row >= offset + visible { offset = row - visible + 1 }
        offset = min(offset, max(0, count - visible))
        return max(0, offset)
    }
}
