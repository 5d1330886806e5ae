import CardboxEngine

/// Lays out `StyledText` into lines no wider than a given number of cells.
///
/// Paragraphs wrap at spaces (runs of spaces collapse to one) and words longer than the width are
/// broken; list items get their marker and a hanging indent; code blocks keep their lines and
/// hard-wrap them; tables are drawn as grids (`TableLayout`). Blocks are separated by a blank line,
/// except between two list items.
public struct TextWrapper: Sendable {
    /// Replaces the engine's `•` list marker (e.g. with `*` in an ASCII terminal).
    public var bullet: String
    /// Indent of code blocks, in cells.
    public var codeIndent: Int
    /// Draw table grids with ASCII (`+`, `-`, `|`) instead of box-drawing characters.
    public var asciiTables: Bool

    public init(bullet: String = "•", codeIndent: Int = 2, asciiTables: Bool = false) {
        self.bullet = bullet
        self.codeIndent = codeIndent
        self.asciiTables = asciiTables
    }

    /// A wrapper drawing lists and tables with `glyphs`.
    public init(glyphs: Glyphs) {
        self.init(bullet: glyphs.bullet, asciiTables: glyphs == .ascii)
    }

    /// Wraps `text` to `width` cells. A long text is wrapped once per width and remembered
    /// (`WrapMemory`), so drawing the same card again costs no wrapping.
    public func wrap(_ text: StyledText, width: Int) -> [StyledLine] {
        guard width > 0 else { return [] }
        guard WrapMemory.isLong(text) else { return wrapNow(text, width: width) }
        let key = WrapMemory.Key(text: text, width: width, bullet: bullet, codeIndent: codeIndent)
        return WrapMemory.lines(for: key) { wrapNow(text, width: width) }
    }

    private func wrapNow(_ text: StyledText, width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        var previous: TextBlock.Kind?
        var index = 0
        let blocks = text.blocks
        while index < blocks.count {
            let block = blocks[index]
            if let previous, !(previous.isListItem && block.kind.isListItem) {
                lines.append(StyledLine())
            }
            previous = block.kind
            guard case .tableCell = block.kind else {
                lines += wrap(block, width: width)
                index += 1
                continue
            }
            // The cells of one table run until a block that is not a cell or a cell starting a new table.
            var end = index + 1
            while end < blocks.count, case let .tableCell(cell) = blocks[end].kind, cell.row != 0 || cell.column != 0 {
                end += 1
            }
            let table = TableLayout(lines: asciiTables ? .ascii : .unicode, wrapper: self)
            lines += table.layout(blocks[index..<end], width: width)
            index = end
        }
        return lines
    }

    /// Wraps a single unstyled paragraph (used for messages).
    public func wrap(plain: String, style: TextStyle = [], width: Int) -> [StyledLine] {
        wrap(StyledText([TextBlock(.paragraph, [TextSpan(plain, style: style)])]), width: width)
    }

    func wrap(_ block: TextBlock, width: Int) -> [StyledLine] {
        var block = block
        if block.kind != .code { block.spans = LinkAnnotation.annotated(block.spans, dash: asciiTables ? "-" : "—") }
        switch block.kind {
        case .paragraph:
            return wrapWords(block.spans, width: width, firstPrefix: StyledLine(), restIndent: 0)
        case .listItem(let depth, let marker):
            let shown = marker == "•" ? bullet : marker
            let indent = min(2 * depth, max(0, width / 2))
            var prefix = String(repeating: " ", count: indent) + shown + " "
            var prefixWidth = DisplayWidth.width(of: prefix)
            if prefixWidth >= width {
                prefix = ""
                prefixWidth = 0
            }
            return wrapWords(block.spans, width: width, firstPrefix: StyledLine(plain: prefix), restIndent: prefixWidth)
        case .code:
            return wrapCode(block.spans, width: width)
        case .tableCell:
            return TableLayout(lines: asciiTables ? .ascii : .unicode, wrapper: self).layout([block], width: width)
        }
    }

    /// Greedy word wrap. `firstPrefix` starts the first line; later lines are indented by `restIndent`.
    private func wrapWords(_ spans: [TextSpan], width: Int, firstPrefix: StyledLine, restIndent: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        var line = firstPrefix
        var lineWidth = firstPrefix.width
        var lineHasWord = false
        // The style (and link) of a space seen after a word; it is written only when another word
        // follows on the line.
        var pendingSpace: (style: TextStyle, url: String?)?
        let indent = String(repeating: " ", count: restIndent)

        func newLine() {
            line.trimTrailingSpaces()
            lines.append(line)
            line = StyledLine(plain: indent)
            lineWidth = restIndent
            lineHasWord = false
            pendingSpace = nil
        }

        for segment in Self.segments(of: spans) {
            switch segment {
            case .newline:
                newLine()
            case .space(let style, let url):
                if lineHasWord && pendingSpace == nil { pendingSpace = (style, url) }
            case .word(let pieces):
                let wordWidth = pieces.reduce(0) { $0 + DisplayWidth.width(of: $1.character) }
                let needed = wordWidth + (pendingSpace != nil ? 1 : 0)
                if lineHasWord && lineWidth + needed > width {
                    newLine()
                } else if let space = pendingSpace {
                    line.append(" ", style: space.style, url: space.url)
                    lineWidth += 1
                }
                pendingSpace = nil
                for piece in pieces {
                    let w = DisplayWidth.width(of: piece.character)
                    if lineWidth + w > width && lineWidth > restIndent {
                        newLine()
                    }
                    line.append(String(piece.character), style: piece.style, url: piece.url)
                    lineWidth += w
                }
                lineHasWord = true
            }
        }
        line.trimTrailingSpaces()
        if lineHasWord || lines.isEmpty { lines.append(line) }
        return lines
    }

    private func wrapCode(_ spans: [TextSpan], width: Int) -> [StyledLine] {
        let indentWidth = width > codeIndent + 8 ? codeIndent : 0
        let indent = String(repeating: " ", count: indentWidth)
        var lines: [StyledLine] = []
        var line = StyledLine(plain: indent)
        var lineWidth = indentWidth
        for span in spans {
            let style = span.style.union(.code)
            for character in span.text {
                if character == "\n" || character == "\r\n" {
                    lines.append(line)
                    line = StyledLine(plain: indent)
                    lineWidth = indentWidth
                    continue
                }
                let text = character == "\t" ? "    " : String(character)
                let w = DisplayWidth.width(of: text)
                if lineWidth + w > width && lineWidth > indentWidth {
                    lines.append(line)
                    line = StyledLine(plain: indent)
                    lineWidth = indentWidth
                }
                line.append(text, style: style, url: span.url)
                lineWidth += w
            }
        }
        if line.width > indentWidth || lines.isEmpty { lines.append(line) }
        return lines
    }

    private struct Piece {
        var character: Character
        var style: TextStyle
        var url: String?
    }

    private enum Segment {
        case word([Piece])
        case space(TextStyle, String?)
        case newline
    }

    /// Splits styled spans into words (which may cross span boundaries), spaces and hard breaks.
    private static func segments(of spans: [TextSpan]) -> [Segment] {
        var result: [Segment] = []
        var word: [Piece] = []
        func flush() {
            if !word.isEmpty {
                result.append(.word(word))
                word = []
            }
        }
        for span in spans {
            for character in span.text {
                if character == "\n" || character == "\r\n" {
                    flush()
                    result.append(.newline)
                } else if character == " " || character == "\t" {
                    flush()
                    result.append(.space(span.style, span.url))
                } else if character.unicodeScalars.first.map({ $0.value < 0x20 || $0.value == 0x7F }) == true {
                    continue  // other control characters are not printed
                } else {
                    word.append(Piece(character: character, style: span.style, url: span.url))
                }
            }
        }
        flush()
        return result
    }
}

extension TextBlock.Kind {
    var isListItem: Bool {
        if case .listItem = self { return true }
        return false
    }
}
