/// How much of the card and answer panes the last frame showed: filled in by the render (as
/// ratatui's stateful widgets keep their scroll state), so that `update` can limit scrolling
/// without wrapping text itself.
public struct Viewport: Hashable, Sendable {
    /// Wrapped lines of the card pane's content, and the rows it had to show them.
    public var cardLines = 0
    public var cardRows = 0
    /// Wrapped lines of the answer pane's content (0 while hidden), and the rows it had.
    public var answerLines = 0
    public var answerRows = 0

    public init(cardLines: Int = 0, cardRows: Int = 0, answerLines: Int = 0, answerRows: Int = 0) {
        self.cardLines = cardLines
        self.cardRows = cardRows
        self.answerLines = answerLines
        self.answerRows = answerRows
    }

    /// The largest useful scroll offset of the card pane.
    public var maxCardScroll: Int { max(0, cardLines - cardRows) }
    /// The largest useful scroll offset of the answer pane.
    public var maxAnswerScroll: Int { max(0, answerLines - answerRows) }
}
