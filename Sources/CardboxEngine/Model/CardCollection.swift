/// Every deck that was loaded: the topic tree, the cards in tree order, and the problems found.
///
/// Node 0 is the whole collection; its children are the decks, theirs the headings. Cards are
/// stored so that each node's subtree is one contiguous range (`TopicNode.cardRange`).
public struct CardCollection: Sendable {
    public var nodes: [TopicNode] {
        didSet { keysPlainAndDistinct = false }
    }
    public var cards: [Card] {
        didSet { keysPlainAndDistinct = false }
    }
    public var diagnostics: [Diagnostic]
    /// Number of files read.
    public var fileCount: Int
    /// Deck files and folders that were named or found but could not be read (each also has a
    /// diagnostic). Progress of decks that may live there must not be judged from this collection.
    public var unreadable: [String] = []
    /// True when the cards and topics are as `CollectionBuilder` made them, with every key ASCII
    /// without NUL and no two cards of one deck (under one spelling) sharing a key: what matching
    /// stored states to cards byte by byte needs (`StateTableScan.matchInPlace`). Any change to the
    /// cards or topics clears it.
    var keysPlainAndDistinct = false

    public init(nodes: [TopicNode], cards: [Card], diagnostics: [Diagnostic], fileCount: Int) {
        self.nodes = nodes
        self.cards = cards
        self.diagnostics = diagnostics
        self.fileCount = fileCount
    }

    /// An empty collection with only the root node.
    public static let empty = CardCollection(
        nodes: [TopicNode(id: 0, kind: .collection, title: "All decks", depth: 0, parent: nil)],
        cards: [], diagnostics: [], fileCount: 0)

    public var root: TopicNode { nodes[0] }

    /// The decks, in load order.
    public var decks: [TopicNode] { nodes[0].children.map { nodes[$0] } }

    /// Titles from the deck down to `node` (empty for the collection).
    public func path(of node: Int) -> [String] {
        var titles: [String] = []
        var current: Int? = node
        while let id = current, nodes[id].kind != .collection {
            titles.append(nodes[id].title)
            current = nodes[id].parent
        }
        return titles.reversed()
    }

    /// Number of heading topics (decks and the collection not counted).
    public var topicCount: Int { nodes.count { $0.kind == .heading } }

    /// True when at least one diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
