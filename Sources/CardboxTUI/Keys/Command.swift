/// What a key does, by name: `update` dispatches on it, whichever key was pressed.
public enum Command: Hashable, Sendable {
    // Moving a selection or a page: the tree cursor, the statistics page, the search hits.
    case up, down, pageUp, pageDown, first, last
    // Scrolling the focused card or answer pane.
    case scrollUp, scrollDown, scrollPageUp, scrollPageDown, scrollTop, scrollBottom
    // The topic tree.
    case expand, collapse, toggleFold, study, reviewMissed, cram, browse, statistics, closeNotice, quit
    case studyAhead, moreNew
    // A session.
    case reveal, gotIt, missed, undo, previousCard, nextCard, firstCard, lastCard, endSession
    case suspend, cardInfo, toggleTree, editCard, openLink
    // Statistics, search and summary.
    case back, openHit, deleteCharacter, typeCharacter
    // Anywhere.
    case help, search, focusNext, focusPrevious, forceQuit
}
