/// Inline attributes a piece of card text carries; the TUI maps them to terminal attributes.
public struct TextStyle: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = TextStyle(rawValue: 1 << 0)
    public static let emphasis = TextStyle(rawValue: 1 << 1)
    public static let code = TextStyle(rawValue: 1 << 2)
    public static let link = TextStyle(rawValue: 1 << 3)
    /// A cloze gap: hidden (`[...]`) on the question side, highlighted on the answer side.
    public static let gap = TextStyle(rawValue: 1 << 4)
    /// `~~struck through~~`.
    public static let strikethrough = TextStyle(rawValue: 1 << 5)
    /// An image's alt text; the span's `url` is the image's path or address.
    public static let image = TextStyle(rawValue: 1 << 6)
    /// Text the app adds to show what the deck holds but cannot draw, such as a link's address; dim.
    public static let annotation = TextStyle(rawValue: 1 << 7)
}

/// A run of text that shares one style (and, for a link or an image, one destination).
public struct TextSpan: Hashable, Sendable {
    public var text: String
    public var style: TextStyle
    /// Where a link points or where an image is, as written, with control characters removed; nil
    /// for other text.
    public var url: String?

    public init(_ text: String, style: TextStyle = [], url: String? = nil) {
        self.text = text
        self.style = style
        self.url = url
    }

    /// Whether `other` can be merged into this span: same style, same destination.
    func continues(_ other: TextSpan) -> Bool { style == other.style && url == other.url }
}

/// How a table column's cells are aligned, from the delimiter row (`:--`, `:-:`, `--:`).
public enum TableAlignment: Hashable, Sendable {
    case none, left, center, right
}

/// Where a table cell sits: cells of one table are consecutive blocks, row by row; a cell at row 0,
/// column 0 starts a new table.
public struct TableCell: Hashable, Sendable {
    /// Row 0 is the header row.
    public var row: Int
    public var column: Int
    /// The table's number of columns.
    public var columns: Int
    public var alignment: TableAlignment

    public init(row: Int, column: Int, columns: Int, alignment: TableAlignment) {
        self.row = row
        self.column = column
        self.columns = columns
        self.alignment = alignment
    }

    public var isHeader: Bool { row == 0 }
}

/// One block of card text: a paragraph, a list item or a code block.
public struct TextBlock: Hashable, Sendable {
    /// What kind of block this is, which decides how it is laid out.
    public enum Kind: Hashable, Sendable {
        case paragraph
        /// A list item; `depth` counts from 0, `marker` is `•` or `1.` and so on.
        case listItem(depth: Int, marker: String)
        /// Preformatted text: lines are kept, never wrapped at spaces.
        case code
        /// One cell of a table (GitHub-flavoured Markdown); the spans are the cell's text.
        case tableCell(TableCell)
    }

    public var kind: Kind
    public var spans: [TextSpan]

    public init(_ kind: Kind, _ spans: [TextSpan]) {
        self.kind = kind
        self.spans = spans
    }

    /// The block's text without styles.
    public var plainText: String {
        var text = ""
        appendPlainText(to: &text)
        return text
    }

    func appendPlainText(to text: inout String) {
        for span in spans { text += span.text }
    }
}

/// Card text as a list of styled blocks, the small rich-text model shared by the engine and the TUI.
public struct StyledText: Hashable, Sendable {
    public var blocks: [TextBlock]

    public init(_ blocks: [TextBlock] = []) { self.blocks = blocks }

    /// A single unstyled paragraph.
    public init(plain: String) { self.blocks = [TextBlock(.paragraph, [TextSpan(plain)])] }

    /// The text without styles, blocks separated by newlines.
    public var plainText: String {
        var text = ""
        text.reserveCapacity(
            blocks.reduce(0) { total, block in block.spans.reduce(total + 1) { $0 + $1.text.utf8.count } })
        for (index, block) in blocks.enumerated() {
            if index > 0 { text += "\n" }
            block.appendPlainText(to: &text)
        }
        return text
    }

    /// True when no block holds any non-whitespace character.
    public var isBlank: Bool {
        !blocks.contains { block in block.spans.contains { $0.text.hasVisibleText } }
    }
}

extension String {
    /// True when the string holds a character that is not white space.
    var hasVisibleText: Bool {
        unicodeScalars.contains { scalar in
            scalar.value < 0x80
                ? !(scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value)) : !scalar.properties.isWhitespace
        }
    }
}
