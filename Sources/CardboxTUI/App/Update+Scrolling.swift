// Scrolling the card and answer panes, limited by the viewport the last render filled in.
extension AppState {
    /// Scrolls the card pane, or the answer pane when it has the focus.
    mutating func scrollFocusedPane(_ command: Command) {
        let answer = focus == .answer
        let current = answer ? answerScroll : cardScroll
        let page = max(1, (answer ? layout.answer.height : layout.card.height) - 3)
        var next: Int
        switch command {
        case .scrollUp: next = current - 1
        case .scrollDown: next = current + 1
        case .scrollPageUp: next = current - page
        case .scrollPageDown: next = current + page
        case .scrollTop: next = 0
        case .scrollBottom: next = Int.max / 2
        default: return
        }
        next = min(max(0, next), maxScroll(answer: answer))
        if answer { answerScroll = next } else { cardScroll = next }
    }

    /// The largest scroll offset of the answer or the card pane, as the last frame measured it.
    func maxScroll(answer: Bool) -> Int {
        answer ? viewport.maxAnswerScroll : viewport.maxCardScroll
    }

    /// Keeps the tree, statistics and search scroll offsets inside their content after a resize or a
    /// change of content. The card and answer panes are limited when the next frame is drawn
    /// (`Action.rendered`), since only drawing knows how their text wraps.
    mutating func clampScrolling() {
        tree.keepCursorVisible(height: layout.treeRows, in: collection)
        switch mode {
        case .stats(let scroll):
            mode = .stats(scroll: min(scroll, max(0, collection.nodes.count - layout.statsRows)))
        case .search(var search):
            search.scroll = TreeState.scroll(
                search.scroll, keeping: search.selection,
                visible: SearchPane.listRows(layout: layout), count: search.hits.count)
            mode = .search(search)
        default:
            break
        }
    }
}
