import CardboxEngine

/// Work `update` asks the caller to do: store or remove a review, or quit. Each carries everything
/// the store needs; when carrying one out fails, the caller sends it back in `Action.effectFailed`.
public enum Effect: Hashable, Sendable {
    /// Append this answer to the review log (before the next card is shown), with the card's
    /// normalized question, which is stored beside its state.
    case persist(Review, question: String)
    /// Delete this answer from the review log (undo).
    case removeReview(Review)
    /// Leave the app.
    case quit
}
