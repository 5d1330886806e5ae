import CardboxEngine

/// The search overlay: the query typed so far, the matching cards and the selected hit.
public struct SearchState: Sendable {
    public var query: String = ""
    /// Indices into `collection.cards`, in tree order.
    public var hits = SearchHits([])
    /// Index into `hits` of the selected hit.
    public var selection: Int = 0
    /// First hit row shown.
    public var scroll: Int = 0
    /// The mode to go back to on `Esc`.
    public var previous: Mode
    /// The shorter queries typed on the way to this one, with their hits, last typed last: deleting
    /// a letter goes back to them without searching again.
    var typed: [(query: String, hits: SearchHits)] = []

    public init(previous: Mode) { self.previous = previous }

    /// The card index of the selected hit.
    public var selectedCard: Int? { hits.indices.contains(selection) ? hits[selection] : nil }
}
