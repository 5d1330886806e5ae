import CardboxEngine

/// Lays out one Markdown table as a grid of lines no wider than the given width.
///
/// Columns take their natural width when the table fits. When it does not, the widest columns give
/// up width first and their cells wrap by display width inside the column. When even that leaves a
/// column under `minimumColumn` cells, the table is reflowed cell by cell: each row becomes lines of
/// `header: text`, so nothing is ever cut off.
struct TableLayout {
    /// The characters a grid is drawn with.
    struct Lines: Hashable, Sendable {
        var horizontal, vertical, topLeft, topTee, topRight, leftTee, cross, rightTee, bottomLeft, bottomTee,
            bottomRight: String

        static let unicode = Lines(
            horizontal: "─", vertical: "│", topLeft: "┌", topTee: "┬", topRight: "┐", leftTee: "├", cross: "┼",
            rightTee: "┤", bottomLeft: "└", bottomTee: "┴", bottomRight: "┘")
        static let ascii = Lines(
            horizontal: "-", vertical: "|", topLeft: "+", topTee: "+", topRight: "+", leftTee: "+", cross: "+",
            rightTee: "+", bottomLeft: "+", bottomTee: "+", bottomRight: "+")
    }

    /// A column narrower than this is not worth drawing; the table is reflowed instead.
    static let minimumColumn = 3

    let lines: Lines
    let wrapper: TextWrapper

    /// The table's rows: `rows[r][c]` is the text of the cell at row r, column c (row 0 the header).
    static func rows(of cells: ArraySlice<TextBlock>) -> (rows: [[TextBlock]], alignments: [TableAlignment]) {
        var rows: [[TextBlock]] = []
        var alignments: [TableAlignment] = []
        for block in cells {
            guard case let .tableCell(cell) = block.kind else { continue }
            if cell.column == 0 || rows.isEmpty { rows.append([]) }
            rows[rows.count - 1].append(block)
            if cell.row == 0 { alignments.append(cell.alignment) }
        }
        let columns = rows.map(\.count).max() ?? 0
        while alignments.count < columns { alignments.append(.none) }
        return (rows, alignments)
    }

    func layout(_ cells: ArraySlice<TextBlock>, width: Int) -> [StyledLine] {
        let (rows, alignments) = Self.rows(of: cells)
        let columns = alignments.count
        guard columns > 0, width > 0 else { return [] }
        let natural = (0..<columns).map { column in
            rows.map { row in column < row.count ? StyledLine(row[column].spans).width : 0 }.max() ?? 0
        }
        let overhead = 3 * columns + 1
        guard let widths = Self.columnWidths(natural: natural, available: width - overhead) else {
            return reflow(rows, width: width)
        }
        var out: [StyledLine] = [rule(widths, left: lines.topLeft, middle: lines.topTee, right: lines.topRight)]
        let wrapped = rows.enumerated().map { index, row in
            (0..<columns).map { column -> [StyledLine] in
                guard column < row.count else { return [StyledLine()] }
                let spans = index == 0 ? row[column].spans.map { bolded($0) } : row[column].spans
                let cellLines = wrapper.wrap(TextBlock(.paragraph, spans), width: widths[column])
                return cellLines.isEmpty ? [StyledLine()] : cellLines
            }
        }
        let separateRows = wrapped.dropFirst().contains { row in row.contains { $0.count > 1 } }
        for (index, row) in wrapped.enumerated() {
            if index == 1 || (index > 1 && separateRows) {
                out.append(rule(widths, left: lines.leftTee, middle: lines.cross, right: lines.rightTee))
            }
            let height = row.map(\.count).max() ?? 1
            for lineIndex in 0..<height {
                var line = StyledLine(plain: lines.vertical)
                for column in 0..<columns {
                    let cellLine = lineIndex < row[column].count ? row[column][lineIndex] : StyledLine()
                    let alignment = index == 0 && alignments[column] == .none ? .left : alignments[column]
                    line.append(" ", style: [])
                    append(cellLine, to: &line, width: widths[column], alignment: alignment)
                    line.append(" " + lines.vertical, style: [])
                }
                out.append(line)
            }
        }
        out.append(rule(widths, left: lines.bottomLeft, middle: lines.bottomTee, right: lines.bottomRight))
        return out
    }

    /// Column widths that fit `available` cells, taking width from the widest columns first; nil when
    /// some column would be narrower than `minimumColumn` (or narrower than its text, if that is less).
    static func columnWidths(natural: [Int], available: Int) -> [Int]? {
        let natural = natural.map { max($0, 1) }
        if natural.reduce(0, +) <= available { return natural }
        let floor = natural.map { min($0, minimumColumn) }
        guard floor.reduce(0, +) <= available else { return nil }
        // The largest cap such that the columns, each at most the cap, fit.
        var cap = natural.max() ?? 0
        while cap > minimumColumn && natural.map({ min($0, cap) }).reduce(0, +) > available { cap -= 1 }
        var widths = natural.map { min($0, cap) }
        // Give cells left over by rounding to the columns that were cut, left to right.
        var spare = available - widths.reduce(0, +)
        for index in widths.indices where spare > 0 && widths[index] < natural[index] {
            widths[index] += 1
            spare -= 1
        }
        return widths
    }

    private func rule(_ widths: [Int], left: String, middle: String, right: String) -> StyledLine {
        StyledLine(
            plain: left
                + widths.map { String(repeating: lines.horizontal, count: $0 + 2) }.joined(separator: middle) + right)
    }

    private func bolded(_ span: TextSpan) -> TextSpan {
        TextSpan(span.text, style: span.style.union(.bold), url: span.url)
    }

    private func append(_ cell: StyledLine, to line: inout StyledLine, width: Int, alignment: TableAlignment) {
        let free = max(0, width - cell.width)
        let before: Int
        switch alignment {
        case .right: before = free
        case .center: before = free / 2
        case .none, .left: before = 0
        }
        if before > 0 { line.append(String(repeating: " ", count: before), style: []) }
        for span in cell.spans { line.append(span.text, style: span.style, url: span.url) }
        if free - before > 0 { line.append(String(repeating: " ", count: free - before), style: []) }
    }

    /// The table as text, one row after another: `header: text` per cell, rows separated by a rule.
    private func reflow(_ rows: [[TextBlock]], width: Int) -> [StyledLine] {
        let header = rows.first ?? []
        var out: [StyledLine] = []
        for (index, row) in rows.enumerated().dropFirst() {
            if index > 1 { out.append(StyledLine(plain: String(repeating: lines.horizontal, count: min(width, 8)))) }
            for (column, cell) in row.enumerated() {
                var spans: [TextSpan] = []
                if column < header.count, !header[column].spans.isEmpty {
                    spans = header[column].spans.map { bolded($0) } + [TextSpan(": ", style: .bold)]
                }
                out += wrapper.wrap(TextBlock(.paragraph, spans + cell.spans), width: width)
            }
        }
        if rows.count == 1 {
            // A table with only a header row: its cells, one a line.
            for cell in header {
                out += wrapper.wrap(TextBlock(.paragraph, cell.spans.map { bolded($0) }), width: width)
            }
        }
        return out
    }
}
