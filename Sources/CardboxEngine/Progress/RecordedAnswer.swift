/// An answer for the progress store: the log row, and the card's normalized question kept beside
/// its state so that an edited question can find its progress again.
public struct RecordedAnswer: Hashable, Sendable {
    public var review: Review
    public var question: String

    public init(review: Review, question: String) {
        self.review = review
        self.question = question
    }
}
