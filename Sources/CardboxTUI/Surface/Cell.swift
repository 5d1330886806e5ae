/// One screen cell: a grapheme cluster, how many cells it covers, and its style.
///
/// A wide character (width 2) is followed by a continuation cell (width 0, empty text) that
/// belongs to it; nothing else is ever written into a continuation.
public struct Cell: Hashable, Sendable {
    public var text: String
    /// 1 for a normal cell, 2 for the first cell of a wide character, 0 for its continuation.
    public var width: Int
    public var style: CellStyle
    /// The web address the cell links to (an OSC 8 hyperlink where the terminal has them); nil for
    /// most cells.
    public var link: String?

    public init(_ text: String, width: Int = 1, style: CellStyle = .plain, link: String? = nil) {
        self.text = text
        self.width = width
        self.style = style
        self.link = link
    }

    /// A space in the default style.
    public static let blank = Cell(" ")

    /// The second half of a wide character.
    public static func continuation(style: CellStyle, link: String? = nil) -> Cell {
        Cell("", width: 0, style: style, link: link)
    }

    public var isContinuation: Bool { width == 0 }

    /// The text of each ASCII character, made once: drawing ASCII needs no grapheme breaking.
    static let asciiText: [String] = (0..<128).map { String(Unicode.Scalar(UInt8($0))) }
}
