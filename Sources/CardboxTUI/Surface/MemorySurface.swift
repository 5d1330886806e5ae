/// A `Surface` held in memory: what tests and headless rendering draw into, and the frame the
/// terminal compares against to write only changed cells.
///
/// Cells are kept packed, twelve bytes each with nothing to count references of: a character of one
/// Unicode scalar (nearly every cell) is kept as the scalar, a longer cluster and a link's address
/// by a number into tables of their own. So a frame of 200×60 is made, filled and copied as plain
/// memory; `cell(x:y:)` gives the cell back as a `Cell`.
public struct MemorySurface: Surface, Hashable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    private var cells: [Packed]
    /// The texts of cells that are not one scalar, by number, and each text's number.
    private var clusters: [String] = []
    private var clusterNumbers: [String: UInt32] = [:]
    /// The link addresses of cells, by number less one, and each address's number.
    private var links: [String] = []
    private var linkNumbers: [String: UInt32] = [:]

    /// One cell: its text (a scalar's value, `empty`, or `cluster` and a number into `clusters`), its
    /// link (0 for none, else a number into `links` plus one), style bits and width.
    struct Packed: Hashable {
        var text: UInt32
        var link: UInt32
        var style: UInt16
        var width: UInt8

        static let empty: UInt32 = 0xFFFF_FFFF
        static let cluster: UInt32 = 0x8000_0000
        static let blank = Packed(text: 0x20, link: 0, style: 0, width: 1)

        var isContinuation: Bool { width == 0 }
        /// True when the text and link are in the cell itself, so equal bits mean equal cells.
        var isSelfContained: Bool { link == 0 && (text == Self.empty || text & Self.cluster == 0) }
    }

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public func cell(x: Int, y: Int) -> Cell { unpack(cells[y * width + x]) }

    /// What the terminal needs of cell (`x`, `y`) without making a `Cell`: its width, its character
    /// when that is one scalar from U+0020 on in one column (else 0), and its style bits (`bits`).
    func drawingInfo(x: Int, y: Int) -> (width: Int, scalar: UInt32, style: UInt16) {
        let cell = cells[y * width + x]
        let single = cell.width == 1 && cell.text >= 0x20 && cell.text & Packed.cluster == 0
        return (Int(cell.width), single ? cell.text : 0, cell.style)
    }

    /// The address cell (`x`, `y`) links to, without making the whole cell.
    func link(x: Int, y: Int) -> String? {
        let link = cells[y * width + x].link
        return link == 0 ? nil : links[Int(link - 1)]
    }

    /// True when cell (`x`, `y`) is the same here and in `other` (same position, any sizes that hold it).
    func sameCell(x: Int, y: Int, in other: MemorySurface) -> Bool {
        let mine = cells[y * width + x]
        let theirs = other.cells[y * other.width + x]
        if mine.isSelfContained && theirs.isSelfContained { return mine == theirs }
        return unpack(mine) == other.unpack(theirs)
    }

    /// Sets a cell and repairs neighbours so that no half of a wide character is left behind.
    public mutating func setCell(x: Int, y: Int, _ cell: Cell) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        set(x: x, y: y, pack(cell))
    }

    /// `setCell` for a cell of one scalar, without making a `Cell`.
    public mutating func setCell(
        x: Int, y: Int, scalar: Unicode.Scalar, width cellWidth: Int, style: CellStyle, link: String?
    ) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        set(
            x: x, y: y,
            Packed(
                text: scalar.value, link: number(ofLink: link), style: Self.bits(style), width: UInt8(cellWidth)))
    }

    public mutating func fillCells(_ rect: Rect, with character: Character, style: CellStyle) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        let cell = pack(Cell(String(character), width: 1, style: style))
        let width = width
        cells.withUnsafeMutableBufferPointer { cells in
            for y in area.y..<area.maxY {
                guard cell.width == 1 else {
                    for x in area.x..<area.maxX { Self.set(x: x, y: y, cell, in: cells, width: width) }
                    continue
                }
                Self.mendEnds(of: y, from: area.x, to: area.maxX, in: cells, width: width)
                (cells.baseAddress! + y * width + area.x).update(repeating: cell, count: area.width)
            }
        }
    }

    public mutating func putASCII(
        _ text: String, x: Int, y: Int, style: CellStyle, area: Rect, link: String?
    ) -> Int {
        let area = area.intersection(bounds)
        var column = x
        guard y >= area.y, y < area.maxY else { return x + DisplayWidth.width(of: text) }
        var cell = Packed(text: 0x20, link: number(ofLink: link), style: Self.bits(style), width: 1)
        let width = width
        cells.withUnsafeMutableBufferPointer { cells in
            for byte in text.utf8 {
                guard byte >= 0x20 && byte != 0x7F || byte == 0x09 else { continue }
                if column >= area.maxX { break }
                if column >= area.x {
                    cell.text = UInt32(byte == 0x09 ? 0x20 : byte)
                    Self.set(x: column, y: y, cell, in: cells, width: width)
                }
                column += 1
            }
        }
        return column
    }

    /// The cells of `rect` (clipped to the surface) as a surface of `rect`'s size, links and longer
    /// clusters included: what `paste` writes back, here or into another surface.
    public func snapshot(of rect: Rect) -> MemorySurface {
        var copy = MemorySurface(width: rect.width, height: rect.height)
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return copy }
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX {
                let cell = cells[y * width + x]
                let target = (y - rect.y) * copy.width + (x - rect.x)
                copy.cells[target] = cell.isSelfContained ? cell : copy.pack(unpack(cell))
            }
        }
        return copy
    }

    /// Writes every cell of `snapshot` with its top-left corner at (`x`, `y`), clipped to this
    /// surface, as `setCell` would write them one by one.
    public mutating func paste(_ snapshot: MemorySurface, x: Int, y: Int) {
        let area = Rect(x: x, y: y, width: snapshot.width, height: snapshot.height).intersection(bounds)
        guard !area.isEmpty else { return }
        let width = width
        guard snapshot.clusters.isEmpty, snapshot.links.isEmpty else {
            // Cells that hold a number into the snapshot's tables get numbers of this surface's.
            for row in area.y..<area.maxY {
                for column in area.x..<area.maxX {
                    let cell = snapshot.cells[(row - y) * snapshot.width + (column - x)]
                    set(x: column, y: row, cell.isSelfContained ? cell : pack(snapshot.unpack(cell)))
                }
            }
            return
        }
        snapshot.cells.withUnsafeBufferPointer { source in
            cells.withUnsafeMutableBufferPointer { cells in
                for row in area.y..<area.maxY {
                    let start = (row - y) * snapshot.width - x
                    guard Self.allNarrow(source, from: start + area.x, to: start + area.maxX) else {
                        for column in area.x..<area.maxX {
                            Self.set(x: column, y: row, source[start + column], in: cells, width: width)
                        }
                        continue
                    }
                    Self.mendEnds(of: row, from: area.x, to: area.maxX, in: cells, width: width)
                    (cells.baseAddress! + row * width + area.x).update(
                        from: source.baseAddress! + start + area.x, count: area.width)
                }
            }
        }
    }

    /// Before one-column cells are written over columns `from..<to` of row `y`: blanks the other
    /// half of a wide character cut by either end, as `set` does writing them left to right (inside,
    /// `set` only writes each cell: each half it would mend is written over next).
    @inline(__always)
    private static func mendEnds(
        of y: Int, from: Int, to: Int, in cells: UnsafeMutableBufferPointer<Packed>, width: Int
    ) {
        guard from < to else { return }
        let first = y * width + from
        let last = y * width + to - 1
        if cells[first].isContinuation, from > 0 {
            cells[first - 1] = Packed(text: 0x20, link: 0, style: cells[first - 1].style, width: 1)
        }
        if cells[last].width == 2, to < width, cells[last + 1].isContinuation {
            cells[last + 1] = Packed(text: 0x20, link: 0, style: cells[last].style, width: 1)
        }
    }

    /// True when every cell of `cells[from..<to]` is one column wide (no wide character, no continuation).
    @inline(__always)
    private static func allNarrow(_ cells: UnsafeBufferPointer<Packed>, from: Int, to: Int) -> Bool {
        var index = from
        while index < to {
            if cells[index].width != 1 { return false }
            index += 1
        }
        return true
    }

    private mutating func set(x: Int, y: Int, _ cell: Packed) {
        let width = width
        cells.withUnsafeMutableBufferPointer { Self.set(x: x, y: y, cell, in: $0, width: width) }
    }

    /// Sets cell (`x`, `y`) of `cells`, rows of `width`, keeping wide characters whole.
    @inline(__always)
    private static func set(x: Int, y: Int, _ cell: Packed, in cells: UnsafeMutableBufferPointer<Packed>, width: Int) {
        let index = y * width + x
        let old = cells[index]
        // Overwriting the continuation of a wide character: blank its first half.
        if old.isContinuation, !cell.isContinuation, x > 0 {
            cells[index - 1] = Packed(text: 0x20, link: 0, style: cells[index - 1].style, width: 1)
        }
        // Overwriting the first half of a wide character with something narrow: blank the second half.
        if old.width == 2, cell.width != 2, x + 1 < width, cells[index + 1].isContinuation {
            cells[index + 1] = Packed(text: 0x20, link: 0, style: old.style, width: 1)
        }
        if cell.width == 2, x + 1 >= width {
            cells[index] = Packed(text: 0x20, link: 0, style: cell.style, width: 1)
            return
        }
        if cell.isContinuation, x == 0 || cells[index - 1].width != 2 {
            cells[index] = Packed(text: 0x20, link: 0, style: cell.style, width: 1)
            return
        }
        cells[index] = cell
    }

    private mutating func pack(_ cell: Cell) -> Packed {
        var scalars = cell.text.unicodeScalars.makeIterator()
        let text: UInt32
        if let first = scalars.next() {
            if scalars.next() == nil {
                text = first.value
            } else if let known = clusterNumbers[cell.text] {
                text = Packed.cluster | known
            } else {
                let number = UInt32(clusters.count)
                clusters.append(cell.text)
                clusterNumbers[cell.text] = number
                text = Packed.cluster | number
            }
        } else {
            text = Packed.empty
        }
        return Packed(
            text: text, link: number(ofLink: cell.link), style: Self.bits(cell.style),
            width: UInt8(clamping: max(0, cell.width)))
    }

    private mutating func number(ofLink link: String?) -> UInt32 {
        guard let link else { return 0 }
        if let known = linkNumbers[link] { return known }
        links.append(link)
        let number = UInt32(links.count)
        linkNumbers[link] = number
        return number
    }

    private func unpack(_ packed: Packed) -> Cell {
        let text: String
        if packed.text == Packed.empty {
            text = ""
        } else if packed.text & Packed.cluster != 0 {
            text = clusters[Int(packed.text & ~Packed.cluster)]
        } else if packed.text < 0x80 {
            text = Cell.asciiText[Int(packed.text)]
        } else {
            text = Unicode.Scalar(packed.text).map { String(Character($0)) } ?? ""
        }
        return Cell(
            text, width: Int(packed.width), style: Self.style(packed.style),
            link: packed.link == 0 ? nil : links[Int(packed.link - 1)])
    }

    /// A style in 12 bits: foreground and background (4 bits each), then bold, underline, reverse, dim.
    static func bits(_ style: CellStyle) -> UInt16 {
        UInt16(style.foreground.rawValue + 1) | UInt16(style.background.rawValue + 1) << 4
            | (style.bold ? 1 << 8 : 0) | (style.underline ? 1 << 9 : 0) | (style.reverse ? 1 << 10 : 0)
            | (style.dim ? 1 << 11 : 0)
    }

    static func style(_ bits: UInt16) -> CellStyle {
        CellStyle(
            foreground: TerminalColor(rawValue: Int(bits & 0xF) - 1) ?? .default,
            background: TerminalColor(rawValue: Int(bits >> 4 & 0xF) - 1) ?? .default,
            bold: bits & 1 << 8 != 0, underline: bits & 1 << 9 != 0, reverse: bits & 1 << 10 != 0,
            dim: bits & 1 << 11 != 0)
    }

    /// The screen as lines of text (wide characters once, continuations dropped), trailing spaces trimmed.
    public func lines() -> [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width {
                let cell = cells[y * width + x]
                if !cell.isContinuation { line += unpack(cell).text }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    /// The screen as text: `lines()` joined with newlines.
    public func text() -> String { lines().joined(separator: "\n") }

    /// Surfaces are equal when they have the same size and the same cells, however they are packed.
    public static func == (lhs: MemorySurface, rhs: MemorySurface) -> Bool {
        guard lhs.width == rhs.width, lhs.height == rhs.height else { return false }
        for y in 0..<lhs.height {
            for x in 0..<lhs.width where !lhs.sameCell(x: x, y: y, in: rhs) { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(width)
        hasher.combine(height)
        for cell in cells {
            if cell.isSelfContained {
                hasher.combine(cell)
            } else {
                hasher.combine(unpack(cell))
            }
        }
    }
}
