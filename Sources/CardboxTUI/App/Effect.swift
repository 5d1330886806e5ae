import CardboxEngine
import Foundation

/// Work `update` asks the caller to do: store or remove a review, hand the terminal to an editor,
/// open a link, or quit. Each carries everything
/// the store needs; when carrying one out fails, the caller sends it back in `Action.effectFailed`.
public enum Effect: Hashable, Sendable {
    /// Append this answer to the review log (before the next card is shown), with the card's
    /// normalized question, which is stored beside its state.
    case persist(Review, question: String)
    /// Delete this answer from the review log (undo).
    case removeReview(Review)
    /// Suspend (true) or unsuspend the card, at this time.
    case setSuspended(CardID, Bool, at: Date)
    /// Allow this many more new cards on this study day.
    case addNewCards(Int, studyDay: Int)
    /// Read the card's review log for its details; answered with `Action.historyLoaded`.
    case loadHistory(CardID)
    /// Keep the tree's expanded topics and selection for the next run (the terminal loop asks for it
    /// as the app ends, however it ends).
    case rememberTree(TreeMemory)
    /// Hand the terminal to the user's editor at this card's file and line, then take it back and
    /// answer with `Action.editorFinished`.
    case edit(EditedCard)
    /// Open a link or an image outside the terminal, detached (`o`); answered with `Action.openFinished`.
    case open(OpenTarget)
    /// Build the search index of these decks (`AppState.decksVersion`) off the UI thread; answered with
    /// `Action.searchIndexed`. Until then a query reads every card's text.
    case indexSearch(decksVersion: Int)
    /// Leave the app.
    case quit
}
