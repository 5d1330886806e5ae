/// The characters the UI draws with: box-drawing in a UTF-8 locale, plain ASCII otherwise.
public struct Glyphs: Hashable, Sendable {
    /// The eight pieces of a box border.
    public struct Box: Hashable, Sendable {
        public var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: String
        /// Junctions where a horizontal separator meets the left and right edges.
        public var teeLeft, teeRight: String
    }

    public var box: Box
    /// The border of the focused pane (heavier, so focus shows even without colour).
    public var focusedBox: Box
    public var expanded: String
    public var collapsed: String
    public var leaf: String
    /// Marks the selected row, so the selection shows even without colour or reverse video.
    public var pointer: String
    public var barFull: String
    public var barEmpty: String
    /// Block used for the box histogram in the topic summary and statistics.
    public var histogram: String
    public var bullet: String
    public var ellipsis: String
    public var times: String
    public var dash: String
    public var pathSeparator: String
    /// Shown for a zero count so non-zero numbers stand out.
    public var zero: String
    /// Between items of a list on one line, e.g. "8 cards · 5 new".
    public var listSeparator: String
    public var moreBelow: String
    public var moreAbove: String
    public var cursor: String
    public var check: String
    public var cross: String
    public var up: String
    public var down: String
    public var left: String
    public var right: String

    /// `text` with the typographic characters the app writes itself (arrows, quotes, dashes, dots)
    /// spelled in ASCII when this glyph set is ASCII; unchanged otherwise.
    public func plain(_ text: String) -> String {
        guard self == .ascii else { return text }
        var result = ""
        for character in text {
            switch character {
            case "→": result += "->"
            case "←": result += "<-"
            case "“", "”": result += "\""
            case "‘", "’": result += "'"
            case "—", "–": result += "-"
            case "·": result += "-"
            case "…": result += "..."
            case "×": result += "x"
            case "›": result += ">"
            default: result.append(character)
            }
        }
        return result
    }

    /// Box-drawing and symbol characters for UTF-8 terminals.
    public static let unicode = Glyphs(
        box: Box(
            horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
            teeLeft: "├", teeRight: "┤"),
        focusedBox: Box(
            horizontal: "━", vertical: "┃", topLeft: "┏", topRight: "┓", bottomLeft: "┗", bottomRight: "┛",
            teeLeft: "┣", teeRight: "┫"),
        expanded: "▾", collapsed: "▸", leaf: " ", pointer: "›", barFull: "▰", barEmpty: "▱", histogram: "█",
        bullet: "•",
        ellipsis: "…", times: "×", dash: "—", pathSeparator: "›", zero: "·", listSeparator: " · ",
        moreBelow: "▼",
        moreAbove: "▲", cursor: "▏", check: "✓", cross: "✗", up: "↑", down: "↓", left: "←", right: "→")

    /// Plain ASCII for terminals without a UTF-8 locale.
    public static let ascii = Glyphs(
        box: Box(
            horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
            teeLeft: "+", teeRight: "+"),
        focusedBox: Box(
            horizontal: "=", vertical: "#", topLeft: "#", topRight: "#", bottomLeft: "#", bottomRight: "#",
            teeLeft: "#", teeRight: "#"),
        expanded: "-", collapsed: "+", leaf: " ", pointer: ">", barFull: "#", barEmpty: ".", histogram: "#",
        bullet: "*",
        ellipsis: "~", times: "x", dash: "-", pathSeparator: ">", zero: ".", listSeparator: ", ",
        moreBelow: "v",
        moreAbove: "^", cursor: "_", check: "+", cross: "x", up: "^", down: "v", left: "<", right: ">")
}
