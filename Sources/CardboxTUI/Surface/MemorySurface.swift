/// A `Surface` held in memory: what tests and headless rendering draw into, and the frame the
/// terminal compares against to write only changed cells.
public struct MemorySurface: Surface, Hashable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    private var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public func cell(x: Int, y: Int) -> Cell { cells[y * width + x] }

    /// Sets a cell and repairs neighbours so that no half of a wide character is left behind.
    public mutating func setCell(x: Int, y: Int, _ cell: Cell) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        let index = y * width + x
        let old = cells[index]
        // Overwriting the continuation of a wide character: blank its first half.
        if old.isContinuation, !cell.isContinuation, x > 0 {
            cells[index - 1] = Cell(" ", style: cells[index - 1].style)
        }
        // Overwriting the first half of a wide character with something narrow: blank the second half.
        if old.width == 2, cell.width != 2, x + 1 < width, cells[index + 1].isContinuation {
            cells[index + 1] = Cell(" ", style: old.style)
        }
        if cell.width == 2, x + 1 >= width {
            cells[index] = Cell(" ", style: cell.style)
            return
        }
        if cell.isContinuation, x == 0 || cells[index - 1].width != 2 {
            cells[index] = Cell(" ", style: cell.style)
            return
        }
        cells[index] = cell
    }

    /// The screen as lines of text (wide characters once, continuations dropped), trailing spaces trimmed.
    public func lines() -> [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width {
                let cell = cells[y * width + x]
                if !cell.isContinuation { line += cell.text }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    /// The screen as text: `lines()` joined with newlines.
    public func text() -> String { lines().joined(separator: "\n") }
}
