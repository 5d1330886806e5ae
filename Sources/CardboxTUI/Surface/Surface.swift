/// A grid of cells that panes draw into; the terminal flushes one to the screen.
public protocol Surface {
    var width: Int { get }
    var height: Int { get }
    /// The cell at column `x`, row `y` (both in range).
    func cell(x: Int, y: Int) -> Cell
    /// Replaces one cell; implementations keep wide characters whole (see `MemorySurface`).
    mutating func setCell(x: Int, y: Int, _ cell: Cell)
    /// `setCell` with a cell of one Unicode scalar.
    mutating func setCell(x: Int, y: Int, scalar: Unicode.Scalar, width: Int, style: CellStyle, link: String?)
    /// Sets every cell of `rect` (clipped to the surface) to `character` in `style`; `fill` calls it.
    mutating func fillCells(_ rect: Rect, with character: Character, style: CellStyle)
    /// `put` for text of ASCII bytes only: writes the printable ones (a tab as a space) from column
    /// `x` on row `y` (inside `area`), skips other controls; returns the column after the text.
    mutating func putASCII(_ text: String, x: Int, y: Int, style: CellStyle, area: Rect, link: String?) -> Int
    /// The cells of `rect` (clipped to the surface) as a surface of `rect`'s size.
    func snapshot(of rect: Rect) -> MemorySurface
    /// Writes every cell of `snapshot` with its top-left corner at (`x`, `y`), clipped to the surface.
    mutating func paste(_ snapshot: MemorySurface, x: Int, y: Int)
}

extension Surface {
    /// The whole surface as a rectangle.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public mutating func setCell(
        x: Int, y: Int, scalar: Unicode.Scalar, width: Int, style: CellStyle, link: String?
    ) {
        setCell(x: x, y: y, Cell(String(Character(scalar)), width: width, style: style, link: link))
    }

    public mutating func putASCII(
        _ text: String, x: Int, y: Int, style: CellStyle, area: Rect, link: String?
    ) -> Int {
        // Every byte is a character of its own, one cell wide (controls none, a tab a space).
        var column = x
        for byte in text.utf8 {
            guard byte >= 0x20 && byte != 0x7F || byte == 0x09 else { continue }
            if column >= area.maxX { break }
            if column >= area.x {
                setCell(
                    x: column, y: y, scalar: Unicode.Scalar(byte == 0x09 ? 0x20 : byte), width: 1, style: style,
                    link: link)
            }
            column += 1
        }
        return column
    }

    public func snapshot(of rect: Rect) -> MemorySurface {
        var copy = MemorySurface(width: rect.width, height: rect.height)
        let area = rect.intersection(bounds)
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX { copy.setCell(x: x - rect.x, y: y - rect.y, cell(x: x, y: y)) }
        }
        return copy
    }

    public mutating func paste(_ snapshot: MemorySurface, x: Int, y: Int) {
        let area = Rect(x: x, y: y, width: snapshot.width, height: snapshot.height).intersection(bounds)
        for row in area.y..<area.maxY {
            for column in area.x..<area.maxX {
                setCell(x: column, y: row, snapshot.cell(x: column - x, y: row - y))
            }
        }
    }

    /// Fills `rect` (clipped to the surface) with `character` in `style`.
    public mutating func fill(_ rect: Rect, with character: Character = " ", style: CellStyle = .plain) {
        fillCells(rect, with: character, style: style)
    }

    public mutating func fillCells(_ rect: Rect, with character: Character, style: CellStyle) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        let cell = Cell(String(character), width: 1, style: style)
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX {
                setCell(x: x, y: y, cell)
            }
        }
    }

    /// Writes `text` on row `y` from column `x`, clipped to `clip`; returns the column after the text.
    ///
    /// Control characters are skipped, a tab becomes a space, and a wide character that would
    /// straddle the clip edge is replaced by a space.
    @discardableResult
    public mutating func put(
        _ text: String, x: Int, y: Int, style: CellStyle = .plain, clip: Rect? = nil, link: String? = nil
    ) -> Int {
        let area = (clip ?? bounds).intersection(bounds)
        guard y >= area.y, y < area.maxY else { return x + DisplayWidth.width(of: text) }
        var column = x
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return putASCII(text, x: x, y: y, style: style, area: area, link: link)
        }
        if DisplayWidth.isOneScalarPerCharacter(text) {
            // Each scalar is a character of its own: no grapheme breaking needed.
            for scalar in text.unicodeScalars {
                let shown = scalar == "\t" ? " " : scalar
                let w = scalar == "\t" ? 1 : DisplayWidth.width(of: scalar)
                if w == 0 { continue }
                if column >= area.maxX { break }
                if column < area.x {
                    // Partly left of the clip: a wide character cut in half becomes a space.
                    if column + w > area.x { setCell(x: area.x, y: y, Cell(" ", style: style)) }
                    column += w
                    continue
                }
                if column + w > area.maxX {
                    setCell(x: column, y: y, Cell(" ", style: style))
                    column += 1
                    break
                }
                setCell(x: column, y: y, scalar: shown, width: w, style: style, link: link)
                if w == 2 { setCell(x: column + 1, y: y, .continuation(style: style, link: link)) }
                column += w
            }
            return column
        }
        for character in text {
            var shown = String(character)
            var w = DisplayWidth.width(of: character)
            if character == "\t" {
                shown = " "
                w = 1
            }
            if w == 0 { continue }
            if column >= area.maxX { break }
            if column < area.x {
                // Partly left of the clip: a wide character cut in half becomes a space.
                if column + w > area.x { setCell(x: area.x, y: y, Cell(" ", style: style)) }
                column += w
                continue
            }
            if column + w > area.maxX {
                setCell(x: column, y: y, Cell(" ", style: style))
                column += 1
                break
            }
            setCell(x: column, y: y, Cell(shown, width: w, style: style, link: link))
            if w == 2 { setCell(x: column + 1, y: y, .continuation(style: style, link: link)) }
            column += w
        }
        return column
    }

    /// Writes styled runs one after another on row `y`; returns the column after them.
    @discardableResult
    public mutating func put(runs: [(String, CellStyle)], x: Int, y: Int, clip: Rect? = nil) -> Int {
        var column = x
        for (text, style) in runs { column = put(text, x: column, y: y, style: style, clip: clip) }
        return column
    }

    /// Draws a border around `rect` with `title` in the top edge.
    public mutating func drawBox(_ rect: Rect, title: String = "", focused: Bool = false, theme: Theme) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let g = focused ? theme.glyphs.focusedBox : theme.glyphs.box
        let style = theme.style(focused ? .borderFocused : .border)
        if let horizontal = Self.narrowScalar(g.horizontal), let vertical = Self.narrowScalar(g.vertical) {
            // The usual border: one cell per scalar, set directly (as `put` would set it).
            put(g.topLeft, x: rect.x, y: rect.y, style: style)
            put(g.bottomLeft, x: rect.x, y: rect.maxY - 1, style: style)
            for x in (rect.x + 1)..<(rect.maxX - 1) {
                setCell(x: x, y: rect.y, scalar: horizontal, width: 1, style: style, link: nil)
                setCell(x: x, y: rect.maxY - 1, scalar: horizontal, width: 1, style: style, link: nil)
            }
            put(g.topRight, x: rect.maxX - 1, y: rect.y, style: style)
            put(g.bottomRight, x: rect.maxX - 1, y: rect.maxY - 1, style: style)
            for y in (rect.y + 1)..<(rect.maxY - 1) {
                setCell(x: rect.x, y: y, scalar: vertical, width: 1, style: style, link: nil)
                setCell(x: rect.maxX - 1, y: y, scalar: vertical, width: 1, style: style, link: nil)
            }
        } else {
            let horizontal = String(repeating: g.horizontal, count: rect.width - 2)
            put(g.topLeft + horizontal + g.topRight, x: rect.x, y: rect.y, style: style)
            put(g.bottomLeft + horizontal + g.bottomRight, x: rect.x, y: rect.maxY - 1, style: style)
            for y in (rect.y + 1)..<(rect.maxY - 1) {
                put(g.vertical, x: rect.x, y: y, style: style)
                put(g.vertical, x: rect.maxX - 1, y: y, style: style)
            }
        }
        if !title.isEmpty, rect.width > 6 {
            let shown = " " + DisplayWidth.truncate(title, to: rect.width - 6, ellipsis: theme.glyphs.ellipsis) + " "
            put(
                shown, x: rect.x + 2, y: rect.y, style: theme.style(focused ? .titleFocused : .title),
                clip: Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: 1))
        }
    }

    /// Draws `left`, then `fill` repeated, then `right` on row `y` from column `x`, `width` cells in
    /// all: what `put` of the three joined would write, one cell at a time when each is one narrow scalar.
    public mutating func drawRule(
        left: String, fill: String, right: String, x: Int, y: Int, width: Int, style: CellStyle
    ) {
        guard width >= 2, let start = Self.narrowScalar(left), let line = Self.narrowScalar(fill),
            let end = Self.narrowScalar(right)
        else {
            put(left + String(repeating: fill, count: max(0, width - 2)) + right, x: x, y: y, style: style)
            return
        }
        setCell(x: x, y: y, scalar: start, width: 1, style: style, link: nil)
        for column in (x + 1)..<(x + width - 1) {
            setCell(x: column, y: y, scalar: line, width: 1, style: style, link: nil)
        }
        setCell(x: x + width - 1, y: y, scalar: end, width: 1, style: style, link: nil)
    }

    /// The scalar of a one-scalar, one-cell printable glyph; nil for anything else.
    private static func narrowScalar(_ glyph: String) -> Unicode.Scalar? {
        var scalars = glyph.unicodeScalars.makeIterator()
        guard let first = scalars.next(), scalars.next() == nil, first.value >= 0x20, first != "\u{7F}",
            DisplayWidth.isOneScalarPerCharacter(glyph), DisplayWidth.width(of: first) == 1
        else { return nil }
        return first
    }

    /// Writes a label into the bottom edge of a box, right-aligned (e.g. a scroll hint).
    public mutating func putBottomLabel(_ label: String, in rect: Rect, style: CellStyle) {
        guard rect.width > 6, rect.height >= 2, !label.isEmpty else { return }
        let shown = " " + DisplayWidth.truncate(label, to: rect.width - 6) + " "
        let x = rect.maxX - 2 - DisplayWidth.width(of: shown)
        put(
            shown, x: x, y: rect.maxY - 1, style: style,
            clip: Rect(x: rect.x + 1, y: rect.maxY - 1, width: rect.width - 2, height: 1))
    }
}
