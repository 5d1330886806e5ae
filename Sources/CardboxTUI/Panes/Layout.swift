/// Where each pane goes for a given terminal size.
///
/// The tree takes about nine twentieths of the width (at least 24 columns, 18 on narrow screens; at most
/// 60), the card and answer panes split the right side, the status bar is the last row. Below
/// `minWidth`×`minHeight` the screen is too small to lay out.
public struct Layout: Hashable, Sendable {
    public static let minWidth = 40
    public static let minHeight = 12

    public let width: Int
    public let height: Int
    public let tree: Rect
    public let card: Rect
    public let answer: Rect
    public let status: Rect
    /// Everything above the status bar (statistics screen).
    public let main: Rect
    /// The card and answer panes together (summary screen).
    public let right: Rect

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        let mainHeight = max(0, self.height - 1)
        main = Rect(x: 0, y: 0, width: self.width, height: mainHeight)
        status = Rect(x: 0, y: mainHeight, width: self.width, height: self.height > 0 ? 1 : 0)
        let minimumTree = self.width < 60 ? 18 : 24
        let treeWidth = min(60, max(minimumTree, self.width * 9 / 20), self.width)
        tree = Rect(x: 0, y: 0, width: treeWidth, height: mainHeight)
        right = Rect(x: treeWidth, y: 0, width: self.width - treeWidth, height: mainHeight)
        let cardHeight = mainHeight / 2
        card = Rect(x: treeWidth, y: 0, width: self.width - treeWidth, height: cardHeight)
        answer = Rect(x: treeWidth, y: cardHeight, width: self.width - treeWidth, height: mainHeight - cardHeight)
    }

    public var isTooSmall: Bool { width < Self.minWidth || height < Self.minHeight }

    /// Rows of topics the tree shows (inside its border, below its header row).
    public var treeRows: Int { max(0, tree.height - 3) }

    /// The text area inside a pane's border, with one column of padding each side.
    public static func content(of rect: Rect) -> Rect {
        Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
    }

    /// Widest a line of card text is drawn on a wide screen, in columns: longer lines are hard to read.
    public static let readableWidth = 100

    /// `content(of:)`, narrowed to `readableWidth` and centred in the pane.
    public static func readable(_ rect: Rect) -> Rect {
        let content = content(of: rect)
        guard content.width > readableWidth else { return content }
        return Rect(
            x: content.x + (content.width - readableWidth) / 2, y: content.y, width: readableWidth,
            height: content.height)
    }

    /// The session screen: the tree (unless hidden), then the card pane over an answer pane as tall as
    /// `answerLines` of text need (between 5 rows and all but 6 rows of the card pane's).
    public func session(treeHidden: Bool, answerLines: Int?) -> (tree: Rect?, card: Rect, answer: Rect) {
        let area = treeHidden ? main : right
        let wanted = answerLines.map { $0 + 2 } ?? 5
        let answerHeight = min(max(5, wanted), max(3, area.height - 6))
        let cardHeight = max(0, area.height - answerHeight)
        return (
            treeHidden ? nil : tree,
            Rect(x: area.x, y: area.y, width: area.width, height: cardHeight),
            Rect(x: area.x, y: area.y + cardHeight, width: area.width, height: area.height - cardHeight)
        )
    }

    /// The search overlay's box.
    public var search: Rect {
        main.centered(width: min(main.width - 4, 100), height: main.height - 2)
    }

    /// The statistics table's visible rows (inside the border, below the header).
    public var statsRows: Int { max(0, main.height - 3) }
}
