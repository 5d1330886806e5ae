/// A node of the topic tree: the whole collection, a deck, or a heading inside a deck.
public struct TopicNode: Hashable, Sendable {
    /// What the node stands for.
    public enum Kind: Hashable, Sendable {
        case collection, deck, heading
    }

    public var id: Int
    public var kind: Kind
    public var title: String
    /// 0 for the collection, 1 for a deck, 2… for headings (a `#` heading is depth 2).
    public var depth: Int
    public var parent: Int?
    public var children: [Int]
    /// The cards of this node's whole subtree: a contiguous range of `CardCollection.cards`.
    public var cardRange: Range<Int>

    public init(
        id: Int, kind: Kind, title: String, depth: Int, parent: Int?, children: [Int] = [],
        cardRange: Range<Int> = 0..<0
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.depth = depth
        self.parent = parent
        self.children = children
        self.cardRange = cardRange
    }

    public var isLeaf: Bool { children.isEmpty }
}
