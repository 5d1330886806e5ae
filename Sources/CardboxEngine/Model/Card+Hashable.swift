extension Card: Hashable {
    /// Cards are equal when they have the same identity, place and text, however the text is held.
    public static func == (lhs: Card, rhs: Card) -> Bool {
        lhs.key == rhs.key && lhs.deck == rhs.deck && lhs.topic == rhs.topic && lhs.kind == rhs.kind
            && lhs.source == rhs.source && lhs.normalizedQuestion == rhs.normalizedQuestion
            && lhs.question == rhs.question && lhs.answer == rhs.answer && lhs.searchText == rhs.searchText
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(key)
        hasher.combine(deck)
        hasher.combine(topic)
    }
}
