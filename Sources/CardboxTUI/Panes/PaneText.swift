import CardboxEngine

/// A piece of pane text with the style it is drawn in.
public struct TextRun: Hashable, Sendable {
    public var text: String
    public var style: CellStyle
    /// The web address the text links to, for terminals that can make it a hyperlink (OSC 8).
    public var link: String?

    public init(_ text: String, _ style: CellStyle = .plain, link: String? = nil) {
        self.text = text
        self.style = style
        self.link = link
    }
}

/// Helpers the panes share: styled lines, scrolling text areas, right-aligned columns.
enum PaneText {
    /// A card-text line in the theme's styles, on top of `base`.
    static func runs(_ line: StyledLine, theme: Theme, base: CellStyle = .plain) -> [TextRun] {
        line.spans.map { span in
            TextRun(
                span.text, theme.style(for: span.style, base: base),
                link: span.style.contains(.image) ? nil : span.url.flatMap(Hyperlink.address))
        }
    }

    /// Draws `lines` into `rect` starting at line `scroll`; marks hidden lines in the border of `box`.
    static func draw<S: Surface>(
        _ lines: [[TextRun]], in rect: Rect, scroll: Int, box: Rect?, theme: Theme,
        into surface: inout S
    ) {
        guard !rect.isEmpty else { return }
        let maxScroll = max(0, lines.count - rect.height)
        let offset = min(max(0, scroll), maxScroll)
        for row in 0..<rect.height where offset + row < lines.count {
            var x = rect.x
            for run in lines[offset + row] {
                x = surface.put(run.text, x: x, y: rect.y + row, style: run.style, clip: rect, link: run.link)
            }
        }
        guard let box else { return }
        let below = lines.count - offset - rect.height
        var label = ""
        if offset > 0 { label += "\(theme.glyphs.moreAbove) \(offset)" }
        if below > 0 { label += (label.isEmpty ? "" : "  ") + "\(theme.glyphs.moreBelow) \(below) more" }
        if !label.isEmpty { surface.putBottomLabel(label, in: box, style: theme.style(.muted)) }
    }

    /// `count` as text, or the zero glyph.
    static func number(_ count: Int, theme: Theme) -> String { count == 0 ? theme.glyphs.zero : String(count) }

    /// A mastery bar of `cells` cells for a share in 0...1.
    static func bar(_ share: Double, cells: Int, theme: Theme) -> [TextRun] {
        let filled = min(cells, max(0, Int((share * Double(cells)).rounded())))
        return [
            TextRun(String(repeating: theme.glyphs.barFull, count: filled), theme.style(.barFull)),
            TextRun(String(repeating: theme.glyphs.barEmpty, count: cells - filled), theme.style(.barEmpty)),
        ]
    }

    /// The runs of `line` that fit in `width` cells, the last one cut with an ellipsis.
    static func truncate(_ line: [TextRun], to width: Int, theme: Theme) -> [TextRun] {
        var result: [TextRun] = []
        var used = 0
        for run in line {
            let remaining = width - used
            if remaining <= 0 { break }
            let text = DisplayWidth.truncate(run.text, to: remaining, ellipsis: theme.glyphs.ellipsis)
            result.append(TextRun(text, run.style, link: run.link))
            used += DisplayWidth.width(of: text)
        }
        return result
    }

    /// A line with `left` at the start and `right` flush with `width` (left is cut to make room).
    static func spread(_ left: [TextRun], _ right: [TextRun], width: Int, theme: Theme) -> [TextRun] {
        let rightWidth = right.reduce(0) { $0 + DisplayWidth.width(of: $1.text) }
        var result = truncate(left, to: max(0, width - rightWidth - 2), theme: theme)
        let used = result.reduce(0) { $0 + DisplayWidth.width(of: $1.text) }
        result.append(TextRun(String(repeating: " ", count: max(0, width - used - rightWidth))))
        return result + right
    }

    /// Packs items onto lines of `width`, with `separator` between items on the same line.
    static func pack(_ items: [[TextRun]], separator: TextRun, width: Int) -> [[TextRun]] {
        func cells(_ runs: [TextRun]) -> Int { runs.reduce(0) { $0 + DisplayWidth.width(of: $1.text) } }
        var lines: [[TextRun]] = []
        var line: [TextRun] = []
        for item in items {
            if !line.isEmpty, cells(line) + cells([separator]) + cells(item) > width {
                lines.append(line)
                line = []
            }
            line += (line.isEmpty ? [] : [separator]) + item
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// Percentage text, e.g. "35%".
    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }
}
