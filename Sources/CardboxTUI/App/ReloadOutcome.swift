/// What a reload did to the screen, for the status line.
struct ReloadOutcome {
    /// The card on screen is gone from the decks.
    var shownCardGone: Bool
    /// Cards taken out of the running session because they are gone.
    var removedFromSession: Int
    var added: Int
    var removed: Int
    /// After an edit: whether the edited card was found again.
    var editedFound: Bool?
}
