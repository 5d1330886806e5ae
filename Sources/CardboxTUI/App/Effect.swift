import CardboxEngine

/// Work `update` asks the caller to do: store or remove a review, or quit.
public enum Effect: Hashable, Sendable {
    /// Append this answer to the review log (before the next card is shown).
    case persist(Review)
    /// Delete this answer from the review log (undo).
    case removeReview(Review)
    /// Leave the app.
    case quit
}
