/// Makes the linked cells of a drawn frame real hyperlinks: curses knows nothing of OSC 8, so after
/// it has drawn the frame, each run of cells that link to one address is written again, the same
/// characters in the same attributes, between the sequences that open and close the link.
///
/// Cursor addressing is absolute (`CSI row ; column H`) and the attributes end reset (`SGR 0`), so
/// the caller can tell curses where the cursor is and what it looks like afterwards.
enum HyperlinkOverlay {
    /// The bytes that write every link run of `frame` again as a hyperlink; "" when it has none.
    /// `shown` gives the characters curses drew for a cell (nil when it drew a stand-in the overlay
    /// should not repeat: that run is left as curses drew it); `color` whether colours are in use.
    static func bytes(_ frame: MemorySurface, color: Bool, shown: (Cell) -> String?) -> String {
        var out = ""
        for y in 0..<frame.height {
            var x = 0
            while x < frame.width {
                guard let link = frame.link(x: x, y: y) else {
                    x += 1
                    continue
                }
                var end = x
                while end < frame.width, frame.link(x: end, y: y) == link { end += 1 }
                if let run = write(frame, y: y, from: x, to: end, color: color, shown: shown) {
                    out += "\u{1B}[\(y + 1);\(x + 1)H" + Hyperlink.open(link) + run + Hyperlink.close
                }
                x = end
            }
        }
        return out.isEmpty ? "" : out + "\u{1B}[0m"
    }

    /// The cells `from..<to` of row `y` as text with their attributes, or nil when one of them
    /// cannot be repeated.
    private static func write(
        _ frame: MemorySurface, y: Int, from: Int, to: Int, color: Bool, shown: (Cell) -> String?
    ) -> String? {
        var text = ""
        var current: CellStyle?
        for x in from..<to {
            let cell = frame.cell(x: x, y: y)
            if cell.isContinuation { continue }
            guard let characters = shown(cell), characters.unicodeScalars.allSatisfy(isPrintable) else { return nil }
            if current != cell.style {
                text += sgr(cell.style, color: color)
                current = cell.style
            }
            text += characters
        }
        return text
    }

    /// Nothing that could start or end an escape sequence, or move the cursor, is ever repeated.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x20 && !(0x7F...0x9F).contains(scalar.value)
    }

    /// The Select Graphic Rendition sequence for `style`, from a reset.
    static func sgr(_ style: CellStyle, color: Bool) -> String {
        var codes = ["0"]
        if style.bold { codes.append("1") }
        if style.dim { codes.append("2") }
        if style.underline { codes.append("4") }
        if style.reverse { codes.append("7") }
        if color, style.foreground != .default { codes.append(String(30 + style.foreground.rawValue)) }
        if color, style.background != .default { codes.append(String(40 + style.background.rawValue)) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }
}
