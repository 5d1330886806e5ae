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
}

/// A run of text that shares one style.
public struct TextSpan: Hashable, Sendable {
    public var text: String
    public var style: TextStyle

    public init(_ text: String, style: TextStyle = []) {
        self.text = text
        self.style = style
    }
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
